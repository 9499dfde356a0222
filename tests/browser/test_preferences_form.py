"""The display settings in a real browser: with the keyboard alone, and with JavaScript switched off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE, COMMUNITY, PAGES, SitePage

pytestmark = pytest.mark.browser

SAVED = "Display settings saved: text size 200%, dark colours, widest line spacing, full reading width."


def html_variant(page: Page) -> list[str]:
    return page.evaluate(
        "() => ['textSize', 'scheme', 'spacing', 'width'].map((name) => document.documentElement.dataset[name])"
    )


def root_font_size(page: Page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def focused_text(page: Page) -> str:
    return str(page.evaluate("() => (document.activeElement.labels?.[0] ?? document.activeElement).textContent.trim()"))


def tab_to(page: Page, wanted: str, key: str = "Tab") -> None:
    for _ in range(25):  # from where focus starts to the display settings
        page.keyboard.press(key)
        if focused_text(page).startswith(wanted):
            return
    raise AssertionError(f"{wanted!r} was not reached with {key}")


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.name)
def test_display_settings_work_with_the_keyboard_alone(browser: Browser, base_url: str, site_page: SitePage) -> None:
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        site_page.open(page, base_url)
        # A page that answers a form POST (an error, "tracker started") has no address of its own:
        # saving the display settings there returns to the page the form was on, e.g. /tracker.
        start_url = base_url + (site_page.returns_to or site_page.path) if site_page.form else page.url
        # On an error page the focused error summary sits in main, after the display settings: go back.
        key = "Shift+Tab" if page.locator(".error-summary").count() else "Tab"
        tab_to(page, "More display settings", key)
        page.keyboard.press("Enter")  # opens the <details>
        page.keyboard.press("Tab")
        assert focused_text(page) == "Same as my device"
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        assert focused_text(page) == "Dark: light text on dark grey"
        page.keyboard.press("Tab")
        assert focused_text(page) == "Standard"  # line spacing
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert focused_text(page) == "Widest"
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
        assert focused_text(page) == "The full width of my window"
        page.keyboard.press("Tab")
        assert focused_text(page) == "Save display settings"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == start_url and html_variant(page) == ["standard", "dark", "widest", "full"]
        # Then the text size, in one action: Shift+Tab back from the disclosure to the 200% button.
        page.locator("summary.display-settings__summary").focus()
        page.keyboard.press("Shift+Tab")
        assert focused_text(page) == "Text size 200%"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == start_url and html_variant(page) == ["largest", "dark", "widest", "full"]
        expect(page.locator(".notice[role=status]")).to_have_text("Text size set to 200%.")
    finally:
        context.close()


def test_one_activation_makes_the_text_200_percent_without_javascript(browser: Browser, base_url: str) -> None:
    """The first must of the display settings: text-size buttons are in view, and one press of 200% doubles the text."""
    context = new_context(browser, base_url, java_script_enabled=False, bypass_csp=False)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        standard_size = root_font_size(page)
        largest = page.get_by_role("button", name="Text size 200%")
        expect(largest).to_be_visible()  # nothing to open first
        expect(page.get_by_role("button", name="Text size 100%")).to_have_attribute("aria-current", "true")
        with page.expect_navigation():
            largest.click()
        assert page.url == base_url + ARTICLE
        assert root_font_size(page) == 2 * standard_size
        expect(page.get_by_role("button", name="Text size 200%")).to_have_attribute("aria-current", "true")
        expect(page.get_by_role("button", name="Text size 100%")).not_to_have_attribute("aria-current", "true")
        expect(page.locator(".notice[role=status]")).to_have_text("Text size set to 200%.")
    finally:
        context.close()


def test_every_setting_without_javascript_returns_to_the_article_and_persists(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url, java_script_enabled=False, bypass_csp=False)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        standard_size = root_font_size(page)
        standard_line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).lineHeight)")
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"

        with page.expect_navigation():
            page.get_by_role("button", name="Text size 200%").click()
        page.locator("summary", has_text="More display settings").click()
        page.get_by_label("Dark: light text on dark grey").check()
        page.get_by_label("Widest").check()
        page.get_by_label("The full width of my window").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save display settings").click()

        assert page.url == base_url + ARTICLE
        assert html_variant(page) == ["largest", "dark", "widest", "full"]
        assert root_font_size(page) == 2 * standard_size
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
        line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).lineHeight)")
        assert line / standard_line > 2.6  # twice the text, and 2.2 / 1.6 the spacing
        assert page.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth") == "none"
        expect(page.locator(".notice[role=status]")).to_have_text(SAVED)
        expect(page.get_by_label("Dark: light text on dark grey")).to_be_checked()

        # The click's navigation is awaited: the URL changes before the new document exists to be read.
        with page.expect_navigation():
            breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
            breadcrumbs.get_by_role("link", name="Breast Cancer: Stage 3 & 4").click()
        assert page.url == base_url + COMMUNITY
        assert html_variant(page) == ["largest", "dark", "widest", "full"]
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
        assert html_variant(page) == ["standard", "auto", "standard", "comfortable"]
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        context.close()
