"""The reader's own system settings and print: light or dark, more contrast, forced colours, paper."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from readwell.preferences import Preferences
from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE

pytestmark = pytest.mark.browser

BLACK = "rgb(0, 0, 0)"
WHITE = "rgb(255, 255, 255)"
DARK = "rgb(18, 20, 23)"  # --dark-page
CREAM = "rgb(245, 239, 224)"  # --low-glare-page


def background(page: Page) -> str:
    return str(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))


@pytest.mark.parametrize(
    ("chosen", "colour_scheme", "contrast", "expected"),
    [
        (Preferences(scheme="auto"), "light", "no-preference", WHITE),  # no choice made: the device decides
        (Preferences(scheme="auto"), "dark", "no-preference", DARK),
        (Preferences(scheme="auto"), "light", "more", BLACK),
        (Preferences(scheme="auto"), "dark", "more", BLACK),
        (Preferences(scheme="standard"), "dark", "more", WHITE),  # the reader's own choice wins
        (Preferences(scheme="dark"), "light", "no-preference", DARK),
        (Preferences(scheme="high"), "light", "no-preference", BLACK),
        (Preferences(scheme="low-glare"), "dark", "more", CREAM),
    ],
)
def test_the_device_decides_only_when_the_reader_has_not(
    browser: Browser, base_url: str, chosen: Preferences, colour_scheme: str, contrast: str, expected: str
) -> None:
    context = new_context(browser, base_url, chosen)
    try:
        page = context.new_page()
        page.emulate_media(color_scheme=colour_scheme, contrast=contrast)  # type: ignore[arg-type]
        page.goto(ARTICLE)
        assert background(page) == expected
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["high", "dark", "low-glare"])
def test_print_drops_navigation_and_controls_and_prints_no_address_on_this_site(
    browser: Browser, base_url: str, scheme: str
) -> None:
    context = new_context(browser, base_url, Preferences(scheme=scheme))
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.skip-link', '.site-nav', '.display-bar', '.breadcrumbs', '.widget', '.site-menu', '.callout']
                .map((selector) => [selector, getComputedStyle(document.querySelector(selector)).display])"""
        )
        assert all(display == "none" for _, display in hidden), hidden
        # Paper cannot follow a link on this site: a glossary word prints as a word (its meaning is printed
        # under "Words used in this article", tests/browser/test_print.py).
        glossary_link_suffix = page.evaluate(
            "() => getComputedStyle(document.querySelector('.prose a.glossary-term'), '::after').content"
        )
        assert glossary_link_suffix == '""'
        assert background(page) == WHITE  # paper stays white whatever the screen's scheme
    finally:
        context.close()
