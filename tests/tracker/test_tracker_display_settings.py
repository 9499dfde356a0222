"""The display settings on tracker pages: every tracker page honours and offers them, including the
pages that answer a POST, whose form must return to an address that can be opened again."""

from __future__ import annotations

import re

import pytest

from tests.tracker.browser import Browser

RETURN_TO = re.compile(r'name="return_to" value="([^"]*)"')


def return_to(html: str) -> str:
    found = RETURN_TO.search(html)
    assert found, "the page offers the display settings form"
    return found.group(1)


def test_a_start_form_error_sends_the_display_settings_back_to_the_tracker(browser: Browser) -> None:
    reply = browser.post("/tracker/start", {"start_date": "2999-01-01", "unit": "kg"})
    assert reply.status == 400
    assert return_to(reply.text) == "/tracker"


def test_the_started_page_sends_the_display_settings_back_to_the_tracker(browser: Browser) -> None:
    assert return_to(browser.start().text) == "/tracker"


def test_an_entry_error_sends_the_display_settings_back_to_the_tracker(browser: Browser) -> None:
    browser.start()
    reply = browser.add("2999-01-01", "-3")
    assert reply.status == 400
    assert return_to(reply.text) == "/tracker"


def test_a_paged_tracker_page_comes_back_to_the_same_page(browser: Browser) -> None:
    browser.start()
    assert return_to(browser.get("/tracker?page=2").text) == "/tracker?page=2"


def test_the_tracker_page_says_the_display_settings_were_saved(browser: Browser) -> None:
    browser.start()
    saved = browser.post("/preferences", {"text_size": "largest", "scheme": "high", "return_to": "/tracker"})
    assert saved.status == 303 and saved.header("Location") == "/tracker"
    page = browser.get("/tracker")
    assert 'data-text-size="largest" data-scheme="high"' in page.text
    assert "Display settings saved: text size 200%, high contrast," in page.text


@pytest.mark.parametrize(("method", "path"), [("GET", "/tracker/start"), ("GET", "/tracker/nothing-here")])
def test_tracker_error_pages_keep_the_readers_display_settings(browser: Browser, method: str, path: str) -> None:
    browser.post("/preferences", {"text_size": "larger", "scheme": "high", "return_to": "/"})
    reply = browser._call(method, path, browser._headers())
    assert reply.status in (404, 405)
    assert 'data-text-size="larger" data-scheme="high"' in reply.text
