"""View models for the tracker's pages: what each template shows, from the profile, its summary and one page."""

from __future__ import annotations

from typing import Any

from readwell.dates import human_date
from readwell.tracker import changes, chart, goals, notice, progress, settings, weight_loss
from readwell.tracker.forms import is_day
from readwell.tracker.history import Page, Summary
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.units import UNITS, display_number, format_weight, stones_and_pounds

DONE_MESSAGES = {
    "added": "Your entry has been saved.",
    "replaced": "Your entry has been replaced.",
    "updated": "Your entry has been changed.",
    "deleted": "Your entry has been deleted.",
    "opened": "Your tracker is open on this device.",
    "started": "Your tracker has been started.",
    "settings": "Your settings have been saved.",
}


def cursor(raw: str | None) -> str | None:
    """?before= or ?after=, forgiving: anything that is not a date is no cursor (the newest page)."""
    return raw if raw and is_day(raw) else None


def weight_fields(grams: int, unit: str) -> dict[str, str]:
    """A saved weight as the form fields of the reader's unit, for editing."""
    if unit == "st":
        stones, pounds = stones_and_pounds(grams)
        return {"weight_stones": str(stones), "weight_pounds": str(pounds)}
    return {"weight": display_number(grams, unit)}


def tracker(profile: Profile, summary: Summary, page: Page) -> dict[str, Any]:
    """The tracker page: progress from the running summary, the chart, trend and table from this page's entries."""
    unit = profile.unit
    shown_chronological = list(reversed(page.entries))
    last = summary.latest
    view: dict[str, Any] = {
        "unit": unit,
        "unit_name": UNITS[unit],
        "start_date": profile.start_date,
        "entry_count": summary.count,
        # Each date in words once: the table names it three times (the row and the actions' hidden labels).
        "rows": [
            {"day": e.day, "label": human_date(e.day), "weight": format_weight(e.grams, unit)} for e in page.entries
        ],
        "older": page.older,
        "newer": page.newer,
        "chart": chart.chart(shown_chronological),
        "trend": progress.trend_text(shown_chronological, unit),
        "latest": None,
        "change": None,
        "bmi": None,
        "goal": None,
        "goal_text": None,
    }
    chosen = goals.goal(profile, summary.first)
    if chosen is not None:
        view["goal"] = goals.goal_words(chosen, unit)
    if last is not None and summary.first is not None:
        view["latest"] = {"day": last.day, "weight": format_weight(last.grams, unit)}
        view["change"] = progress.change_text(summary.first.grams, last.grams, unit)
        if profile.height_cm:
            value = progress.bmi(last.grams, profile.height_cm)
            view["bmi"] = {"value": value, "band": progress.bmi_band(value)}
        if chosen is not None:
            view["goal_text"] = goals.progress_words(chosen, last.grams, unit)
    if view["chart"] is not None:
        view["chart_labels"] = {
            "high": format_weight(view["chart"].high_grams, unit),
            "low": format_weight(view["chart"].low_grams, unit),
        }
    return view


def care(profile: Profile, summary: Summary, recent: list[Entry]) -> dict[str, Any]:
    """The weight-loss notice (or None) and the 1/3/6-month changes, from the bounded read of recent entries."""
    unit = profile.unit
    loss = weight_loss.check(recent, profile.height_cm, settings.own_threshold(profile))
    return {
        "weight_notice": notice.notice(loss, unit) if loss else None,
        "changes": changes.changes(recent, summary.first, unit),
        "help_path": notice.HELP_PATH,
    }


def chart_words(trend: str, found: list[changes.Change]) -> str:
    """The chart's text alternative: the trend of the entries shown, then the changes in numbers and words."""
    return " ".join([trend, *(change.sentence for change in found)])
