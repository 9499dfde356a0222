"""The weight-loss notice's rule on boundary histories, its words, and the changes over 1, 3 and 6 months."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from readwell.articles import reading_level
from readwell.articles.lint import DEFAULT_MAX_GRADE
from readwell.tracker import changes, notice, proportions, weight_loss
from readwell.tracker.progress import Entry

NEWEST = date(2026, 6, 30)


def ago(days: int, grams: int) -> Entry:
    return Entry((NEWEST - timedelta(days=days)).isoformat(), grams)


def test_exactly_five_percent_is_flagged() -> None:
    found = weight_loss.check([ago(100, 80_000), ago(0, 76_000)], None)
    assert found is not None and found.grams == 4_000 and found.percent == 5


def test_four_point_nine_percent_is_not() -> None:
    assert weight_loss.check([ago(100, 80_000), ago(0, 76_080)], None) is None


def test_the_newest_is_compared_with_the_highest_in_the_window_not_the_first() -> None:
    found = weight_loss.check([ago(150, 76_000), ago(60, 80_000), ago(0, 76_000)], None)
    assert found is not None and found.highest == ago(60, 80_000)


@pytest.mark.parametrize(("days", "flagged"), [(170, True), (182, True), (183, False), (190, False)])
def test_a_loss_counts_only_from_inside_the_window(days: int, flagged: bool) -> None:
    """The window is 183 days up to and including the newest entry's day: 182 days back is its first day."""
    history = [ago(days, 80_000), ago(days // 2, 78_500), ago(0, 75_000)]
    assert (weight_loss.check(history, None) is not None) is flagged


def test_a_low_bmi_lowers_the_threshold_to_two_percent() -> None:
    # 170 cm: 57.8 kg is a BMI of 20.0, 56.9 kg one of 19.7 (19.9 and under: the lower threshold).
    height = Decimal(170)
    highest, newest = 58_100, 56_880  # 2.1% down, BMI 19.7
    found = weight_loss.check([ago(30, highest), ago(0, newest)], height)
    assert found is not None and found.threshold.low_bmi and found.threshold.percent == 2
    assert weight_loss.check([ago(30, highest), ago(0, newest)], None) is None  # no height: the usual 5%


def test_bmi_of_nineteen_point_nine_with_two_point_one_percent_is_flagged() -> None:
    height = Decimal(170)
    newest = 57_500  # BMI 19.896 -> 19.9
    highest = 58_734  # 2.1% above it
    assert weight_loss.standard(Entry("2026-06-30", newest), height).low_bmi
    found = weight_loss.check([ago(10, highest), ago(0, newest)], height)
    assert found is not None and Decimal("2.1") <= found.percent < Decimal("2.2")


def test_bmi_of_twenty_keeps_the_usual_threshold() -> None:
    height = Decimal(170)
    newest = 57_800  # BMI 20.0
    assert weight_loss.check([ago(10, 59_100), ago(0, newest)], height) is None  # 2.2% down, not 5%


def test_the_readers_own_threshold_replaces_the_standard_one() -> None:
    own_kg = weight_loss.Threshold(days=30, grams=3_000, own=True)
    history = [ago(40, 90_000), ago(25, 80_000), ago(0, 77_000)]  # 3.75% in 25 days; 14% in 40
    found = weight_loss.check(history, None, own_kg)
    assert found is not None and found.threshold.own and found.highest == ago(25, 80_000)
    # The 14% from 40 days back is outside the reader's 30 days, though inside the standard 183.
    assert weight_loss.check([ago(40, 90_000), ago(0, 88_000)], None, own_kg) is None
    # And a smaller loss than the standard 5% is flagged when it reaches the reader's own.
    own_percent = weight_loss.Threshold(days=14, percent=Decimal(3), own=True)
    assert weight_loss.check([ago(10, 80_000), ago(0, 77_600)], None, own_percent) is not None
    assert weight_loss.check([ago(10, 80_000), ago(0, 77_600)], None) is None


def test_a_gain_is_never_flagged() -> None:
    own = weight_loss.Threshold(days=30, grams=1, own=True)
    for threshold in (None, own):
        assert weight_loss.check([ago(20, 60_000), ago(0, 70_000)], Decimal(170), threshold) is None
        assert weight_loss.check([ago(0, 70_000)], Decimal(170), threshold) is None
    assert weight_loss.check([], None) is None


@pytest.mark.parametrize(
    ("percent", "unit", "words"),
    [
        (Decimal(5), "kg", "about 1 kg in every 20 kg"),
        (Decimal(2), "lb", "about 1 lb in every 50 lb"),
        (Decimal(5), "st", "about 1 lb in every 20 lb"),
        (Decimal("4.9"), "kg", "about 1 kg in every 20 kg"),
        (Decimal(25), "kg", "about 3 kg in every 10 kg"),
        (Decimal("0.2"), "kg", "less than 1 kg in every 200 kg"),
        (Decimal("0.56"), "kg", "about 1 kg in every 180 kg"),
        (Decimal("1.3"), "kg", "about 1 kg in every 75 kg"),
    ],
)
def test_percentages_in_words(percent: Decimal, unit: str, words: str) -> None:
    assert proportions.in_words(percent, unit) == words


def test_the_notice_says_how_much_when_why_and_whose_rule() -> None:
    loss = weight_loss.check([ago(100, 80_000), ago(0, 76_000)], None)
    assert loss is not None
    said = notice.notice(loss, "kg")
    assert "down by 4.0 kg (5%) from 22 March 2026 to 30 June 2026" in said.what
    assert "about 1 kg in every 20 kg" in said.what
    assert "tell your care team" in said.why and "doctor, nurse or dietitian" in said.why
    assert said.source is weight_loss.SOURCE and "10.1016/S1470-2045(10)70218-7" in said.source.url
    in_stones = notice.notice(loss, "st").what
    assert "by 8.8 lb (5%)" in in_stones and "1 lb in every 20 lb" in in_stones
    own = weight_loss.check(
        [ago(10, 80_000), ago(0, 76_000)], None, weight_loss.Threshold(days=30, grams=3_000, own=True)
    )
    assert own is not None
    mine = notice.notice(own, "kg")
    assert "your own setting" in mine.rule and "3.0 kg" in mine.rule and mine.source is None


@pytest.mark.parametrize("unit", ["kg", "lb", "st"])
@pytest.mark.parametrize("height", [None, Decimal(175)])
def test_the_notice_is_plain_and_never_advises_on_diet(unit: str, height: Decimal | None) -> None:
    loss = weight_loss.check([ago(100, 60_000), ago(0, 55_000)], height)
    assert loss is not None
    text = notice.notice(loss, unit).text()
    # The content lint's own measure and limit (articles/reading_level.py, articles/lint.py).
    assert reading_level.grade(text) <= DEFAULT_MAX_GRADE, text
    for word in ("diet", "eat", "calories", "lose", "underweight", "healthy weight", "obese", "danger", "urgent"):
        assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), word


def test_changes_over_one_three_and_six_months() -> None:
    history = [ago(200, 82_000), ago(182, 80_000), ago(90, 79_000), ago(29, 78_000), ago(0, 77_000)]
    found = changes.changes(history[1:], history[0], "kg")
    assert [c.period for c in found] == ["1 month", "3 months", "6 months"]
    one, three, six = found
    assert one.since == ago(29, 78_000) and one.amount == "Down 1.0 kg (1.3%)"
    assert three.since == ago(90, 79_000) and six.since == ago(182, 80_000)
    assert six.sentence == "Over 6 months, since 30 December 2025: down 3.0 kg (3.8%), about 1 kg in every 27 kg."


def test_a_change_is_shown_only_when_the_history_reaches_back_that_far() -> None:
    history = [ago(40, 80_000), ago(0, 80_500)]
    found = changes.changes(history, history[0], "lb")
    assert [c.period for c in found] == ["1 month"]
    assert found[0].amount == "Up 1.1 lb (0.6%)"
    assert changes.changes([ago(0, 80_000)], ago(0, 80_000), "kg") == []
