"""Progress in words and numbers: change since start, BMI with its adult band, trend (the goal: goals.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from readwell.dates import human_date
from readwell.tracker.units import format_weight

# Adult BMI bands (WHO / NHS). They are not meant for children, pregnancy, or everyone in treatment.
BMI_BANDS = [
    (Decimal("18.5"), "underweight"),
    (Decimal("25"), "healthy weight"),
    (Decimal("30"), "overweight"),
    (Decimal("40"), "obese"),
]
TOP_BAND = "severely obese"


@dataclass(frozen=True)
class Entry:
    day: str  # ISO date
    grams: int


def bmi(grams: int, height_cm: Decimal) -> Decimal:
    metres = height_cm / 100
    return (Decimal(grams) / 1000 / (metres * metres)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def bmi_band(value: Decimal) -> str:
    for limit, band in BMI_BANDS:
        if value < limit:
            return band
    return TOP_BAND


def change_text(first: int, last: int, unit: str) -> str:
    difference = last - first
    if difference == 0 or format_weight(abs(difference), unit).startswith(("0.0 ", "0 st 0.0 ")):
        return "No change"
    direction = "Down" if difference < 0 else "Up"
    return f"{direction} {format_weight(abs(difference), unit)}"


def trend_text(chronological: list[Entry], unit: str) -> str:
    """One or two sentences that say what the chart shows, for people who cannot see it."""
    if not chronological:
        return "No weights recorded yet."
    first, last = chronological[0], chronological[-1]
    if len(chronological) == 1:
        return f"One weight recorded: {format_weight(first.grams, unit)} on {human_date(first.day)}."
    lightest = min(chronological, key=lambda e: e.grams)
    heaviest = max(chronological, key=lambda e: e.grams)
    change = change_text(first.grams, last.grams, unit).lower()
    movement = "stayed the same" if change == "no change" else f"went {change}"
    return (
        f"{len(chronological)} weights from {human_date(first.day)} to {human_date(last.day)}. "
        f"Your weight {movement}, from {format_weight(first.grams, unit)} to {format_weight(last.grams, unit)}. "
        f"Lowest {format_weight(lightest.grams, unit)}, highest {format_weight(heaviest.grams, unit)}."
    )
