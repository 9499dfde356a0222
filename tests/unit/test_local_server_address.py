"""The local server hands each request's client address to the gateway, as API Gateway's sourceIp: the
connection's, or, for the browser suite's many readers, the one a named header gives (then not passed on)."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from local.serve.server import make_server


class Seen:
    def __init__(self) -> None:
        self.requests: list[tuple[list[tuple[str, str]], str]] = []

    def __call__(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str) -> Any:
        self.requests.append((headers, source_ip))
        return 200, [("Content-Type", "text/plain")], b"ok"


@contextmanager
def serving(gateway: Any, header: str | None) -> Iterator[str]:
    server = make_server(0, gateway, client_address_header=header)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, headers: dict[str, str]) -> None:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as reply:  # nosec B310
        assert reply.status == 200


def test_the_client_address_is_the_connections_unless_a_named_header_gives_it() -> None:
    seen = Seen()
    with serving(seen, None) as url:
        get(url, {"X-Test-Client-Address": "198.18.0.1"})
    with serving(seen, "x-test-client-address") as url:
        get(url, {"X-Test-Client-Address": "198.18.0.2"})
        get(url, {})
    assert [ip for _, ip in seen.requests] == ["127.0.0.1", "198.18.0.2", "127.0.0.1"]
    named = [[k for k, _ in headers if k.lower() == "x-test-client-address"] for headers, _ in seen.requests]
    assert named == [["X-Test-Client-Address"], [], []]  # passed on only when it is not the address
