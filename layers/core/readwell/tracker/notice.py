"""The words of the weight-loss notice, derived from the rule (weight_loss.py) and the loss it found.

Calm and plain: what changed, over which dates, why it can matter, and one thing to do (tell the care team).
Never advice on food, diet or treatment; never a BMI band.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from readwell.dates import human_date
from readwell.tracker import weight_loss
from readwell.tracker.proportions import in_words, percent_text
from readwell.tracker.units import format_amount

HELP_PATH = "/help"
HEADING = "Tell your care team"


@dataclass(frozen=True)
class Notice:
    heading: str
    what: str  # how much, in the reader's unit, as a percentage and in words, over which dates
    why: str  # why it can matter, and what to do
    rule: str  # which rule found it: the standard one or the reader's own
    source: weight_loss.Source | None  # the standard rule's source; none for the reader's own

    def text(self) -> str:
        """What a reader hears, without the citation (a reference is read differently from prose)."""
        return " ".join((self.heading + ".", self.what, self.why, self.rule))


def _rule_words(threshold: weight_loss.Threshold, unit: str) -> str:
    if threshold.own:
        amount = (
            format_amount(threshold.grams, unit)
            if threshold.grams is not None
            else percent_text(threshold.percent or Decimal(0))
        )
        return (
            f"You asked to see this note when you lose {amount} or more within {threshold.days} days. "
            "This is your own setting, in place of the usual one."
        )
    months = round(weight_loss.WINDOW_DAYS / 30.5)
    usual = percent_text(weight_loss.STANDARD_PERCENT)
    lower = percent_text(weight_loss.LOW_BMI_PERCENT)
    below = weight_loss.LOW_BMI_BELOW
    if threshold.low_bmi:
        return (
            f"We show this note when your weight drops by {lower} or more within {months} months, "
            f"because your body mass index (BMI) is under {below}. For other people it is {usual}."
        )
    return (
        f"We show this note when your weight drops by {usual} or more within {months} months "
        f"({lower} if your body mass index, BMI, is under {below})."
    )


def notice(loss: weight_loss.Loss, unit: str) -> Notice:
    amount = format_amount(loss.grams, unit)
    what = (
        f"Your weight went down by {amount} ({percent_text(loss.percent)}) from "
        f"{human_date(loss.highest.day)} to {human_date(loss.newest.day)}. "
        f"That is {in_words(loss.percent, unit)}."
    )
    why = (
        "Weight loss you did not plan can matter when you are ill or having treatment. "
        "Please tell your care team, such as your doctor, nurse or dietitian."
    )
    own = loss.threshold.own
    return Notice(HEADING, what, why, _rule_words(loss.threshold, unit), None if own else weight_loss.SOURCE)
