"""Priming a page function before its SnapStart snapshot: it answers a few of its own pages in process.

Routing, the middlewares, the templates, the stylesheet and botocore (through storage/in_process.py, which
answers DynamoDB without the network) all run once, so the snapshot holds them warm. Each priming request
is marked as made in this process (edge/verified.py), so with the edge on the request guard lets it in
without the edge's secret: the real pages are warmed, and no secret is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from readwell.edge import verified
from readwell.snapstart import hooks, made_up_content
from readwell.storage.in_process import answered_in_process


def request_event(path: str) -> dict[str, Any]:
    """An HTTP API (payload 2.0) GET, as API Gateway would send it, marked as made in this process."""
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
        verified.IN_PROCESS_KEY: verified.IN_PROCESS,
    }


def prime(
    resolve: Callable[[dict[str, Any], Any], dict[str, Any]], paths: Sequence[str], forget: Callable[[], None]
) -> None:
    """Register the hooks: answer `paths` before the snapshot, then `forget` (e.g. the metrics they added).

    Each page must answer 200: a refusal or an error page would leave the real page cold, so it fails the
    snapshot instead."""

    def warm() -> None:
        with answered_in_process(made_up_content.ANSWERS):
            statuses = {path: resolve(request_event(path), None)["statusCode"] for path in paths}
        forget()
        if any(status != 200 for status in statuses.values()):
            raise RuntimeError(f"priming failed: {statuses}")

    hooks.register(warm)
