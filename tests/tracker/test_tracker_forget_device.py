"""Forgetting the tracker on a shared device: a question first that shows the recovery code to write down, the
cookie cleared only by the confirming form from the tracker's own page, and the tracker itself kept."""

from __future__ import annotations

from typing import Any

from readwell.tracker import identity
from tests.tracker.browser import TRACKER, Browser


def cookie_headers(reply: Any) -> list[str]:
    return [v for k, v in reply.headers if k == "Set-Cookie" and v.startswith(f"{TRACKER}=")]


def test_the_question_shows_the_code_and_forgets_nothing_until_confirmed(browser: Browser) -> None:
    browser.start()
    token = browser.cookies[TRACKER]
    assert 'href="/tracker/forget"' in browser.get("/tracker").text
    asked = browser.get("/tracker/forget")
    assert asked.status == 200 and asked.header("Cache-Control") == "private, no-store"
    assert "<h1>Forget this tracker on this device</h1>" in asked.text
    assert f"<code>{identity.recovery_code(token)}</code>" in asked.text
    assert all("Max-Age=0" not in cookie for cookie in cookie_headers(asked)) and browser.cookies[TRACKER] == token


def test_confirming_clears_the_cookie_and_keeps_the_tracker_for_its_code(browser: Browser) -> None:
    browser.start()
    browser.add("2026-02-01", "70.5")
    token = browser.cookies[TRACKER]
    done = browser.post("/tracker/forget", {"csrf_token": browser.csrf()})
    assert done.status == 200 and "<h1>This device has forgotten your tracker</h1>" in done.text
    [cleared] = cookie_headers(done)
    assert cleared.startswith(f"{TRACKER}=;") and "Max-Age=0" in cleared
    assert TRACKER not in browser.cookies and "Start your weight tracker" in browser.get("/tracker").text
    reopened = browser.post("/tracker/open", {"recovery_code": identity.recovery_code(token)})
    assert reopened.status == 303 and "70.5 kg" in browser.get("/tracker").text


def test_a_forged_or_cross_site_form_forgets_nothing(browser: Browser) -> None:
    browser.start()
    token = browser.cookies[TRACKER]
    forged = browser.post("/tracker/forget", {"csrf_token": "0" * 64})
    cross_site = browser.post(
        "/tracker/forget", {"csrf_token": browser.csrf()}, headers=[("Sec-Fetch-Site", "cross-site")]
    )
    other_origin = browser.post(
        "/tracker/forget", {"csrf_token": browser.csrf()}, headers=[("Origin", "https://elsewhere.test")]
    )
    for reply in (forged, cross_site, other_origin):
        assert reply.status == 403 and all("Max-Age=0" not in c for c in cookie_headers(reply))
    assert browser.cookies[TRACKER] == token


def test_without_a_tracker_there_is_nothing_to_forget(browser: Browser) -> None:
    assert browser.get("/tracker/forget").status == 303
    assert browser.post("/tracker/forget", {"csrf_token": "x"}).status == 303
