"""Priming a page function before its SnapStart snapshot: it answers a few of its own pages in process.

Routing, the middlewares, the templates, the stylesheet and botocore (through storage/priming.py, which
answers DynamoDB without the network) all run once, so the snapshot holds them warm.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from readwell.runtime import snapstart
from readwell.storage import priming


def request_event(path: str) -> dict[str, Any]:
    """An HTTP API (payload 2.0) GET, as API Gateway would send it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "priming.invalid", "accept-encoding": "br, gzip", "x-forwarded-proto": "https"},
        "requestContext": {
            "domainName": "priming.invalid",
            "http": {"method": "GET", "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1"},
            "requestId": "priming",
            "routeKey": "$default",
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }


def prime(
    resolve: Callable[[dict[str, Any], Any], dict[str, Any]],
    paths: list[str],
    answers: Mapping[str, priming.Answer] | None = None,
    forget: Callable[[], None] | None = None,
) -> None:
    """Register the hooks: answer `paths` before the snapshot (then `forget`, e.g. the metrics they added);
    after each restore, make a new DynamoDB client (storage/priming.py's refresh)."""

    def warm() -> None:
        with priming.answered_in_process(answers or {}):
            statuses = {path: resolve(request_event(path), None)["statusCode"] for path in paths}
        if forget is not None:
            forget()
        if any(status >= 500 for status in statuses.values()):
            raise RuntimeError(f"priming failed: {statuses}")

    snapstart.hooks(warm, priming.refresh)
