"""The display-settings form in a real browser: with the keyboard alone, and with JavaScript switched off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE, COMMUNITY, PAGES, SitePage

pytestmark = pytest.mark.browser


def html_variant(page: Page) -> list[str]:
    return page.evaluate("() => [document.documentElement.dataset.textSize, document.documentElement.dataset.contrast]")


def root_font_size(page: Page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def focused_text(page: Page) -> str:
    return str(page.evaluate("() => (document.activeElement.labels?.[0] ?? document.activeElement).textContent.trim()"))


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.name)
def test_preference_form_works_with_the_keyboard_alone(browser: Browser, base_url: str, site_page: SitePage) -> None:
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        site_page.open(page, base_url)
        # A page that answers a form POST (an error, "tracker started") has no address of its own:
        # saving the display settings there returns to the page the form was on, e.g. /tracker.
        start_url = base_url + (site_page.returns_to or site_page.path) if site_page.form else page.url
        # On an error page the focused error summary sits in main, after the display settings: go back.
        key = "Shift+Tab" if page.locator(".error-summary").count() else "Tab"
        for _ in range(20):  # Tab from where focus starts until the display settings are reached
            page.keyboard.press(key)
            if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
                break
        assert focused_text(page).startswith("Display settings")
        page.keyboard.press("Enter")  # opens the <details>
        page.keyboard.press("Tab")
        assert focused_text(page) == "Standard (100%)"
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        assert focused_text(page) == "Largest (200%)"
        page.keyboard.press("Tab")
        assert focused_text(page) == "Same as my device"
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert focused_text(page) == "High contrast"
        page.keyboard.press("Tab")
        assert focused_text(page) == "Save display settings"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == start_url
        assert html_variant(page) == ["largest", "high"]
        expect(page.locator(".notice[role=status]")).to_have_text("Text size set to Largest. Contrast set to high.")
    finally:
        context.close()


def test_largest_and_high_contrast_without_javascript_returns_to_the_article_and_persists(
    browser: Browser, base_url: str
) -> None:
    context = new_context(browser, base_url, java_script_enabled=False, bypass_csp=False)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        standard_size = root_font_size(page)
        standard_background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")

        page.locator("summary", has_text="Display settings").click()
        page.get_by_label("Largest (200%)").check()
        page.get_by_label("High contrast").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save display settings").click()

        assert page.url == base_url + ARTICLE
        assert html_variant(page) == ["largest", "high"]
        assert root_font_size(page) == 2 * standard_size
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        assert standard_background == "rgb(255, 255, 255)"
        expect(page.locator(".notice[role=status]")).to_have_text("Text size set to Largest. Contrast set to high.")
        expect(page.get_by_label("Largest (200%)")).to_be_checked()
        expect(page.get_by_label("High contrast")).to_be_checked()

        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Breast Cancer: Stage 3 & 4").click()
        assert page.url == base_url + COMMUNITY
        assert html_variant(page) == ["largest", "high"]
        assert root_font_size(page) == 2 * standard_size
        expect(page.get_by_role("status")).to_have_count(0)  # the notice is said once
    finally:
        context.close()


def test_a_garbage_cookie_gives_the_default_variant(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url)
    try:
        context.add_cookies([{"name": "rw_prefs", "value": "%00huge.<script>", "url": base_url}])
        page = context.new_page()
        response = page.goto(ARTICLE)
        assert response is not None and response.status == 200
        assert html_variant(page) == ["standard", "auto"]
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        context.close()
