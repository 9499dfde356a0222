"""Reading display preferences from cookies and applying a form submission: allowlist only, never raises."""

from __future__ import annotations

import pytest

from readwell.preferences import CONTRASTS, COOKIE, TEXT_SIZES, Preferences, choose, from_cookies


@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("contrast", CONTRASTS)
def test_every_allowed_pair_round_trips_through_the_cookie(text_size: str, contrast: str) -> None:
    chosen = Preferences(text_size=text_size, contrast=contrast)
    assert from_cookies([f"{COOKIE}={chosen.cookie_value()}"], over_https=False) == chosen


def test_no_cookie_gives_the_defaults() -> None:
    assert from_cookies(None, over_https=False) == Preferences()
    assert from_cookies([], over_https=False) == Preferences("standard", "auto")


def test_the_preferences_cookie_is_found_among_others() -> None:
    assert from_cookies(["session=abc", f"{COOKIE}=larger.high", "other=1"], over_https=False) == Preferences(
        "larger", "high"
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        "huge.high.extra",
        "largest",
        "LARGEST.HIGH",
        '"largest.high',
        "%00%ff",
        "x" * 10_000,
        "<script>alert(1)</script>",
        "largest.high;",
    ],
)
def test_malformed_cookie_values_give_allowlisted_preferences_without_raising(value: str) -> None:
    read = from_cookies([f"{COOKIE}={value}"], over_https=False)
    assert read.text_size in TEXT_SIZES
    assert read.contrast in CONTRASTS


def test_each_part_falls_back_on_its_own() -> None:
    assert from_cookies([f"{COOKIE}=largest.purple"], over_https=False) == Preferences("largest", "auto")
    assert from_cookies([f"{COOKIE}=enormous.high"], over_https=False) == Preferences("standard", "high")


@pytest.mark.parametrize("junk", [["rw_prefs"], ["=;=;"], ['rw_prefs="unterminated'], ["\x00\x01"], [None]])
def test_garbage_cookie_headers_give_the_defaults(junk: list[str]) -> None:
    assert from_cookies(junk, over_https=False) == Preferences()


def test_choose_applies_allowed_values() -> None:
    choice = choose(Preferences(), "largest", "high")
    assert choice.preferences == Preferences("largest", "high")
    assert choice.recognised == 2
    assert not choice.ignored


def test_choose_ignores_unknown_values_and_keeps_the_current_ones() -> None:
    current = Preferences("large", "standard")
    choice = choose(current, "gigantic", "high")
    assert choice.preferences == Preferences("large", "high")
    assert choice.recognised == 1
    assert choice.ignored


def test_choose_with_nothing_sent_changes_nothing() -> None:
    current = Preferences("larger", "high")
    choice = choose(current, None, None)
    assert choice.preferences == current
    assert choice.recognised == 0
    assert not choice.ignored


def test_summary_says_what_is_in_force() -> None:
    assert Preferences("larger", "high").summary == "Larger text, high contrast"
    assert Preferences().summary == "Standard text, contrast as on my device"


def test_over_https_only_the_host_prefixed_cookie_counts() -> None:
    """__Host- cookies come only from this host over HTTPS: a plain one may have been planted by a sibling domain."""
    assert from_cookies([f"__Host-{COOKIE}=largest.high"], over_https=True) == Preferences("largest", "high")
    assert from_cookies([f"{COOKIE}=largest.high"], over_https=True) == Preferences()
    assert from_cookies([f"__Host-{COOKIE}=largest.high"], over_https=False) == Preferences()
