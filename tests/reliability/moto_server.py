"""A moto DynamoDB server over real HTTP on a free loopback port, for tests of concurrent writers.

In-process mocking serialises calls through one Python object; a server makes every thread's
request a separate HTTP exchange, as Lambda instances talking to DynamoDB are.

One correction to moto: DynamoDB executes each request atomically (a transaction is all-or-nothing
and isolated), but moto's server handles requests on threads without isolation: a cancelled
transaction "rolls back" by restoring a copy of the whole table taken when it began (erasing what
other requests committed meanwhile), and concurrent requests have crashed it with "dictionary
changed size during iteration". We hold one lock per DynamoDB request inside the server, so
requests still race each other exactly as in AWS, but each one is atomic as DynamoDB promises.
"""

from __future__ import annotations

import os
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from local.aws import moto_iam
from local.aws.roles import Account, open_account
from tests.support.moto_account import SharedAccount


@contextmanager
def moto_dynamodb_server() -> Iterator[str]:
    """Start the server, point boto3 (and our cached client) at it; yields its URL."""
    from moto.dynamodb.responses import DynamoHandler
    from moto.server import ThreadedMotoServer

    from readwell.storage import dynamodb

    SharedAccount.release_live()  # the server's moto is this process's: the shared account's state would be in it
    moto_iam.install()
    lock = threading.Lock()
    unlocked = DynamoHandler.call_action

    def atomic_call_action(self: Any) -> Any:
        with lock:
            return unlocked(self)

    DynamoHandler.call_action = atomic_call_action  # type: ignore[method-assign]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    previous = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = url
    dynamodb.forget_clients()
    try:
        yield url
    finally:
        server.stop()
        DynamoHandler.call_action = unlocked  # type: ignore[method-assign]
        if previous is None:
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        else:
            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = previous
        dynamodb.forget_clients()


def fresh_account(url: str) -> Account:
    """Empty the server, then the template's tables and function roles again, with IAM enforced."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    return open_account(url)
