"""When the tracker says that weight loss is worth telling the care team about: the rule as data, in one place.

The standard rule follows the international consensus on cancer cachexia (SOURCE): weight loss of 5% or more
in about six months, or 2% or more when the body mass index is already under 20. The newest weight is compared
with the HIGHEST weight in the window that ends on the newest entry's day, so a loss that began after a gain
still counts from the top. A reader's own threshold (set with their care team) replaces the standard rule.
Plain Python: the entries come from one bounded read of the window (service.recent_entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from readwell.tracker.progress import Entry, bmi
from readwell.tracker.proportions import percent


@dataclass(frozen=True)
class Source:
    citation: str
    doi: str

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.doi}"


SOURCE = Source(
    citation=(
        "Fearon K, et al. Definition and classification of cancer cachexia: an international consensus. "
        "Lancet Oncol. 2011;12(5):489-495"
    ),
    doi="10.1016/S1470-2045(10)70218-7",
)
WINDOW_DAYS = 183  # about six months, up to and including the newest entry's day
STANDARD_PERCENT = Decimal(5)
LOW_BMI_BELOW = Decimal(20)
LOW_BMI_PERCENT = Decimal(2)
# The reader's own threshold: the range the settings form accepts.
OWN_DAYS_FEWEST = 7
OWN_DAYS_MOST = 365
OWN_PERCENT_MOST = Decimal(50)


@dataclass(frozen=True)
class Threshold:
    """A loss that is worth telling the care team about: `percent` or `grams` (one of them) within `days`."""

    days: int
    percent: Decimal | None = None
    grams: int | None = None
    own: bool = False  # the reader set it, in place of the standard rule
    low_bmi: bool = False  # the standard rule's lower threshold, for a BMI under LOW_BMI_BELOW

    def reached(self, loss_grams: int, highest_grams: int) -> bool:
        if self.grams is not None:
            return loss_grams >= self.grams
        assert self.percent is not None  # noqa: S101 - one of the two, by construction  # nosec B101
        return Decimal(loss_grams) * 100 >= self.percent * highest_grams


@dataclass(frozen=True)
class Loss:
    """A loss that reached its threshold: from the highest weight in the window to the newest."""

    highest: Entry
    newest: Entry
    threshold: Threshold

    @property
    def grams(self) -> int:
        return self.highest.grams - self.newest.grams

    @property
    def percent(self) -> Decimal:
        return percent(self.grams, self.highest.grams)


def standard(newest: Entry, height_cm: Decimal | None) -> Threshold:
    """The consensus rule for this reader: 2% when a height is set and the newest weight's BMI (as the tracker
    shows it, to one decimal place) is under 20, else 5%."""
    if height_cm and bmi(newest.grams, height_cm) < LOW_BMI_BELOW:
        return Threshold(WINDOW_DAYS, percent=LOW_BMI_PERCENT, low_bmi=True)
    return Threshold(WINDOW_DAYS, percent=STANDARD_PERCENT)


def first_day(newest_day: str, days: int) -> str:
    """The first day of a window of `days` days that ends on (and includes) `newest_day`."""
    return (date.fromisoformat(newest_day) - timedelta(days=days - 1)).isoformat()


def days_to_read(own: Threshold | None) -> int:
    """How far back the notice and the changes need entries: the longer of the standard window and the reader's."""
    return max(WINDOW_DAYS, own.days if own else 0)


def months_touched(days: int) -> int:
    """The most calendar months a window of `days` days can touch (183 days: 8, say 31 Dec to 1 Jul; a month has
    at least 28 days): how many month items hold it."""
    return -(-(days - 1) // 28) + 1


def check(entries: list[Entry], height_cm: Decimal | None, own: Threshold | None = None) -> Loss | None:
    """The loss to tell the care team about, or None. `entries`: any order, covering at least the window."""
    if not entries:
        return None
    newest = max(entries, key=lambda e: e.day)
    threshold = own or standard(newest, height_cm)
    since = first_day(newest.day, threshold.days)
    window = [e for e in entries if since <= e.day <= newest.day]
    # The most recent of equal highest weights: the dates named then span the loss itself.
    highest = max(window, key=lambda e: (e.grams, e.day))
    if highest.grams <= newest.grams or not threshold.reached(highest.grams - newest.grams, highest.grams):
        return None
    return Loss(highest, newest, threshold)
