"""The tracker's plain-Python domain: parsing, units, identity, progress, chart, export, widget cookie."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from readwell.tracker import chart, export, forms, goals, identity, progress, units
from readwell.tracker.history import Summary
from readwell.tracker.progress import Entry


@pytest.mark.parametrize(
    ("text", "unit", "grams"),
    [
        ("72.5", "kg", 72_500),
        ("72,5", "kg", 72_500),
        (" 72 ", "kg", 72_000),
        ("20", "kg", 20_000),
        ("500", "kg", 500_000),
        ("160", "lb", 72_575),
        ("159.5", "lb", 72_348),
        ("٧٢", "kg", 72_000),  # digits of other scripts are digits too
    ],
)
def test_weights_become_whole_grams(text: str, unit: str, grams: int) -> None:
    assert units.parse_weight(text, unit) == grams


@pytest.mark.parametrize(
    "text", ["", "abc", "0", "-1", "19.9", "500.1", "72.55", "1e3", "72.", ".5", "NaN", "inf", "72.5.1"]
)
def test_bad_weights_are_input_errors(text: str) -> None:
    with pytest.raises(units.InputError):
        units.parse_weight(text, "kg")


def test_stones_and_pounds_round_trip() -> None:
    grams = units.parse_stones("11", "6.5")
    assert grams == units.to_grams(Decimal("160.5"), "lb")
    assert units.format_weight(grams, "st") == "11 st 6.5 lb"
    assert units.parse_weight_text("11 st 6.5 lb", "st", "goal") == grams
    assert units.parse_weight_text("11 6.5", "st", "goal") == grams
    with pytest.raises(units.InputError):
        units.parse_stones("11", "14")


@pytest.mark.parametrize(
    ("text", "ok"), [("50", True), ("272", True), ("172.5", True), ("49.9", False), ("272.1", False), ("172.55", False)]
)
def test_height_range(text: str, ok: bool) -> None:
    if ok:
        assert units.parse_height(text) == Decimal(text)
    else:
        with pytest.raises(units.InputError):
            units.parse_height(text)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-2-1", "20260201", "2026-W01-1", "yesterday", ""])
def test_dates_must_be_real_iso_dates(text: str) -> None:
    with pytest.raises(units.InputError):
        units.parse_date(text)


def test_entry_form_defaults_to_today_and_checks_the_start_date() -> None:
    today = date(2026, 11, 25)
    checked = forms.check_entry({"weight": "72.5"}, "kg", "2026-01-01", today)
    assert checked.ok and checked.values == {"day": "2026-11-25", "grams": 72_500}
    early = forms.check_entry({"date": "2025-12-31", "weight": "72.5"}, "kg", "2026-01-01", today)
    assert early.errors() == {"date": "The date must be on or after your start date, 1 January 2026"}


def test_tokens_are_random_and_only_their_hash_is_a_key() -> None:
    tokens = {identity.new_token() for _ in range(100)}
    assert len(tokens) == 100
    token = tokens.pop()
    assert identity.is_token(token) and len(token) * 5 >= 100
    assert identity.token_hash(token) != token and len(identity.token_hash(token)) == 64


def test_recovery_code_forgives_spacing_case_and_lookalikes() -> None:
    token = "ABCDEFGHIJKLMNOPQRSTUVWX"
    code = identity.recovery_code(token)
    assert code == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX"
    assert identity.token_from_recovery_code(code.lower().replace("-", " ")) == token
    assert identity.token_from_recovery_code("ABCD EFGH 1JKL MN0P QRST UVWX") == token
    assert identity.token_from_recovery_code("ABCD") is None
    assert identity.token_from_recovery_code("x" * 10_000) is None


def test_csrf_token_is_tied_to_the_tracker() -> None:
    one, two = identity.new_token(), identity.new_token()
    assert identity.csrf_matches(one, identity.csrf_token(one))
    assert not identity.csrf_matches(two, identity.csrf_token(one))
    assert not identity.csrf_matches(one, "")
    assert not identity.csrf_matches(one, "é" * 64)


@pytest.mark.parametrize(
    ("bmi", "band"),
    [
        ("18.4", "underweight"),
        ("18.5", "healthy weight"),
        ("24.9", "healthy weight"),
        ("25", "overweight"),
        ("30", "obese"),
        ("40", "severely obese"),
    ],
)
def test_adult_bmi_bands(bmi: str, band: str) -> None:
    assert progress.bmi_band(Decimal(bmi)) == band


def test_bmi_and_progress_text() -> None:
    assert progress.bmi(72_500, Decimal(170)) == Decimal("25.1")
    assert progress.change_text(75_000, 72_500, "kg") == "Down 2.5 kg"
    assert progress.change_text(72_500, 72_520, "kg") == "No change"
    lose, gain = goals.Goal("lose", 70_000), goals.Goal("gain", 70_000)
    assert goals.progress_words(lose, 72_500, "kg") == "2.5 kg to lose to reach your goal of 70.0 kg."
    assert goals.progress_words(gain, 68_000, "kg") == "2.0 kg to gain to reach your goal of 70.0 kg."
    assert goals.progress_words(gain, 72_500, "kg") == "You have reached your goal of 70.0 kg."
    steady = goals.Goal("steady", 70_000)
    assert goals.progress_words(steady, 71_400, "kg") == "Your latest weight is within your steady range."
    assert goals.progress_words(steady, 72_000, "st") == "Your latest weight is 1.3 lb above your steady range."
    assert progress.trend_text([], "kg") == "No weights recorded yet."
    entries = [Entry("2026-01-01", 75_000), Entry("2026-01-05", 76_000), Entry("2026-02-01", 73_000)]
    text = progress.trend_text(entries, "kg")
    assert "went down 2.0 kg, from 75.0 kg to 73.0 kg" in text and "Lowest 73.0 kg, highest 76.0 kg" in text


def test_chart_places_dates_by_time_and_heavier_higher() -> None:
    entries = [Entry("2026-01-01", 75_000), Entry("2026-01-02", 76_000), Entry("2026-01-11", 73_000)]
    drawn = chart.chart(entries)
    assert drawn is not None
    xs = [p.x for p in drawn.points]
    assert xs[0] == chart.LEFT and xs[-1] == chart.WIDTH - chart.RIGHT
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 5  # one day versus nine days
    assert drawn.points[1].y < drawn.points[0].y < drawn.points[2].y  # SVG y grows downwards
    assert chart.chart([]) is None


def test_csv_has_a_header_and_one_row_per_entry() -> None:
    text = export.csv_text([Entry("2026-01-01", 75_000)], "st")
    assert text == "date,weight_grams,weight_kg,weight_in_your_unit\r\n2026-01-01,75000,75.0,11 st 11.3 lb\r\n"


def test_the_running_summary_follows_adds_replacements_and_deletions() -> None:
    first, middle, last = Entry("2026-01-01", 80_000), Entry("2026-01-10", 79_000), Entry("2026-01-20", 78_000)
    summary = Summary().adding(middle, None).adding(first, None).adding(last, None)
    assert summary == Summary(3, first, last)
    assert summary.adding(Entry(last.day, 77_500), last.grams) == Summary(3, first, Entry(last.day, 77_500))
    assert summary.removing(last, older=middle, newer=None) == Summary(2, first, middle)
    assert summary.removing(first, older=None, newer=middle) == Summary(2, middle, last)
    assert summary.removing(middle, older=first, newer=last) == Summary(2, first, last)
    assert Summary(1, first, first).removing(first, None, None) == Summary(0, None, None)


def test_heights_in_feet_and_inches_become_centimetres() -> None:
    assert units.parse_feet_inches("5", "7") == Decimal("170.2")
    assert units.parse_feet_inches("6", "") == Decimal("182.9")
    for feet, inches in (("5.5", "0"), ("5", "12"), ("1", "0"), ("9", "0"), ("x", "1")):
        with pytest.raises(units.InputError):
            units.parse_feet_inches(feet, inches)


def test_a_height_is_given_one_way_and_no_tracker_starts_before_1900() -> None:
    both = forms.check_start({"start_date": "2026-01-01", "height_cm": "170", "height_feet": "5"}, date(2026, 2, 1))
    assert [p.field for p in both.problems] == ["height-cm"]
    feet = forms.check_start({"start_date": "2026-01-01", "height_feet": "5", "height_inches": "7"}, date(2026, 2, 1))
    assert feet.ok and feet.values["height_cm"] == Decimal("170.2")
    early = forms.check_start({"start_date": "1899-12-31"}, date(2026, 2, 1))
    assert early.problems[0].message == "The start date must be on or after 1 January 1900"


def test_the_recovery_limiter_keys_an_address_by_a_keyed_hash_that_a_list_of_addresses_cannot_reverse() -> None:
    key = identity.client_key("203.0.113.7", b"one secret")
    assert key == identity.client_key("203.0.113.7", b"one secret")
    assert key != identity.client_key("203.0.113.7", b"another secret")  # without the key, no table of all IPv4s helps
    assert "203.0.113.7" not in key and len(key) == 64
