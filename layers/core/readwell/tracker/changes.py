"""Change over the last 1, 3 and 6 months, in the reader's unit, as a percentage and in words.

Each period ends on the newest entry's day and starts from the weight as it was on the period's first day: the
last entry on or before that day (or, for a day before the entries read, the first entry inside the period). A
period is shown only when the history reaches back that far (the first entry is on or before the period's first
day), and it names the date it starts from, since a reader may not have weighed on that very day. Six months is
the notice's window (weight_loss.WINDOW_DAYS), so the same bounded read serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

from readwell.dates import human_date
from readwell.tracker import weight_loss
from readwell.tracker.progress import Entry
from readwell.tracker.proportions import in_words, percent, percent_text
from readwell.tracker.units import format_amount

# (what a reader calls it, days ending on the newest entry's day)
PERIODS = (("1 month", 30), ("3 months", 91), ("6 months", weight_loss.WINDOW_DAYS))


@dataclass(frozen=True)
class Change:
    period: str
    since: Entry
    newest: Entry
    unit: str

    @property
    def grams(self) -> int:
        return self.newest.grams - self.since.grams

    @property
    def amount(self) -> str:
        """'Down 1.2 kg (1.6%)', 'Up 0.5 lb (0.3%)', 'No change'."""
        shown = format_amount(self.grams, self.unit)
        if self.grams == 0 or shown.startswith("0.0 "):
            return "No change"
        direction = "Down" if self.grams < 0 else "Up"
        return f"{direction} {shown} ({percent_text(percent(abs(self.grams), self.since.grams))})"

    @property
    def words(self) -> str:
        """The same change in words: 'about 1 kg in every 60 kg'."""
        if self.amount == "No change":
            return "about the same"
        return in_words(percent(abs(self.grams), self.since.grams), self.unit)

    @property
    def sentence(self) -> str:
        return (
            f"Over {self.period}, since {human_date(self.since.day)}: "
            f"{self.amount[0].lower()}{self.amount[1:]}, {self.words}."
        )


def changes(entries: list[Entry], first_ever: Entry | None, unit: str) -> list[Change]:
    """The changes whose period the history reaches back to; `entries` cover at least the longest period."""
    if not entries or first_ever is None:
        return []
    ordered = sorted(entries, key=lambda e: e.day)
    newest = ordered[-1]
    found = []
    for name, days in PERIODS:
        start = weight_loss.first_day(newest.day, days)
        before = [e for e in ordered if e.day <= start]
        since = before[-1] if before else next(e for e in ordered if e.day >= start)
        if first_ever.day <= start and since != newest:
            found.append(Change(name, since, newest, unit))
    return found
