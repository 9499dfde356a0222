"""View models for the tracker's pages: what each template shows, worked out from a profile and entries."""

from __future__ import annotations

import math
from typing import Any

from readwell.tracker import chart, progress
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.units import UNITS, display_number, format_weight, stones_and_pounds

PAGE_SIZE = 50
DONE_MESSAGES = {
    "added": "Your entry has been saved.",
    "replaced": "Your entry has been replaced.",
    "updated": "Your entry has been changed.",
    "deleted": "Your entry has been deleted.",
    "opened": "Your tracker is open on this device.",
    "started": "Your tracker has been started.",
}


def page_number(raw: str | None) -> int:
    """?page=N, forgiving: anything that is not a small positive whole number is page 1."""
    if raw and raw.isdigit() and len(raw) < 6:
        return max(int(raw), 1)
    return 1


def weight_fields(grams: int, unit: str) -> dict[str, str]:
    """A saved weight as the form fields of the reader's unit, for editing."""
    if unit == "st":
        stones, pounds = stones_and_pounds(grams)
        return {"weight_stones": str(stones), "weight_pounds": str(pounds)}
    return {"weight": display_number(grams, unit)}


def latest(entries: list[Entry]) -> Entry | None:
    return entries[-1] if entries else None


def tracker(profile: Profile, entries: list[Entry], requested_page: int) -> dict[str, Any]:
    unit = profile.unit
    pages = max(math.ceil(len(entries) / PAGE_SIZE), 1)
    current = min(requested_page, pages)
    newest_first = list(reversed(entries))
    shown = newest_first[(current - 1) * PAGE_SIZE : current * PAGE_SIZE]
    shown_chronological = list(reversed(shown))
    last = latest(entries)
    view: dict[str, Any] = {
        "unit": unit,
        "unit_name": UNITS[unit],
        "start_date": profile.start_date,
        "entry_count": len(entries),
        "rows": [{"day": e.day, "weight": format_weight(e.grams, unit)} for e in shown],
        "page": current,
        "pages": pages,
        "chart": chart.chart(shown_chronological),
        "trend": progress.trend_text(shown_chronological, unit),
        "latest": None,
        "change": None,
        "bmi": None,
        "goal": None,
        "goal_text": None,
    }
    if last is not None:
        view["latest"] = {"day": last.day, "weight": format_weight(last.grams, unit)}
        view["change"] = progress.change_text(entries[0].grams, last.grams, unit)
        if profile.height_cm:
            value = progress.bmi(last.grams, profile.height_cm)
            view["bmi"] = {"value": value, "band": progress.bmi_band(value)}
        if profile.goal_grams:
            view["goal_text"] = progress.goal_text(last.grams, profile.goal_grams, unit)
    if profile.goal_grams:
        view["goal"] = format_weight(profile.goal_grams, unit)
    if view["chart"] is not None:
        view["chart_labels"] = {
            "high": format_weight(view["chart"].high_grams, unit),
            "low": format_weight(view["chart"].low_grams, unit),
        }
    return view


def with_entry(entries: list[Entry], day: str, grams: int | None) -> list[Entry]:
    """The entries after one day is set (or removed when grams is None), oldest first."""
    kept = [e for e in entries if e.day != day]
    return sorted([*kept, Entry(day, grams)] if grams is not None else kept, key=lambda e: e.day)


def find(entries: list[Entry], day: str) -> Entry | None:
    return next((e for e in entries if e.day == day), None)
