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
    # Set in the tracker's settings (settings.py). A goal_grams without a goal_kind was stored before the goal
    # became a choice: goals.py reads it.
    goal_kind: str | None = None  # steady, gain or lose (goals.KINDS); none stored: no goal
    steady_percent: Decimal | None = None  # the band either side of goal_grams that "steady" allows
    # The reader's own threshold for the weight-loss notice: grams or percent, within alert_days.
    alert_grams: int | None = None
    alert_percent: Decimal | None = None
    alert_days: int | None = None

    def fields(self) -> dict[str, Any]:
        """The profile's stored fields, leaving out the ones not given."""
        return {name: value for name, value in asdict(self).items() if value is not None}

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> Profile:
        def number(name: str, kind: type[int] | type[Decimal]) -> Any:
            value = fields.get(name)
            return kind(str(value)) if value is not None else None

        return cls(
            start_date=str(fields["start_date"]),
            unit=str(fields["unit"]),
            height_cm=number("height_cm", Decimal),
            goal_grams=number("goal_grams", int),
            created=fields.get("created"),
            goal_kind=fields.get("goal_kind"),
            steady_percent=number("steady_percent", Decimal),
            alert_grams=number("alert_grams", int),
            alert_percent=number("alert_percent", Decimal),
            alert_days=number("alert_days", int),
        )
