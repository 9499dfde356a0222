"""A neutral goal: none (the default), keep my weight steady, gain to, or lose to. The reader chooses; the words
"to lose" appear only for a reader who chose "lose to".

A goal weight stored before the goal was a choice (goal_grams with no goal_kind) was typed on the start form,
before any weight: it reads as "lose to" when it is below the tracker's first weight and "gain to" when above,
the direction the reader set out in. Comparing with the first weight, not the latest, keeps that choice stable
as the weight moves past the goal. The stored fields are kept as they are until the reader saves their settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.units import format_amount, format_weight

KINDS = {"none": "No goal", "steady": "Keep my weight steady", "gain": "Gain to a weight", "lose": "Lose to a weight"}
STEADY_PERCENT = Decimal(2)  # the band either side of the weight to keep, unless the reader sets another
STEADY_PERCENT_MOST = Decimal(10)


@dataclass(frozen=True)
class Goal:
    kind: str  # steady, gain or lose
    grams: int
    steady_percent: Decimal = STEADY_PERCENT

    @property
    def band(self) -> tuple[int, int]:
        """The lightest and heaviest weights "steady" allows."""
        spread = int((self.grams * self.steady_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return self.grams - spread, self.grams + spread


def goal(profile: Profile, first: Entry | None) -> Goal | None:
    """The reader's goal, if they have one (an older stored goal read as the module says)."""
    if profile.goal_grams is None or profile.goal_kind == "none":
        return None
    kind = profile.goal_kind
    if kind is None:  # stored before the goal was a choice
        if first is None:
            return None
        kind = "lose" if profile.goal_grams < first.grams else "gain" if profile.goal_grams > first.grams else "steady"
    return Goal(kind, profile.goal_grams, profile.steady_percent or STEADY_PERCENT)


def goal_words(chosen: Goal, unit: str) -> str:
    """What the goal is, in the reader's words."""
    if chosen.kind == "steady":
        low, high = chosen.band
        return (
            f"Keep my weight steady: {format_weight(low, unit)} to {format_weight(high, unit)} "
            f"(within {chosen.steady_percent.normalize():f}% of {format_weight(chosen.grams, unit)})"
        )
    return f"{'Gain' if chosen.kind == 'gain' else 'Lose'} to {format_weight(chosen.grams, unit)}"


def progress_words(chosen: Goal, latest: int, unit: str) -> str:
    """Where the latest weight stands against the goal, neutrally for steady and gain."""
    if chosen.kind == "steady":
        low, high = chosen.band
        if low <= latest <= high:
            return "Your latest weight is within your steady range."
        nearest, side = (low, "below") if latest < low else (high, "above")
        return f"Your latest weight is {format_amount(nearest - latest, unit)} {side} your steady range."
    difference = chosen.grams - latest
    if (chosen.kind == "gain" and difference <= 0) or (chosen.kind == "lose" and difference >= 0):
        return f"You have reached your goal of {format_weight(chosen.grams, unit)}."
    verb = "to gain" if chosen.kind == "gain" else "to lose"
    return f"{format_amount(difference, unit)} {verb} to reach your goal of {format_weight(chosen.grams, unit)}."
