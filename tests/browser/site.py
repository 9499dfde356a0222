"""The site as `make serve` runs it (python -m local.serve: embedded moto, content published), on a free port."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNING = re.compile(r"Readwell is running at (http://127\.0\.0\.1:\d+)/")
# Each browser context is a reader of its own, at an address of its own (browsing.new_context), as readers are:
# the per-address limits (readwell/tracker/rate_limits.py) count them apart, not as one crowd at 127.0.0.1.
CLIENT_ADDRESS_HEADER = "x-test-client-address"
SERVE = [sys.executable, "-m", "local.serve"]


@contextmanager
def running_site(start_timeout: float = 90) -> Iterator[str]:
    """Yield the base URL of a freshly started local server; stop it (Ctrl-C) afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL_DYNAMODB"}
    # The request log goes to a file: a pipe nobody reads would fill up and stall the server.
    with tempfile.NamedTemporaryFile("w+", prefix="readwell-site-", suffix=".log") as log:
        process = subprocess.Popen(
            [*SERVE, "--host", "127.0.0.1", "--port", "0", "--client-address-header", CLIENT_ADDRESS_HEADER],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            found = None
            deadline = time.monotonic() + start_timeout
            while found is None and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.2)
                found = RUNNING.search(Path(log.name).read_text())
            if found is None:
                raise RuntimeError("the local server did not start:\n" + Path(log.name).read_text())
            yield found.group(1)
        finally:
            process.send_signal(2)  # Ctrl-C, as a person stops `make serve`
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
