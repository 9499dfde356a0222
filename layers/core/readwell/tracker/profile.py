"""A tracker's profile: what the reader chose when starting it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Profile:
    start_date: str  # ISO date: no entry may come before it
    unit: str  # kg, lb or st: how weights are shown and typed
    height_cm: Decimal | None = None  # for BMI
    goal_grams: int | None = None
    created: str | None = None  # ISO timestamp, set when stored

    def fields(self) -> dict[str, Any]:
        """The profile's stored fields, leaving out the ones not given."""
        return {name: value for name, value in asdict(self).items() if value is not None}

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> Profile:
        height, goal = fields.get("height_cm"), fields.get("goal_grams")
        return cls(
            start_date=str(fields["start_date"]),
            unit=str(fields["unit"]),
            height_cm=Decimal(str(height)) if height is not None else None,
            goal_grams=int(goal) if goal is not None else None,
            created=fields.get("created"),
        )
