"""How long storage may keep DynamoDB waiting: until shortly before the invocation must answer.

Past its timeout (template.yaml) Lambda stops a function and API Gateway answers with a bare 5xx of its own,
so every wait in storage (an attempt at a call, a pause before a retry) must end in time for our own page.
The handler wrappers (pages/function.py, the publish function) set the deadline from the invocation's
context. Outside an invocation (`make publish`, priming, a test calling a repository) there is no clock to
race: retries are then bounded by their number of tries alone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# Each attempt at a DynamoDB call gives up after these (the client's timeouts, dynamodb.CLIENT_CONFIG). DynamoDB
# answers in milliseconds; seconds mean it is unreachable or hung, and another attempt is the better bet.
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 2.0
ATTEMPT_SECONDS = CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS  # the longest one attempt can take
# Kept back from the invocation's time to render and return the page that says what happened.
ANSWER_SECONDS = 1.0
# What time_left() says outside an invocation: enough for any pause and attempt, so only tries bound retries.
OUTSIDE_INVOCATION_SECONDS = 30.0

_ends_at: ContextVar[float | None] = ContextVar("readwell_storage_deadline", default=None)


@contextmanager
def invocation(context: Any, keep_seconds: float = ANSWER_SECONDS) -> Iterator[None]:
    """Storage's deadline while the block runs: the invocation's remaining time (Lambda's context object)
    less `keep_seconds`. A context without a clock (None: priming) sets no deadline."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    ends = time.monotonic() + remaining() / 1000 - keep_seconds if callable(remaining) else None
    token = _ends_at.set(ends)
    try:
        yield
    finally:
        _ends_at.reset(token)


def time_left() -> float:
    ends = _ends_at.get()
    return OUTSIDE_INVOCATION_SECONDS if ends is None else ends - time.monotonic()


def allows_attempt() -> bool:
    """Whether an attempt at a call would end, even at its slowest, before the deadline."""
    return time_left() >= ATTEMPT_SECONDS


def allows_retry(pause: float) -> bool:
    """Whether a pause and another attempt would still leave time for one more call after them: the page that
    reports a failure may need a read of its own (the tracker's entry form comes back on the tracker's page)."""
    return time_left() >= pause + 2 * ATTEMPT_SECONDS
