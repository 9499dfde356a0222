"""The reader's own system settings and print: prefers-contrast, forced colours, paper."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from readwell.preferences import Preferences
from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE

pytestmark = pytest.mark.browser

BLACK = "rgb(0, 0, 0)"
WHITE = "rgb(255, 255, 255)"


def background(page: Page) -> str:
    return str(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))


@pytest.mark.parametrize(
    ("chosen", "system_contrast", "expected"),
    [
        (Preferences(contrast="auto"), "more", BLACK),  # no choice made: the system's setting wins
        (Preferences(contrast="auto"), "no-preference", WHITE),
        (Preferences(contrast="standard"), "more", WHITE),  # the reader's own choice wins
        (Preferences(contrast="high"), "no-preference", BLACK),
    ],
)
def test_prefers_contrast_applies_only_when_no_choice_was_made(
    browser: Browser, base_url: str, chosen: Preferences, system_contrast: str, expected: str
) -> None:
    context = new_context(browser, base_url, chosen)
    try:
        page = context.new_page()
        page.emulate_media(contrast=system_contrast)  # type: ignore[arg-type]
        page.goto(ARTICLE)
        assert background(page) == expected
    finally:
        context.close()


def test_print_drops_navigation_and_controls_and_prints_link_targets(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url, Preferences(contrast="high"))
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.skip-link', '.site-nav', '.display-bar', '.breadcrumbs', '.widget']
                .map((selector) => [selector, getComputedStyle(document.querySelector(selector)).display])"""
        )
        assert all(display == "none" for _, display in hidden), hidden
        callout_link_suffix = page.evaluate(
            "() => getComputedStyle(document.querySelector('.callout a'), '::after').content"
        )
        assert callout_link_suffix == '" (/communities/breast-cancer-stage-3-4)"'
        assert background(page) == WHITE  # paper stays white even in high contrast
    finally:
        context.close()
