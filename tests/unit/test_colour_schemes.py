"""Every colour scheme's token map, read from the one stylesheet, meets WCAG AAA contrast (1.4.6: 7:1 for
text) and 1.4.11 / 2.4.13 for borders and focus (3:1), on every background that text is used on.

The browser suite checks rendered pages with axe as well; this checks every pair, whether or not a page
happens to show it, and names the pair that fails."""

from __future__ import annotations

import re

import pytest

from readwell.web.static import stylesheet

SCHEMES = ("standard", "low-glare", "dark", "high")
TOKENS = (
    "page",
    "text",
    "text-secondary",
    "link",
    "link-visited",
    "link-hover",
    "border",
    "surface",
    "banner",
    "banner-text",
    "button",
    "button-text",
    "focus",
    "focus-text",
    "error",
    "success",
    "accent",
)
# (foreground, background, the least ratio): text 7:1 (AAA), anything else that must be seen 3:1.
PAIRS = [
    *(
        (text, ground, 7.0)
        for text in ("text", "text-secondary", "link", "link-visited", "link-hover", "error")
        for ground in ("page", "surface")
    ),
    ("banner-text", "banner", 7.0),
    ("button-text", "button", 7.0),
    ("focus-text", "focus", 7.0),
    ("border", "page", 3.0),
    ("accent", "page", 3.0),
    ("success", "page", 3.0),
]


def token_map(scheme: str) -> dict[str, str]:
    css = stylesheet()[1].decode()
    found = dict(re.findall(rf"--{scheme}-([a-z-]+):\s*(?:var\(--[a-z-]+\)\s*)?(#[0-9a-f]{{6}});", css))
    return {name: found[name] for name in TOKENS if name in found}


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_scheme_is_a_complete_token_map(scheme: str) -> None:
    assert set(token_map(scheme)) == set(TOKENS)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_text_colour_reaches_7_to_1_and_everything_else_3_to_1(scheme: str) -> None:
    colours = token_map(scheme)
    failing = [
        f"{fore} on {back}: {ratio(colours[fore], colours[back]):.2f} < {least}"
        for fore, back, least in PAIRS
        if ratio(colours[fore], colours[back]) < least
    ]
    assert failing == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_focus_indicator_stands_out_from_the_page_by_3_to_1(scheme: str) -> None:
    """The indicator is an outline in focus-text inside a ring in focus: one of them contrasts with the page."""
    colours = token_map(scheme)
    assert max(ratio(colours["focus-text"], colours["page"]), ratio(colours["focus"], colours["page"])) >= 3.0


def test_the_contrast_arithmetic_matches_wcags_examples() -> None:
    assert round(ratio("#000000", "#ffffff"), 1) == 21.0 and ratio("#777777", "#ffffff") < 4.5 < ratio(
        "#767676", "#ffffff"
    )
