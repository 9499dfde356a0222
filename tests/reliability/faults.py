"""Real botocore faults injected at the AWS boundary through the client's own event hooks.

A hook registered first on `before-send` either answers in DynamoDB's place (an error response that
botocore parses into a real ClientError and retries as it would in AWS, or a 200 that did none of the
work), raises a real botocore exception (a timeout) before anything reaches the table, or lets time pass
(a slow answer). Nothing of ours is patched: time is (`virtual_time`), and so is a socket (`silent_endpoint`).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

from tests.support.botocore_replies import RawBody


def error_response(status: int, code: str, url: str = "https://dynamodb.local/") -> AWSResponse:
    """The response DynamoDB sends for an error: JSON with __type and message."""
    return json_response(status, {"__type": _ERROR_TYPE + code, "message": "injected fault"}, url)


def json_response(status: int, body: dict[str, Any], url: str = "https://dynamodb.local/") -> AWSResponse:
    headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault"}
    return AWSResponse(url, status, headers, RawBody(json.dumps(body).encode()))


_ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#"


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


Respond = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]  # request body -> (status, response body)
# A fault meant to last forever gives way after this many answers (`when=lambda n: n <= FOREVER`), so code that
# loops without a bound fails its test with far too many calls instead of hanging it.
FOREVER = 1000


@contextmanager
def answered(
    client: Any, operation: str, respond: Respond, when: Callable[[int], bool] = lambda _attempt: True
) -> Iterator[Fault]:
    """`operation` answered here, in DynamoDB's place, by `respond(request body)` on the attempts `when` selects.

    Against moto's in-process mock the request still reaches moto's own hook as well, so answer writes this
    way only against a moto server over HTTP (tests/reliability/moto_server.py), where nothing is sent.
    """
    seen = Fault()

    def hook(request: Any, **_: Any) -> AWSResponse | None:
        seen.attempts += 1
        if not when(seen.attempts):
            return None
        seen.injected += 1
        status, body = respond(json.loads(request.body or b"{}"))
        return json_response(status, body, request.url)

    event = f"before-send.dynamodb.{operation}"
    client.meta.events.register_first(event, hook)
    try:
        yield seen
    finally:
        client.meta.events.unregister(event, hook)


def nothing_read(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """BatchGetItem's answer when DynamoDB did none of it (throttled): every key back as unprocessed."""
    return 200, {"Responses": {}, "UnprocessedKeys": body["RequestItems"]}


def nothing_written(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """BatchWriteItem's answer when DynamoDB did none of it: every request back as unprocessed."""
    return 200, {"UnprocessedItems": body["RequestItems"]}


def cancelled(reason: str) -> Respond:
    """TransactWriteItems cancelled for `reason` on its first action ("None" for the others: one reason per action,
    as DynamoDB lists them)."""

    def respond(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        reasons = [{"Code": reason, "Message": "injected"}] + [{"Code": "None"}] * (len(body["TransactItems"]) - 1)
        codes = ", ".join(r["Code"] for r in reasons)
        message = f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]"
        return 400, {
            "__type": _ERROR_TYPE + "TransactionCanceledException",
            "Message": message,
            "CancellationReasons": reasons,
        }

    return respond


@dataclass
class VirtualClock:
    """time.monotonic, moved on only by every sleep (recorded, not slept) and by `advance` (a slow answer)."""

    real: Callable[[], float]
    offset: float = 0.0
    sleeps: list[tuple[float, float]] = field(default_factory=list)  # (when, how long)
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.real()

    def monotonic(self) -> float:
        # Only virtual time passes: on a loaded machine the real seconds spent talking to moto would eat the
        # deadline, and how many tries fit would change from run to run.
        return self.started + self.offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append((self.monotonic(), seconds))
        self.offset += seconds

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    @property
    def pauses(self) -> list[float]:
        return [seconds for _, seconds in self.sleeps]


@contextmanager
def virtual_time(monkeypatch: Any) -> Iterator[VirtualClock]:
    """Sleeps recorded, not slept, and the clock moved on by them: whatever reads time.monotonic (the deadline,
    the local Lambda context's remaining time) sees the time pass, as it would in Lambda."""
    clock = VirtualClock(time.monotonic)
    with monkeypatch.context() as patch:
        patch.setattr(time, "monotonic", clock.monotonic)
        patch.setattr(time, "sleep", clock.sleep)
        yield clock


@contextmanager
def slow(client: Any, clock: VirtualClock, seconds: float, operation: str = "") -> Iterator[Fault]:
    """Every request on `client` (or every `operation`) answered `seconds` late in virtual time, then as usual."""
    seen = Fault()

    def hook(**_: Any) -> None:
        seen.attempts += 1
        clock.advance(seconds)

    event = f"before-send.dynamodb.{operation}" if operation else "before-send.dynamodb"
    client.meta.events.register_first(event, hook)
    try:
        yield seen
    finally:
        client.meta.events.unregister(event, hook)


@contextmanager
def silent_endpoint() -> Iterator[str]:
    """A local TCP endpoint that accepts connections (the kernel completes them from its backlog) and never
    answers: DynamoDB hung. Yields its URL."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
