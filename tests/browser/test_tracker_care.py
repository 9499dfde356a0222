"""The weight-loss notice within a phone's first screen at every text size, and "My weight record" on paper: dark
text on white whatever the scheme, with the site's navigation, footer and the print line left off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from readwell.preferences import SCHEME, TEXT_SIZE, Preferences
from tests.browser.browsing import PHONE, new_context
from tests.browser.pages import tracker_with_loss

pytestmark = [pytest.mark.browser]

# Colour of an element's text and of the page behind it, as sRGB channels.
COLOURS_JS = """
(selector) => {
  const channels = (value) => value.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const background = (element) => channels(getComputedStyle(element).backgroundColor);
  return {
    text: channels(getComputedStyle(document.querySelector(selector)).color),
    page: [...background(document.body), ...background(document.documentElement)],
  };
}
"""


@pytest.mark.parametrize("size", list(TEXT_SIZE.options))
def test_the_notice_starts_within_the_first_screen_on_a_phone(browser: Browser, base_url: str, size: str) -> None:
    context = new_context(browser, base_url, Preferences(text_size=size), viewport=PHONE)
    try:
        page = context.new_page()
        tracker_with_loss()(page, base_url)
        page.goto("/tracker")
        heading = page.locator("#care-notice-heading")
        top = heading.evaluate("(h) => h.getBoundingClientRect().bottom + window.scrollY")
        assert top <= PHONE["height"], f"the notice's heading ends {top:.0f} px down, below the first screen"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEME.options))
def test_the_weight_record_prints_dark_on_white_without_the_site_around_it(
    browser: Browser, base_url: str, scheme: str
) -> None:
    context = new_context(browser, base_url, Preferences(scheme=scheme))
    try:
        page = context.new_page()
        tracker_with_loss()(page, base_url)
        page.goto("/tracker/print")
        page.emulate_media(media="print")
        for selector in ("h1", ".weight-record__entries dd", ".care-notice p"):
            colours = page.evaluate(COLOURS_JS, selector)
            assert all(channel <= 64 for channel in colours["text"]), (selector, colours)
            assert all(channel >= 250 for channel in colours["page"]), (selector, colours)
        for hidden in (".site-nav", ".site-footer", ".weight-record__actions", ".display-bar"):
            found = page.locator(hidden)
            assert found.count() == 0 or not found.first.is_visible(), hidden
        assert page.locator(".weight-record__entries").is_visible() and page.locator(".care-notice").is_visible()
    finally:
        context.close()
