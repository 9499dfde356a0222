"""Reading display preferences from cookies and applying a form submission: allowlist only, never raises."""

from __future__ import annotations

import itertools
import re
from dataclasses import fields

import pytest

from readwell.preferences import (
    COOKIE,
    SCHEME,
    SETTINGS,
    SPACING,
    TEXT_SIZE,
    TEXT_SIZES,
    WIDTH,
    Preferences,
    Setting,
    choose,
    from_cookies,
)
from readwell.web.static import stylesheet

EVERY = [Preferences(*values) for values in itertools.product(*(s.options for s in SETTINGS))]


def test_the_settings_are_the_preferences_fields_in_order() -> None:
    assert [f.name for f in fields(Preferences)] == [s.field for s in SETTINGS]


@pytest.mark.parametrize("chosen", EVERY, ids=lambda p: p.cookie_value())
def test_every_combination_round_trips_through_the_cookie(chosen: Preferences) -> None:
    assert from_cookies([f"{COOKIE}={chosen.cookie_value()}"], over_https=False) == chosen


def test_text_sizes_are_the_stylesheets_four_or_more_steps_with_their_percentages() -> None:
    tokens = dict(re.findall(r"--text-step-([a-z]+):\s*([\d.]+);", stylesheet()[1].decode()))
    assert len(TEXT_SIZES) >= 4
    assert TEXT_SIZE.options == {size: f"{float(tokens[size]) * 100:g}%" for size in TEXT_SIZES}
    assert TEXT_SIZES[0] == "standard" and TEXT_SIZE.options["largest"] == "200%"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.field)
def test_every_value_of_every_setting_has_a_rule_in_the_stylesheet(setting: Setting) -> None:
    """The server renders data-<setting>="<value>" on <html>: each non-default value must be styled."""
    css = stylesheet()[1].decode()
    default = getattr(Preferences(), setting.field)
    attribute = setting.field.replace("_", "-")
    for value in setting.options:
        if value != default:
            assert f':root[data-{attribute}="{value}"]' in css, (setting.field, value)


def test_no_text_is_justified() -> None:
    assert "justify" not in re.sub(r"justify-content|justify-items|justify-self", "", stylesheet()[1].decode())


def test_no_cookie_gives_the_defaults() -> None:
    assert from_cookies(None, over_https=False) == Preferences()
    assert from_cookies([], over_https=False) == Preferences("standard", "auto", "standard", "comfortable")


def test_the_preferences_cookie_is_found_among_others() -> None:
    found = from_cookies(["session=abc", f"{COOKIE}=larger.dark.wide.full", "other=1"], over_https=False)
    assert found == Preferences("larger", "dark", "wide", "full")


def test_a_cookie_from_before_schemes_spacing_and_width_keeps_its_size_and_contrast() -> None:
    assert from_cookies([f"{COOKIE}=larger.high"], over_https=False) == Preferences("larger", "high")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "huge.high.extra.more.and-more",
        "largest",
        "LARGEST.HIGH",
        '"largest.high',
        "%00%ff",
        "x" * 10_000,
        "<script>alert(1)</script>",
        "largest.high;",
        "largest.dark.wide.full.extra",
    ],
)
def test_malformed_cookie_values_give_allowlisted_preferences_without_raising(value: str) -> None:
    read = from_cookies([f"{COOKIE}={value}"], over_https=False)
    for setting in SETTINGS:
        assert getattr(read, setting.field) in setting.options


def test_each_part_falls_back_on_its_own() -> None:
    assert from_cookies([f"{COOKIE}=largest.purple.wide.full"], over_https=False) == Preferences(
        "largest", "auto", "wide", "full"
    )
    assert from_cookies([f"{COOKIE}=enormous.high.tight.full"], over_https=False) == Preferences(
        "standard", "high", "standard", "full"
    )


@pytest.mark.parametrize("junk", [["rw_prefs"], ["=;=;"], ['rw_prefs="unterminated'], ["\x00\x01"], [None]])
def test_garbage_cookie_headers_give_the_defaults(junk: list[str]) -> None:
    assert from_cookies(junk, over_https=False) == Preferences()


def test_choose_applies_allowed_values() -> None:
    choice = choose(
        Preferences(), {"text_size": "largest", "scheme": "low-glare", "spacing": "widest", "width": "full"}
    )
    assert choice.preferences == Preferences("largest", "low-glare", "widest", "full")
    assert choice.recognised == ("text_size", "scheme", "spacing", "width") and not choice.ignored


def test_a_text_size_button_changes_only_the_size() -> None:
    current = Preferences("standard", "dark", "wide", "full")
    choice = choose(current, {"text_size": "larger", "return_to": "/"})
    assert choice.preferences == Preferences("larger", "dark", "wide", "full") and choice.recognised == ("text_size",)


def test_choose_ignores_unknown_values_and_keeps_the_current_ones() -> None:
    current = Preferences("large", "standard")
    choice = choose(current, {"text_size": "gigantic", "scheme": "high", "spacing": "tight"})
    assert choice.preferences == Preferences("large", "high")
    assert choice.recognised == ("scheme",) and choice.ignored


def test_choose_with_nothing_sent_changes_nothing() -> None:
    current = Preferences("larger", "high")
    choice = choose(current, {})
    assert choice.preferences == current and choice.recognised == () and not choice.ignored


def test_summary_says_what_is_in_force_in_the_disclosure() -> None:
    assert Preferences("larger", "dark", "wide", "full").summary == (
        "dark colours, wide line spacing, full reading width"
    )
    assert Preferences().summary == "colours as on my device, standard line spacing, comfortable reading width"


def test_the_html_attributes_name_every_setting() -> None:
    assert Preferences("largest", "low-glare").attributes() == {
        "text-size": "largest",
        "scheme": "low-glare",
        "spacing": "standard",
        "width": "comfortable",
    }


def test_values_outside_the_allowlist_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="scheme"):
        Preferences(scheme="neon")


def test_the_schemes_spacings_and_widths_offered() -> None:
    assert set(SCHEME.options) == {"auto", "standard", "high", "dark", "low-glare"}
    assert list(SPACING.options) == ["standard", "wide", "widest"] and list(WIDTH.options) == ["comfortable", "full"]


def test_over_https_only_the_host_prefixed_cookie_counts() -> None:
    """__Host- cookies come only from this host over HTTPS: a plain one may have been planted by a sibling domain."""
    assert from_cookies([f"__Host-{COOKIE}=largest.high"], over_https=True) == Preferences("largest", "high")
    assert from_cookies([f"{COOKIE}=largest.high"], over_https=True) == Preferences()
    assert from_cookies([f"__Host-{COOKIE}=largest.high"], over_https=False) == Preferences()
