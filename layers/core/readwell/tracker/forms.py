"""The tracker's forms: what the reader typed in, checked, with a message per problem field.

Each check returns the values to save (or None) and the problems; the page is shown again with
the reader's own input when there is any problem, and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from readwell.dates import human_date
from readwell.tracker.history import EARLIEST_DAY
from readwell.tracker.units import (
    InputError,
    Problem,
    parse_date,
    parse_feet_inches,
    parse_height,
    parse_stones,
    parse_unit,
    parse_weight,
)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def errors(self) -> dict[str, str]:
        return {p.field: p.message for p in self.problems}


def is_day(text: str) -> bool:
    """Whether `text` could name a day of a tracker (an address may hold anything)."""
    return bool(_DAY.match(text))


def check_start(form: dict[str, str], today: date) -> Checked:
    """start_date (default today), unit, optional height (cm, or feet and inches). A goal is the reader's choice,
    made later in the settings (settings.py), never asked for at the start."""
    checked = Checked()
    try:
        start = parse_date(form.get("start_date", "") or today.isoformat(), "the start date")
        if start > today:
            raise InputError("The start date must be today or in the past")
        if start < EARLIEST_DAY:
            raise InputError(f"The start date must be on or after {human_date(EARLIEST_DAY)}")
        checked.values["start_date"] = start.isoformat()
    except InputError as error:
        checked.problems.append(Problem("start-date", str(error)))
    unit = form.get("unit", "") or "kg"
    try:
        checked.values["unit"] = parse_unit(unit)
    except InputError as error:
        checked.problems.append(Problem("unit-kg", str(error)))
    _check_height(form, checked)
    return checked


def _check_height(form: dict[str, str], checked: Checked) -> None:
    """Height in centimetres, or in feet and inches (stored as centimetres); never both."""
    in_cm = form.get("height_cm", "").strip()
    in_feet = form.get("height_feet", "").strip() or form.get("height_inches", "").strip()
    try:
        if in_cm and in_feet:
            raise InputError("Give your height in centimetres or in feet and inches, not both")
        if in_cm:
            checked.values["height_cm"] = parse_height(in_cm)
        elif in_feet:
            checked.values["height_cm"] = parse_feet_inches(form.get("height_feet", ""), form.get("height_inches", ""))
    except InputError as error:
        checked.problems.append(Problem("height-cm" if in_cm else "height-feet", str(error)))


def check_entry(form: dict[str, str], unit: str, start_date: str, today: date) -> Checked:
    """date (default today, not in the future, not before the start) and the weight in the reader's unit."""
    checked = Checked()
    try:
        day = parse_date(form.get("date", "") or today.isoformat())
        if day > today:
            raise InputError("The date must be today or in the past")
        if day.isoformat() < start_date:
            raise InputError(f"The date must be on or after your start date, {human_date(start_date)}")
        checked.values["day"] = day.isoformat()
    except InputError as error:
        checked.problems.append(Problem("date", str(error)))
    try:
        if unit == "st":
            checked.values["grams"] = parse_stones(form.get("weight_stones", ""), form.get("weight_pounds", ""))
        else:
            checked.values["grams"] = parse_weight(form.get("weight", ""), unit)
    except InputError as error:
        checked.problems.append(Problem("weight-stones" if unit == "st" else "weight", str(error)))
    return checked


def height_text(value: Decimal | int | float | None) -> str:
    return "" if value is None else f"{Decimal(str(value)).normalize():f}"
