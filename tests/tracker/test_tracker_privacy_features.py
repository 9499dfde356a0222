"""What the tracker promises a reader: a tracker that stays theirs while they use it, never orphaned when
they open another, deleted whatever its size, a form over the limit refused whole, and a privacy page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of
from local.serve.server import Gateway
from readwell.storage.tracker import TrackerRepository
from readwell.tracker import identity, privacy
from readwell.tracker.history import EARLIEST_DAY
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.service import TrackerService
from readwell.web.forms import MAX_FORM_BODY
from tests.tracker.browser import HOST, TRACKER, Browser


@pytest.fixture
def service(aws: Account) -> TrackerService:
    client = dynamodb_client_of(aws, "TrackerFunction")
    return TrackerService(TrackerRepository("TrackerTable", client), limiter_key=lambda: b"tests")


def set_cookie(reply: Any, name: str) -> str | None:
    return next((v for k, v in reply.headers if k == "Set-Cookie" and v.startswith(f"{name}=")), None)


def test_every_use_of_the_tracker_renews_its_cookie_for_the_longest_life_browsers_allow(browser: Browser) -> None:
    browser.start()
    token = browser.cookies[TRACKER]
    for reply in (browser.get("/tracker"), browser.add("2026-02-01", "70"), browser.get("/tracker/export.csv")):
        cookie = set_cookie(reply, TRACKER)
        assert cookie is not None and cookie.startswith(f"{TRACKER}={token};")
        assert f"Max-Age={identity.COOKIE_MAX_AGE}" in cookie and identity.COOKIE_MAX_AGE <= 400 * 86400
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie  # what __Host- demands


def test_a_browser_without_a_tracker_is_given_no_cookie(browser: Browser) -> None:
    assert set_cookie(browser.get("/tracker"), TRACKER) is None
    assert set_cookie(browser.get("/tracker/open"), TRACKER) is None


def test_opening_another_tracker_asks_first_and_shows_the_code_of_the_one_open_now(browser: Browser) -> None:
    browser.start()
    wanted = identity.recovery_code(browser.cookies[TRACKER])
    other = Browser(browser.gateway)
    other.start()
    own = other.cookies[TRACKER]
    asked = other.post("/tracker/open", {"recovery_code": wanted})
    assert asked.status == 409 and "<h1>Switch to another tracker?</h1>" in asked.text
    assert identity.recovery_code(own) in asked.text and other.cookies[TRACKER] == own
    assert 'name="confirm_switch" value="yes"' in asked.text
    switched = other.post("/tracker/open", {"recovery_code": wanted, "confirm_switch": "yes"})
    assert switched.status == 303 and other.cookies[TRACKER] == browser.cookies[TRACKER]
    back = Browser(browser.gateway)
    assert back.post("/tracker/open", {"recovery_code": identity.recovery_code(own)}).status == 303  # not orphaned


def test_opening_the_tracker_already_open_does_not_ask(browser: Browser) -> None:
    browser.start()
    reply = browser.post("/tracker/open", {"recovery_code": identity.recovery_code(browser.cookies[TRACKER])})
    assert reply.status == 303


def test_the_tracker_page_shows_the_readers_own_recovery_code_on_request(browser: Browser) -> None:
    browser.start()
    assert 'href="/tracker/recovery-code"' in browser.get("/tracker").text
    page = browser.get("/tracker/recovery-code")
    assert page.status == 200 and identity.recovery_code(browser.cookies[TRACKER]) in page.text
    assert Browser(browser.gateway).get("/tracker/recovery-code").status == 303  # no tracker: nothing to show


@pytest.mark.parametrize("size", [MAX_FORM_BODY + 1, 40 * 1024, 64 * 1024 - 1, 64 * 1024 + 1])
def test_a_form_body_over_the_one_limit_gets_the_413_page_and_changes_nothing(
    browser: Browser, table_items: Any, size: int
) -> None:
    browser.start()
    before = table_items()
    form = f"csrf_token={browser.csrf()}&date=2026-02-01&weight=70&note="
    body = (form + "x" * (size - len(form))).encode()
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", f"https://{HOST}")]
    reply = browser._call("POST", "/tracker/entries", browser._headers(headers), body)
    assert reply.status == 413 and "<h1>" in reply.text and "Traceback" not in reply.text
    assert table_items() == before


def test_a_form_body_at_the_limit_is_read_whole(browser: Browser, table_items: Any) -> None:
    browser.start()
    form = f"csrf_token={browser.csrf()}&date=2026-02-01&weight=70&note="
    body = (form + "x" * (MAX_FORM_BODY - len(form))).encode()
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", f"https://{HOST}")]
    assert browser._call("POST", "/tracker/entries", browser._headers(headers), body).status == 303
    assert any(item["SK"]["S"] == "MONTH#2026-02" for item in table_items())


def largest_tracker(browser: Browser, service: TrackerService) -> int:
    """A tracker holding a weight for every day from the earliest allowed to today, seeded in batches."""
    browser.start(start_date=EARLIEST_DAY.isoformat())
    tracker = service.require(browser.cookies[TRACKER])
    days = (date.today() - EARLIEST_DAY).days + 1
    entries = [Entry((EARLIEST_DAY + timedelta(days=n)).isoformat(), 99_999 + n % 7) for n in range(days)]
    service.store.import_history(tracker.hash, Profile(start_date=EARLIEST_DAY.isoformat(), unit="kg"), entries)
    return days


@pytest.mark.long
def test_the_largest_possible_tracker_pages_exports_and_is_deleted_in_one_request(
    browser: Browser, service: TrackerService, table_items: Any
) -> None:
    days = largest_tracker(browser, service)
    page = browser.get("/tracker").text
    assert page.count('<th scope="row">') == 50 and f"({days:,} in all)" in page
    export = browser.get("/tracker/export.csv")
    assert export.status == 200 and export.text.count("\n") == days + 1  # a header line, then every day
    deleted = browser.post("/tracker/delete", {"csrf_token": browser.csrf()})
    assert deleted.status == 200 and "<h1>Your tracker has been deleted</h1>" in deleted.text
    assert table_items() == [] and TRACKER not in browser.cookies


def test_a_deletion_cut_short_is_gone_for_the_reader_at_once_and_finished_by_their_next_visit(
    browser: Browser, service: TrackerService, table_items: Any
) -> None:
    browser.start(start_date="2020-01-01")
    tracker = service.require(browser.cookies[TRACKER])
    entries = [Entry((date(2020, 1, 1) + timedelta(days=n)).isoformat(), 70_000) for n in range(400)]
    service.store.import_history(tracker.hash, tracker.profile, entries)
    assert service.delete(tracker, more_time=lambda: False) is False  # the function ran out of time at once
    opening = Browser(browser.gateway).post("/tracker/open", {"recovery_code": identity.recovery_code(tracker.token)})
    assert service.find(tracker.token) is None and "does not match a tracker" in opening.text  # nobody can open it
    assert {item["SK"]["S"] for item in table_items()} >= {"DELETING", "MONTH#2020-01"}
    finished = browser.get("/tracker")
    assert "<h1>Your tracker has been deleted</h1>" in finished.text
    assert [i for i in table_items() if i["PK"]["S"].startswith("TRACKER#")] == [] and TRACKER not in browser.cookies


def test_the_deleting_page_lets_the_reader_finish_it(
    browser: Browser, service: TrackerService, table_items: Any, gateway: Gateway
) -> None:
    browser.start()
    tracker = service.require(browser.cookies[TRACKER])
    service.add_entry(tracker, {"date": "2026-02-01", "weight": "70"})
    csrf = browser.csrf()
    assert service.delete(tracker, more_time=lambda: False) is False
    reply = browser.post("/tracker/delete", {"csrf_token": csrf})
    assert "<h1>Your tracker has been deleted</h1>" in reply.text and table_items() == []


def test_a_deletion_cut_short_goes_on_only_for_a_form_from_its_own_page(
    browser: Browser, service: TrackerService, table_items: Any
) -> None:
    """The delete rule: the deleting page's form (its token's form token) goes on with the deletion; a form
    without that proof, or without the tracker's cookie, goes on with nothing."""
    browser.start()
    tracker = service.require(browser.cookies[TRACKER])
    service.add_entry(tracker, {"date": "2026-02-01", "weight": "70"})
    assert service.delete(tracker, more_time=lambda: False) is False
    form_token = identity.csrf_token(tracker.token)
    assert service.resume_delete(tracker.token, "0" * len(form_token), lambda: True) is None
    assert service.resume_delete(None, form_token, lambda: True) is None
    assert any(item["PK"]["S"].startswith("TRACKER#") for item in table_items())
    forged = browser.post("/tracker/delete", {"csrf_token": "0" * len(form_token)})
    assert forged.status == 403 and any(item["PK"]["S"].startswith("TRACKER#") for item in table_items())
    assert service.resume_delete(tracker.token, form_token, lambda: True) is True
    assert [item for item in table_items() if item["PK"]["S"].startswith("TRACKER#")] == []


def test_height_in_feet_and_inches_is_kept_in_centimetres(browser: Browser, table_items: Any) -> None:
    browser.start(height_feet="5", height_inches="7")
    assert table_items()[0]["height_cm"]["N"] == "170.2"
    page = browser.post("/tracker/start", {"start_date": "2026-01-01", "height_cm": "170", "height_feet": "5"})
    assert page.status == 303  # this browser already has a tracker: the form is not read again


def test_the_privacy_page_states_what_is_kept_where_and_for_how_long(browser: Browser) -> None:
    page = browser.get("/privacy")
    assert page.status == 200 and (page.header("Cache-Control") or "").startswith("public")
    text = re.sub(r"\s+", " ", page.text)
    assert f"up to {privacy.RECOVERY_PERIOD_DAYS} days" in text and "in whole grams" in text
    assert "SHA-256" in text and "logs or performance traces" in text and "How to delete it" in text
    browser.start()
    for path in ("/tracker", "/tracker/recovery-code", "/tracker/delete", "/tracker/open", "/"):
        assert 'href="/privacy"' in browser.get(path).text, path
