"""Trying again, written once: capped exponential back-off with full jitter, never past the deadline.

Storage asks DynamoDB again in three places, all through this: each call's own attempts (attempts.py), the
keys and items a batch left unprocessed (until_processed), and, in the tracker, a write re-read after
another write got in first. A pause is drawn at random between zero and a ceiling that doubles with each
try up to a cap ("full jitter"), so callers that failed together do not try again in step.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from readwell.storage import deadline
from readwell.storage.errors import Unavailable


@dataclass(frozen=True)
class Backoff:
    first_seconds: float  # the ceiling of the first pause
    longest_seconds: float  # the cap on every ceiling
    tries: int  # the first try included

    def ceiling(self, tries_made: int) -> float:
        return min(self.first_seconds * 2 ** (tries_made - 1), self.longest_seconds)

    def pause(self, tries_made: int) -> float | None:
        """The pause before try `tries_made + 1`; None when every try is spent, or when the pause and another
        attempt would not end in time (deadline.allows_retry)."""
        if tries_made >= self.tries:
            return None
        pause = random.uniform(0, self.ceiling(tries_made))  # noqa: S311  # nosec B311 - jitter, not a secret
        return pause if deadline.allows_retry(pause) else None


# DynamoDB busy for now (throttling, a transaction in the way, a 5xx, no answer): five tries, as botocore's
# standard mode gave each call. A reader is waiting: within about a second the "try again" page, with
# Retry-After, serves them better than a long wait.
BUSY = Backoff(first_seconds=0.1, longest_seconds=0.5, tries=5)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def until_processed(
    send: Callable[[dict[str, Any]], dict[str, Any]], pending: dict[str, Any], leftover: str
) -> Iterator[dict[str, Any]]:
    """Each answer to `send(pending)`, sending again, after a BUSY pause, what it left under `leftover`
    (BatchGetItem's UnprocessedKeys, BatchWriteItem's UnprocessedItems); Unavailable once tries or time run out."""
    tries = 0
    while pending:
        if tries:
            pause = BUSY.pause(tries)
            if pause is None:
                raise Unavailable(f"DynamoDB still left {leftover} after {tries} tries")
            sleep(pause)
        response = send(pending)
        tries += 1
        yield response
        pending = response.get(leftover) or {}
