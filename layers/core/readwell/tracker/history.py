"""A tracker's history, read and written in bounded steps.

The running summary (how many entries, the first and the latest) is kept beside the profile and changes
in the same transaction as each entry, so no page and no write ever reads the whole history. Plain
Python: storage keeps it, the service decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry

# No entry before this day: it bounds a tracker at ~1,500 months (one stored item each).
EARLIEST_DAY = date(1900, 1, 1)
PAGE_SIZE = 50  # entries on a tracker page


@dataclass(frozen=True)
class Summary:
    count: int = 0
    first: Entry | None = None  # the oldest entry
    latest: Entry | None = None  # the newest entry

    def adding(self, entry: Entry, replacing: int | None) -> Summary:
        """After `entry` is saved; `replacing` is the weight the day held before, if any."""
        first = entry if self.first is None or entry.day <= self.first.day else self.first
        latest = entry if self.latest is None or entry.day >= self.latest.day else self.latest
        return Summary(self.count + (0 if replacing is not None else 1), first, latest)

    def removing(self, entry: Entry, older: Entry | None, newer: Entry | None) -> Summary:
        """After `entry` is deleted; `older`/`newer` are its nearest neighbours (what may become first or latest)."""
        summary = replace(self, count=self.count - 1)
        if self.first is not None and self.first.day == entry.day:
            summary = replace(summary, first=newer)
        if self.latest is not None and self.latest.day == entry.day:
            summary = replace(summary, latest=older)
        return summary


@dataclass(frozen=True)
class Stored:
    """A tracker's profile as stored: what the reader chose, and the running summary of its entries."""

    profile: Profile
    summary: Summary
    version: int = 0  # moves on every write: a deletion that moves first or latest needs nothing else to have changed
    # While a new recovery code's move is unfinished: the hash of the key its months are still moving from.
    moving_from: str | None = None


def month_of(day: str) -> str:
    """2026-02-17 -> 2026-02: the stored item a day's weight lives in."""
    return day[:7]


@dataclass(frozen=True)
class Page:
    """One page of a tracker: its newest-first window of entries, and where the pages either side begin."""

    entries: list[Entry]  # newest first, at most PAGE_SIZE
    older: str | None = None  # the oldest day shown, when older entries exist
    newer: str | None = None  # the newest day shown, when newer entries exist
