"""Weights, heights and dates as people type them, turned into canonical values (grams, ISO dates).

Weights are stored in whole grams whatever unit the reader uses, so changing the display unit
never loses precision and sums never drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNITS = {"kg": "kilograms", "lb": "pounds", "st": "stones and pounds"}
GRAMS_PER_KG = Decimal(1000)
GRAMS_PER_LB = Decimal("453.59237")
POUNDS_PER_STONE = 14
MIN_GRAMS = 20_000
MAX_GRAMS = 500_000
MIN_HEIGHT_CM = Decimal(50)
MAX_HEIGHT_CM = Decimal(272)
_NUMBER = re.compile(r"^-?\d{1,7}(?:[.,]\d{1,7})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InputError(ValueError):
    """A value the reader typed that we cannot accept; the message is shown to them as it is."""


@dataclass(frozen=True)
class Problem:
    field: str  # the id of the input to link to and mark invalid
    message: str


def parse_number(text: str, what: str) -> Decimal:
    """'72.5' or '72,5' -> Decimal('72.5'); anything else is an InputError naming `what`."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise InputError(f"Enter {what}")
    if not _NUMBER.match(cleaned):
        raise InputError(f"Enter {what} as a number, like 72.5")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid numbers
        raise InputError(f"Enter {what} as a number, like 72.5") from error


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _in_range(grams: int, what: str) -> int:
    if grams < MIN_GRAMS:
        raise InputError(f"{what.capitalize()} must be at least 20 kg (44.1 lb or 3 st 2.1 lb)")
    if grams > MAX_GRAMS:
        raise InputError(f"{what.capitalize()} must be at most 500 kg (1,102.3 lb or 78 st 10.3 lb)")
    return grams


def _positive(value: Decimal, what: str) -> Decimal:
    if value <= 0:
        raise InputError(f"{what.capitalize()} must be more than 0")
    return value


def to_grams(value: Decimal, unit: str) -> int:
    per = GRAMS_PER_KG if unit == "kg" else GRAMS_PER_LB
    return int((value * per).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_weight(text: str, unit: str, what: str = "your weight") -> int:
    """A weight typed in kg or lb -> whole grams, within 20-500 kg; at most one decimal place."""
    value = _positive(parse_number(text, what), what)
    if _decimals(value) > 1:
        raise InputError(f"{what.capitalize()} can have at most one decimal place, like 72.5")
    return _in_range(to_grams(value, unit), what)


def parse_stones(stones_text: str, pounds_text: str, what: str = "your weight") -> int:
    """Stones (whole) and pounds (0 to under 14, one decimal place) -> whole grams."""
    stones = parse_number(stones_text, f"{what} in stones")
    pounds = parse_number(pounds_text, f"{what} in pounds") if pounds_text.strip() else Decimal(0)
    if stones < 0 or pounds < 0:
        raise InputError(f"{what.capitalize()} must be more than 0")
    if _decimals(stones) > 0:
        raise InputError("Enter whole stones, and any part of a stone as pounds")
    if _decimals(pounds) > 1 or pounds >= POUNDS_PER_STONE:
        raise InputError("Pounds must be from 0 to 13.9, with at most one decimal place")
    total = _positive(stones * POUNDS_PER_STONE + pounds, what)
    return _in_range(to_grams(total, "lb"), what)


_STONES_TEXT = re.compile(r"^(\d{1,3})\s*(?:st|stone|stones)?[\s,]*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:lb|lbs|pounds?)?)?$")


def parse_weight_text(text: str, unit: str, what: str) -> int:
    """A single-field weight in the reader's unit; for stones, '11 6' or '11 st 6 lb'."""
    if unit != "st":
        return parse_weight(text, unit, what)
    found = _STONES_TEXT.match(text.strip().lower())
    if not found:
        raise InputError(f"Enter {what} as stones then pounds, like 11 6")
    return parse_stones(found.group(1), found.group(2) or "", what)


def parse_height(text: str) -> Decimal:
    """Height in cm, 50 to 272, at most one decimal place."""
    value = parse_number(text, "your height")
    if _decimals(value) > 1:
        raise InputError("Height can have at most one decimal place, like 172.5")
    if not MIN_HEIGHT_CM <= value <= MAX_HEIGHT_CM:
        raise InputError("Height must be between 50 cm and 272 cm")
    return value


CM_PER_INCH = Decimal("2.54")
INCHES_PER_FOOT = 12


def parse_feet_inches(feet_text: str, inches_text: str) -> Decimal:
    """Height in whole feet and inches (0 to under 12, one decimal place) -> centimetres, one decimal place."""
    feet = parse_number(feet_text, "your height in feet")
    inches = parse_number(inches_text, "your height in inches") if inches_text.strip() else Decimal(0)
    if _decimals(feet) > 0:
        raise InputError("Enter whole feet, and any part of a foot as inches")
    if inches < 0 or inches >= INCHES_PER_FOOT or _decimals(inches) > 1:
        raise InputError("Inches must be from 0 to 11.9, with at most one decimal place")
    cm = ((feet * INCHES_PER_FOOT + inches) * CM_PER_INCH).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if not MIN_HEIGHT_CM <= cm <= MAX_HEIGHT_CM:
        raise InputError(f"Height must be between {_feet(MIN_HEIGHT_CM)} and {_feet(MAX_HEIGHT_CM)}")
    return cm


def _feet(cm: Decimal) -> str:
    inches = (cm / CM_PER_INCH).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(inches) // INCHES_PER_FOOT} ft {int(inches) % INCHES_PER_FOOT} in"


def parse_date(text: str, what: str = "the date") -> date:
    """An ISO date (what a date input sends), or an InputError saying what is wrong."""
    cleaned = text.strip()
    if not cleaned:
        raise InputError(f"Enter {what}")
    if not _ISO_DATE.match(cleaned):
        raise InputError(f"Enter {what} as a real date, like 2026-11-25")
    try:
        return date.fromisoformat(cleaned)
    except ValueError as error:
        raise InputError(f"Enter {what} as a real date, like 2026-11-25") from error


def parse_unit(text: str) -> str:
    if text not in UNITS:
        raise InputError("Choose kilograms, pounds, or stones and pounds")
    return text


def stones_and_pounds(grams: int) -> tuple[int, Decimal]:
    pounds = (Decimal(grams) / GRAMS_PER_LB).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    stones = int(pounds // POUNDS_PER_STONE)
    return stones, pounds - stones * POUNDS_PER_STONE


def display_number(grams: int, unit: str) -> str:
    """The number a form shows for a weight (kg or lb, one decimal place)."""
    per = GRAMS_PER_KG if unit == "kg" else GRAMS_PER_LB
    return str((Decimal(grams) / per).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def format_weight(grams: int, unit: str) -> str:
    """Text a person reads (and a screen reader speaks): '72.5 kg', '159.8 lb', '11 st 5.8 lb'."""
    if unit == "st":
        stones, pounds = stones_and_pounds(abs(grams))
        sign = "-" if grams < 0 else ""
        return f"{sign}{stones} st {pounds} lb"
    return f"{display_number(grams, unit)} {unit}"


def format_amount(grams: int, unit: str) -> str:
    """An amount of change (never negative): as format_weight, but under a stone in pounds alone ('11.0 lb',
    not '0 st 11.0 lb')."""
    shown = format_weight(abs(grams), unit)
    return shown.removeprefix("0 st ") if unit == "st" else shown
