"""The article widget's view of a tracker, carried in its own small cookie.

An article page must stay one GetItem on the content table and the site function may not read the
tracker table, so the tracker function writes what the widget shows (the latest entry's date and
weight, and the reader's unit) into `rw_tracker_latest`. It is validated on every read: anything
malformed is ignored and the widget shows the start form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from readwell.tracker.units import MAX_GRAMS, MIN_GRAMS, UNITS, format_weight
from readwell.web.cookies import read_cookie

COOKIE = "rw_tracker_latest"
_VALUE = re.compile(r"^(?:(\d{4}-\d{2}-\d{2})_(\d{5,6})_)?(kg|lb|st)$")


@dataclass(frozen=True)
class TrackerSummary:
    day: str | None  # ISO date of the latest entry; None while there are no entries
    grams: int | None
    unit: str

    @property
    def weight(self) -> str:
        return format_weight(self.grams, self.unit) if self.grams is not None else ""


def cookie_value(day: str | None, grams: int | None, unit: str) -> str:
    return f"{day}_{grams}_{unit}" if day is not None and grams is not None else unit


def from_cookies(cookies: list[str] | None) -> TrackerSummary | None:
    """The summary in the request's cookies if present and well formed, else None."""
    found = _VALUE.match(read_cookie(cookies, COOKIE) or "")
    if not found:
        return None
    day, unit = found.group(1), found.group(3)
    if day is None:
        return TrackerSummary(None, None, unit)
    grams = int(found.group(2))
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    if not MIN_GRAMS <= grams <= MAX_GRAMS or unit not in UNITS:
        return None
    return TrackerSummary(day, grams, unit)
