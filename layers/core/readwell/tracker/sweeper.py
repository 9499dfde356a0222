"""Finishing deletions whose reader never came back. A deletion removes the tracker's profile at once and its
months as far as the request's time allows; the rest goes on at the reader's next visit, or here, on a schedule.
Plain Python over any store with these two methods (storage.tracker.TrackerRepository)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from readwell.storage.errors import Unavailable

# Unfinished deletions asked for at a time: one small Query, and more than a schedule's run usually finds.
LISTED = 25


class Deletions(Protocol):
    def unfinished_deletions(self, most: int) -> list[str]: ...
    def delete_months(self, tracker_hash: str, more_time: Callable[[], bool]) -> bool: ...


@dataclass(frozen=True)
class Swept:
    finished: int  # deletions finished by this run
    complete: bool  # True: none is left unfinished; False: time or DynamoDB ran out, the next run goes on


def sweep(store: Deletions, more_time: Callable[[], bool]) -> Swept:
    """Finish unfinished deletions while `more_time()`. DynamoDB busy or the time running out stops the run; what
    is left stays listed, so the next run (or the reader) goes on from there and nothing is half-forgotten."""
    finished = 0
    try:
        while more_time():
            listed = store.unfinished_deletions(LISTED)
            if not listed:
                return Swept(finished, complete=True)
            for tracker_hash in listed:
                if not store.delete_months(tracker_hash, more_time):
                    return Swept(finished, complete=False)
                finished += 1
    except Unavailable:
        pass
    return Swept(finished, complete=False)
