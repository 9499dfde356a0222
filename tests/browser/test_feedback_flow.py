"""'Was this page useful?' in a real browser with JavaScript off: Yes thanks the reader and the back button returns
to the article; No asks what was missing first; neither leaves a form the browser would send again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE

pytestmark = pytest.mark.browser


def no_javascript(browser: Browser, base_url: str) -> Page:
    return new_context(browser, base_url, java_script_enabled=False, bypass_csp=False).new_page()


def posts_from_now_on(page: Page) -> list[Request]:
    """Every POST the page sends from here on: going back, forward or reloading must send none."""
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    return posts


def test_yes_thanks_the_reader_and_back_returns_to_the_article_without_sending_again(
    browser: Browser, base_url: str
) -> None:
    page = no_javascript(browser, base_url)
    try:
        page.goto(ARTICLE)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"^Yes\b.*this page was useful")).click()
        assert page.url.startswith(base_url + "/feedback/thanks?page=")
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
        posts = posts_from_now_on(page)
        page.go_back()
        assert page.url == base_url + ARTICLE
        page.go_forward()  # the thank-you page by its own address: a GET, never the POST again
        assert page.url.startswith(base_url + "/feedback/thanks?page=")
        page.reload()
        assert posts == []
    finally:
        page.context.close()


def test_no_asks_what_was_missing_then_thanks_and_back_never_resends(browser: Browser, base_url: str) -> None:
    page = no_javascript(browser, base_url)
    try:
        page.goto(ARTICLE)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"^No\b.*this page was not useful")).click()
        assert page.url.startswith(base_url + "/feedback/missing?page=")
        page.get_by_label("What was missing? (optional)").fill("How long treatment takes.")
        with page.expect_navigation():
            page.get_by_role("button", name="Send").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
        posts = posts_from_now_on(page)
        page.go_back()
        assert page.url.startswith(base_url + "/feedback/missing?page=")
        page.go_back()
        assert page.url == base_url + ARTICLE
        assert posts == []
        page.get_by_role("link", name="Go back to the page you were reading")  # exists on the missing page too
    finally:
        page.context.close()
