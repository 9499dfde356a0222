"""A change in weight as a percentage and in words ("about 1 kg in every 20 kg"), in the reader's own unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# The small unit a proportion is told in: stones are too large to count in ("1 st in every 20 st" is over 13 st
# for most adults), so a reader who weighs in stones and pounds hears pounds.
SMALL_UNIT = {"kg": "kg", "lb": "lb", "st": "lb"}
# Up to this percentage a change reads best as "1 in every N"; from it, as "N in every 10".
TENTHS_FROM_PERCENT = Decimal(15)
# Below this a change is "less than 1 in every 200": rounder numbers than "1 in every 371" say the same.
SMALLEST_EVERY = 200
# Up to "1 in every 40" the number is told as it is; beyond it, rounded (to 5, then to 10 past 100): "about 1 in
# every 180" reads more easily than "1 in every 178", and says as much.
EXACT_EVERY_UP_TO = 40


def percent(part: int, whole: int) -> Decimal:
    """`part` as a percentage of `whole`, exactly (Decimal division, no float)."""
    return Decimal(part) * 100 / Decimal(whole)


def percent_text(value: Decimal) -> str:
    """5 -> '5%', 4.94 -> '4.9%', 12.4 -> '12%': one decimal place under 10%, whole numbers above."""
    places = Decimal("0.1") if abs(value) < 10 else Decimal(1)
    shown = value.quantize(places, rounding=ROUND_HALF_UP).normalize()
    return f"{shown:f}%"


def in_words(value: Decimal, unit: str) -> str:
    """A percentage as a proportion of the reader's weight, for readers who find percentages hard."""
    small = SMALL_UNIT[unit]
    size = abs(value)
    if size >= TENTHS_FROM_PERCENT:
        tenths = int((size / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return f"about {tenths} {small} in every 10 {small}"
    every = int((100 / size).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if size else SMALLEST_EVERY + 1
    if every > SMALLEST_EVERY:
        return f"less than 1 {small} in every {SMALLEST_EVERY} {small}"
    if every > EXACT_EVERY_UP_TO:
        step = 5 if every <= 100 else 10
        every = int((Decimal(every) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step
    return f"about 1 {small} in every {every} {small}"
