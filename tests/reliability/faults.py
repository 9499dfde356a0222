"""Real botocore faults injected at the AWS boundary through the client's own event hooks.

A hook registered first on `before-send` either answers in DynamoDB's place (an error response that
botocore parses into a real ClientError and retries as it would in AWS) or raises a real botocore
exception (a timeout) before anything reaches the table. Nothing of ours is patched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def error_response(status: int, code: str, url: str = "https://dynamodb.local/") -> AWSResponse:
    """The response DynamoDB sends for an error: JSON with __type and message."""
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected fault"}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault"}
    return AWSResponse(url, status, headers, _Raw(body))


THROTTLING = (400, "ThrottlingException")
THROUGHPUT = (400, "ProvisionedThroughputExceededException")
INTERNAL = (500, "InternalServerError")


@dataclass
class Fault:
    attempts: int = 0  # how many times the client tried to send the operation
    injected: int = 0
    log: list[str] = field(default_factory=list)


@contextmanager
def fault(
    client: Any,
    operation: str,
    kind: tuple[int, str] | str,
    when: Callable[[int], bool] = lambda _attempt: True,
) -> Iterator[Fault]:
    """Make `operation` fail on the attempts `when(attempt_number)` selects (1-based, across calls).

    kind is (status, error code) for an error answered in DynamoDB's place, or "timeout" for a
    botocore ReadTimeoutError raised before the request leaves. An answered error still lets the
    request through to moto's own hook, so use it for reads; "timeout" stops writes for real.
    """
    seen = Fault()

    def hook(request: Any, **_: Any) -> AWSResponse | None:
        seen.attempts += 1
        if not when(seen.attempts):
            return None
        seen.injected += 1
        if kind == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url)
        status, code = kind  # type: ignore[misc]
        return error_response(status, code, request.url)

    event = f"before-send.dynamodb.{operation}"
    client.meta.events.register_first(event, hook)
    try:
        yield seen
    finally:
        client.meta.events.unregister(event, hook)


@contextmanager
def recorded_sleeps(monkeypatch: Any) -> Iterator[list[float]]:
    """botocore's retry back-off sleeps, recorded instead of slept (no timing in tests)."""
    import botocore.endpoint

    sleeps: list[float] = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", sleeps.append)
    yield sleeps
