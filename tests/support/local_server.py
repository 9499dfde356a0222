"""The site as `make serve` runs it (`python -m local.serve`: embedded moto, content published), in a process
of its own, stopped with Ctrl-C as a person stops it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNING = re.compile(r"Readwell is running at (http://127\.0\.0\.1:\d+)/")
SERVE = [sys.executable, "-m", "local.serve"]


@dataclass
class Site:
    url: str
    log: Path  # everything the server printed (a file: a pipe nobody reads fills up and stalls the server)
    process: subprocess.Popen[str]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def local_site(*options: str, start_timeout: float = 90, stop_timeout: float = 20) -> Iterator[Site]:
    """A freshly started local server (`options` as on its command line); afterwards it is stopped with Ctrl-C,
    and its exit status is in `site.process.returncode`. A server that does not stop prints its threads' stacks
    (faulthandler, SIGUSR1) and is killed: RuntimeError with what it printed."""
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL_DYNAMODB"}
    with tempfile.TemporaryDirectory(prefix="readwell-site-") as folder:
        log = Path(folder) / "server.log"
        with log.open("w", encoding="utf-8") as written:
            process = subprocess.Popen(
                [*SERVE, *options], cwd=ROOT, env=env, stdout=written, stderr=subprocess.STDOUT, text=True
            )
        try:
            found = None
            deadline = time.monotonic() + start_timeout
            while found is None and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.1)
                found = RUNNING.search(log.read_text(encoding="utf-8", errors="replace"))
            if found is None:
                raise RuntimeError("the local server did not start:\n" + log.read_text(errors="replace"))
            yield Site(found.group(1), log, process)
        finally:
            _stop(process, log, stop_timeout)


def _stop(process: subprocess.Popen[str], log: Path, timeout: float) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # the server prints every thread's stack (faulthandler)
        time.sleep(2)
        process.kill()
        process.wait()
        raise RuntimeError("the server did not stop on Ctrl-C; its threads:\n" + log.read_text()[-6000:]) from None
