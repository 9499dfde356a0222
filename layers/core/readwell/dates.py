"""Dates as readers hear them: day first, the month in words, whatever the process locale."""

from __future__ import annotations

from datetime import date, timedelta

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def is_iso_date(value: object) -> bool:
    """Whether `value` is a real date written YYYY-MM-DD (what a date input may hold)."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def human_date(value: str | date) -> str:
    """2010-09-16 -> 16 September 2010: unambiguous when read aloud (strftime's %B follows the locale)."""
    parsed = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def duration_words(length: timedelta) -> str:
    """15 minutes, 1 hour, 2 hours: a whole number of hours in hours, anything else in minutes."""
    minutes = int(length.total_seconds() // 60)
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
