"""The site the browser suite reads: the local server (tests/support/local_server.py), each browser context a
reader at an address of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.local_server import local_site

# Each browser context is a reader of its own, at an address of its own (browsing.new_context), as readers are:
# the per-address limits (readwell/tracker/rate_limits.py) count them apart, not as one crowd at 127.0.0.1.
CLIENT_ADDRESS_HEADER = "x-test-client-address"


@contextmanager
def running_site() -> Iterator[str]:
    """The base URL of a freshly started local server that trusts CLIENT_ADDRESS_HEADER; stopped afterwards."""
    with local_site("--host", "127.0.0.1", "--port", "0", "--client-address-header", CLIENT_ADDRESS_HEADER) as site:
        yield site.url
