"""The tracker settings form: the goal and the reader's own threshold, each unit, and the form shown back."""

from __future__ import annotations

from decimal import Decimal

from readwell.tracker import goals, settings
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry

LATEST = Entry("2026-06-01", 70_000)


def test_an_own_threshold_in_stones_and_pounds_or_percent() -> None:
    in_stones = settings.check_settings({"alert_amount": "0 6", "alert_unit": "st", "alert_days": "30"}, "st", LATEST)
    assert in_stones.ok and in_stones.values == {"alert_grams": 2722, "alert_days": 30}  # 6 lb
    in_percent = settings.check_settings(
        {"alert_amount": "3.5", "alert_unit": "percent", "alert_days": "7"}, "kg", None
    )
    assert in_percent.ok and in_percent.values == {"alert_percent": Decimal("3.5"), "alert_days": 7}
    assert settings.removed(in_percent.values) == ["goal_kind", "goal_grams", "steady_percent", "alert_grams"]


def test_a_steady_goal_keeps_the_latest_weight_unless_another_is_given() -> None:
    checked = settings.check_settings({"goal_kind": "steady"}, "kg", LATEST)
    assert checked.values == {"goal_kind": "steady", "goal_grams": 70_000, "steady_percent": goals.STEADY_PERCENT}
    no_weight_yet = settings.check_settings({"goal_kind": "steady"}, "kg", None)
    assert [p.field for p in no_weight_yet.problems] == ["goal-weight"]
    assert [p.field for p in settings.check_settings({"goal_kind": "diet"}, "kg", LATEST).problems] == [
        "goal-kind-none"
    ]


def test_the_form_shows_what_is_stored() -> None:
    profile = Profile("2026-01-01", "st", goal_kind="gain", goal_grams=72_575, alert_grams=2722, alert_days=30)
    form = settings.form_of(profile, LATEST, "st")
    assert form["goal_kind"] == "gain" and form["goal_weight"] == "11 6.0"
    assert form["alert_amount"] == "0 6.0" and form["alert_days"] == "30" and form["alert_unit"] == "st"
    assert settings.own_threshold(Profile("2026-01-01", "kg")) is None
