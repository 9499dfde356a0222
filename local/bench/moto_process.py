"""moto's DynamoDB in a process of its own, for rows whose storage must not share the measured process's heap."""

from __future__ import annotations

import os
import socket
import subprocess  # nosec B404 - starts our own interpreter with a fixed argument list
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from local.aws.environment import ROOT, is_moto

# The server enforces IAM as the in-process moto does (local/aws/moto_iam.py), so the function runs under its role.
_SERVE = (
    "import sys; from local.aws import moto_iam; moto_iam.install(); from moto.server import main; main(sys.argv[1:])"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_in_another_process() -> Iterator[str]:
    """A moto server in a child process; boto3 is pointed at it for the block. Yields its URL."""
    from readwell.storage import dynamodb

    port = _free_port()
    child = subprocess.Popen(  # nosec B603 - our own interpreter and module
        [sys.executable, "-c", _SERVE, "-H", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    previous = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    try:
        deadline = time.monotonic() + 60
        while not is_moto(url):
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the moto server on port {port} did not start")
            time.sleep(0.2)
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = url
        dynamodb.forget_clients()
        yield url
    finally:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:  # a server busy in a request may not stop when asked: it holds nothing
            child.kill()
            child.wait(timeout=30)
        if previous is None:
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        else:
            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = previous
        dynamodb.forget_clients()
