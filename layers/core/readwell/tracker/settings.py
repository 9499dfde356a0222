"""The tracker settings form: the goal (goals.py) and the reader's own weight-loss threshold (weight_loss.py).

Checked as a whole: any problem sends the form back with the reader's input and saves nothing. The values
are the profile fields to set; the ones to remove are the settings the reader left empty.
"""

from __future__ import annotations

from decimal import Decimal

from readwell.tracker import goals, weight_loss
from readwell.tracker.forms import Checked
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.proportions import percent_text
from readwell.tracker.units import (
    GRAMS_PER_KG,
    UNITS,
    InputError,
    Problem,
    format_weight,
    parse_number,
    parse_weight_text,
    to_grams,
)

FIELDS = ("goal_kind", "goal_grams", "steady_percent", "alert_grams", "alert_percent", "alert_days")
ALERT_UNITS = {**UNITS, "percent": "percent of my weight"}
OWN_GRAMS_MOST = 50 * int(GRAMS_PER_KG)
_DAYS = f"from {weight_loss.OWN_DAYS_FEWEST} to {weight_loss.OWN_DAYS_MOST}"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def own_threshold(profile: Profile) -> weight_loss.Threshold | None:
    """The reader's own threshold, when they set one."""
    if profile.alert_days is None or (profile.alert_grams is None and profile.alert_percent is None):
        return None
    return weight_loss.Threshold(profile.alert_days, profile.alert_percent, profile.alert_grams, own=True)


def _amount(text: str, unit: str) -> tuple[str, int | Decimal]:
    """The threshold's amount: ("alert_percent", percent) or ("alert_grams", grams)."""
    if unit == "st":
        stones_pounds = text.strip().replace(",", ".").split()
        if not 1 <= len(stones_pounds) <= 2 or not all(p.replace(".", "", 1).isdigit() for p in stones_pounds):
            raise InputError("Enter the amount as stones then pounds, like 0 6 for 6 pounds")
        stones = Decimal(stones_pounds[0])
        pounds = Decimal(stones_pounds[1]) if len(stones_pounds) == 2 else Decimal(0)
        value, unit = stones * 14 + pounds, "lb"
    else:
        value = parse_number(text, "the amount")
    if value <= 0:
        raise InputError("The amount must be more than 0")
    if _places(value) > 1:
        raise InputError("The amount can have at most one decimal place, like 2.5")
    if unit == "percent":
        if value > weight_loss.OWN_PERCENT_MOST:
            raise InputError(f"The percentage must be at most {percent_text(weight_loss.OWN_PERCENT_MOST)}")
        return "alert_percent", value
    grams = to_grams(value, unit)
    if grams > OWN_GRAMS_MOST:
        raise InputError("The amount must be at most 50 kg (110.2 lb or 7 st 12.2 lb)")
    return "alert_grams", grams


def _check_threshold(form: dict[str, str], checked: Checked) -> None:
    amount, unit, days = (form.get(name, "").strip() for name in ("alert_amount", "alert_unit", "alert_days"))
    if not amount and not days:
        return  # no threshold of the reader's own: the standard rule applies
    if unit not in ALERT_UNITS:
        checked.problems.append(Problem("alert-unit-kg", "Choose kilograms, pounds, stones and pounds, or percent"))
    else:
        try:
            name, value = _amount(amount, unit)
            checked.values[name] = value
        except InputError as error:
            checked.problems.append(Problem("alert-amount", str(error)))
    try:
        count = parse_number(days, "the number of days")
        if _places(count) or not weight_loss.OWN_DAYS_FEWEST <= count <= weight_loss.OWN_DAYS_MOST:
            raise InputError(f"The number of days must be a whole number {_DAYS}")
        checked.values["alert_days"] = int(count)
    except InputError as error:
        checked.problems.append(Problem("alert-days", str(error)))


def _check_goal(form: dict[str, str], unit: str, latest: Entry | None, checked: Checked) -> None:
    kind = form.get("goal_kind", "") or "none"
    if kind not in goals.KINDS:
        checked.problems.append(Problem("goal-kind-none", "Choose one of the goals, or no goal"))
        return
    if kind == "none":
        return
    checked.values["goal_kind"] = kind
    weight = form.get("goal_weight", "").strip()
    try:
        if weight:
            checked.values["goal_grams"] = parse_weight_text(weight, unit, "the goal weight")
        elif kind == "steady" and latest is not None:
            checked.values["goal_grams"] = latest.grams  # steady around the weight the reader has now
        else:
            raise InputError("Enter the goal weight" + (", or add a weight first" if kind == "steady" else ""))
    except InputError as error:
        checked.problems.append(Problem("goal-weight", str(error)))
    if kind == "steady":
        band = form.get("steady_percent", "").strip()
        try:
            value = parse_number(band, "the steady range") if band else goals.STEADY_PERCENT
            if value <= 0 or value > goals.STEADY_PERCENT_MOST or _places(value) > 1:
                raise InputError(f"The steady range must be more than 0% and at most {goals.STEADY_PERCENT_MOST}%")
            checked.values["steady_percent"] = value
        except InputError as error:
            checked.problems.append(Problem("steady-percent", str(error)))


def check_settings(form: dict[str, str], unit: str, latest: Entry | None) -> Checked:
    checked = Checked()
    _check_goal(form, unit, latest, checked)
    _check_threshold(form, checked)
    return checked


def removed(values: dict[str, object]) -> list[str]:
    """The settings fields a saved form leaves unset."""
    return [name for name in FIELDS if name not in values]


def form_of(profile: Profile, first: Entry | None, unit: str) -> dict[str, str]:
    """The settings form as stored, to show it filled in."""
    chosen = goals.goal(profile, first)
    form = {"goal_kind": chosen.kind if chosen else "none", "alert_unit": unit}
    if chosen:
        weight = format_weight(chosen.grams, unit)
        form["goal_weight"] = weight.replace(" st ", " ").removesuffix(f" {unit}").removesuffix(" lb")
        form["steady_percent"] = f"{chosen.steady_percent.normalize():f}"
    own = own_threshold(profile)
    if own is not None:
        if own.percent is not None:
            form |= {"alert_unit": "percent", "alert_amount": f"{own.percent.normalize():f}"}
        else:
            amount = format_weight(own.grams or 0, unit)
            form["alert_amount"] = amount.replace(" st ", " ").removesuffix(f" {unit}").removesuffix(" lb")
        form["alert_days"] = str(own.days)
    return form
