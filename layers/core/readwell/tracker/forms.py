"""The tracker's forms: what the reader typed in, checked, with a message per problem field.

Each check returns the values to save (or None) and the problems; the page is shown again with
the reader's own input when there is any problem, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from readwell.dates import human_date
from readwell.tracker.units import (
    InputError,
    Problem,
    parse_date,
    parse_height,
    parse_stones,
    parse_unit,
    parse_weight,
    parse_weight_text,
)


@dataclass
class Checked:
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def errors(self) -> dict[str, str]:
        return {p.field: p.message for p in self.problems}


def check_start(form: dict[str, str], today: date) -> Checked:
    """start_date (default today), unit, optional height_cm and goal (in the chosen unit)."""
    checked = Checked()
    try:
        start = parse_date(form.get("start_date", "") or today.isoformat(), "the start date")
        if start > today:
            raise InputError("The start date must be today or in the past")
        checked.values["start_date"] = start.isoformat()
    except InputError as error:
        checked.problems.append(Problem("start-date", str(error)))
    unit = form.get("unit", "") or "kg"
    try:
        checked.values["unit"] = parse_unit(unit)
    except InputError as error:
        checked.problems.append(Problem("unit-kg", str(error)))
        unit = "kg"
    if form.get("height_cm", "").strip():
        try:
            checked.values["height_cm"] = parse_height(form["height_cm"])
        except InputError as error:
            checked.problems.append(Problem("height-cm", str(error)))
    if form.get("goal", "").strip():
        try:
            checked.values["goal_grams"] = parse_weight_text(form["goal"], unit, "your goal weight")
        except InputError as error:
            checked.problems.append(Problem("goal", str(error)))
    return checked


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
