"""A new recovery code: asked for on the tracker's own page, the old code refused at once, the new one opening
everything; the move to the new key cut short at any DynamoDB call loses nothing and is finished by the reader's
next request; no page shows a tracker only partly moved."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of
from readwell.storage.tracker import TrackerRepository
from readwell.storage.tracker_move import MOVED_PER_STEP
from readwell.tracker import identity
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from tests.reliability.faults import VirtualClock, fault, virtual_time
from tests.support.dynamodb_calls import dynamodb_calls
from tests.tracker.browser import TRACKER, Browser

MONTHS = 2 * MOVED_PER_STEP + 7  # three steps of months: full, full, and the rest
FIRST = date(2000, 1, 1)
HISTORY = [Entry((FIRST + timedelta(days=31 * n + n % 3)).isoformat(), 60_000 + 37 * n) for n in range(MONTHS)]


@pytest.fixture
def tracker_client(aws: Account) -> Any:
    return dynamodb_client_of(aws, "TrackerFunction")


def with_history(browser: Browser, tracker_client: Any) -> str:
    """A tracker in this browser holding HISTORY (written through the tracker's own repository); its old token."""
    browser.start(start_date=FIRST.isoformat())
    token = browser.cookies[TRACKER]
    repository = TrackerRepository("TrackerTable", tracker_client)
    repository.client.delete_item(  # replaced whole by the history's own profile
        TableName="TrackerTable", Key={"PK": {"S": f"TRACKER#{identity.token_hash(token)}"}, "SK": {"S": "PROFILE"}}
    )
    repository.import_history(identity.token_hash(token), Profile(start_date=FIRST.isoformat(), unit="kg"), HISTORY)
    return token


def stored_days(admin: Any) -> dict[str, dict[str, int]]:
    """Every stored day's grams by the tracker it is under, straight from the table."""
    found: dict[str, dict[str, int]] = {}
    for item in admin.scan(TableName="TrackerTable")["Items"]:
        if item["SK"]["S"].startswith("MONTH#"):
            month, days = item["SK"]["S"][6:], found.setdefault(item["PK"]["S"], {})
            days |= {f"{month}-{k[1:]}": int(v["N"]) for k, v in item.items() if k[0] == "d" and k[1:].isdigit()}
    return found


def profiles(admin: Any) -> dict[str, dict[str, Any]]:
    items = admin.scan(TableName="TrackerTable")["Items"]
    return {item["PK"]["S"]: item for item in items if item["SK"]["S"] == "PROFILE"}


def opens(gateway: Any, token: str) -> int:
    return Browser(gateway).post("/tracker/open", {"recovery_code": identity.recovery_code(token)}).status


def test_the_question_changes_nothing_and_the_answer_shows_a_new_code_that_alone_opens_everything(
    browser: Browser, tracker_client: Any, admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In virtual time (only pauses move the clock), so the move is never cut short by a slow machine."""
    monkeypatch.setattr(time, "monotonic", VirtualClock(time.monotonic).monotonic)
    old = with_history(browser, tracker_client)
    assert 'href="/tracker/new-code"' in browser.get("/tracker").text
    asked = browser.get("/tracker/new-code")
    assert asked.status == 200 and "<h1>Get a new recovery code</h1>" in asked.text and browser.cookies[TRACKER] == old
    before = profiles(admin)[f"TRACKER#{identity.token_hash(old)}"]
    done = browser.post("/tracker/new-code", {"csrf_token": browser.csrf()})
    assert done.status == 200 and done.header("Cache-Control") == "private, no-store"
    new = browser.cookies[TRACKER]
    assert new != old and f"<code>{identity.recovery_code(new)}</code>" in done.text
    assert opens(browser.gateway, old) == 400 and opens(browser.gateway, new) == 303
    assert stored_days(admin) == {f"TRACKER#{identity.token_hash(new)}": {e.day: e.grams for e in HISTORY}}
    after = profiles(admin)
    assert list(after) == [f"TRACKER#{identity.token_hash(new)}"]
    moved = after[f"TRACKER#{identity.token_hash(new)}"]
    assert {k: v for k, v in moved.items() if k != "PK"} == {k: v for k, v in before.items() if k != "PK"}
    assert f"({MONTHS:,} in all)" in browser.get("/tracker").text


def test_a_forged_or_cross_site_form_changes_no_code(browser: Browser, admin: Any) -> None:
    browser.start()
    old = browser.cookies[TRACKER]
    assert browser.post("/tracker/new-code", {"csrf_token": "0" * 64}).status == 403
    other = [("Sec-Fetch-Site", "cross-site")]
    assert browser.post("/tracker/new-code", {"csrf_token": browser.csrf()}, headers=other).status == 403
    assert browser.cookies[TRACKER] == old and opens(browser.gateway, old) == 303


def calls_of_a_whole_move(browser: Browser, tracker_client: Any) -> dict[str, int]:
    with_history(browser, tracker_client)
    csrf = browser.csrf()
    with dynamodb_calls(tracker_client) as calls:
        assert browser.post("/tracker/new-code", {"csrf_token": csrf}).status == 200
    return dict(calls)


def test_a_whole_move_takes_bounded_steps(
    browser: Browser, tracker_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "monotonic", VirtualClock(time.monotonic).monotonic)
    calls = calls_of_a_whole_move(browser, tracker_client)
    # The form's tracker, the profile to copy, one transaction to begin and one per step of months, a Query
    # before each step and one that finds none left, and the mark removed.
    steps = -(-MONTHS // MOVED_PER_STEP)
    assert calls == {"GetItem": 2, "TransactWriteItems": 1 + steps, "Query": steps + 1, "UpdateItem": 1}


CUTS = [("GetItem", 2), ("TransactWriteItems", 1), ("TransactWriteItems", 2), ("TransactWriteItems", 3)]
CUTS += [("TransactWriteItems", 4), ("Query", 1), ("Query", 2), ("Query", 4), ("UpdateItem", 1)]


@pytest.mark.parametrize(("operation", "call"), CUTS, ids=[f"{op}-{n}" for op, n in CUTS])
def test_a_move_cut_short_at_any_call_loses_nothing_and_the_next_request_finishes_it(
    browser: Browser,
    tracker_client: Any,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    call: int,
) -> None:
    monkeypatch.setattr(time, "monotonic", VirtualClock(time.monotonic).monotonic)
    old = with_history(browser, tracker_client)
    csrf = browser.csrf()
    with virtual_time(monkeypatch), fault(tracker_client, operation, "timeout", when=lambda n: n >= call) as cut:
        answer = browser.post("/tracker/new-code", {"csrf_token": csrf})
        if browser.cookies[TRACKER] != old:  # the move began: a page during it never shows part of the history
            during = browser.get("/tracker")
            shown = during.status == 200 and "<h1>Your tracker is moving to its new code</h1>" in during.text
            assert shown or during.status in (303, 503)  # moving, finished (to see again), or "try again"
    assert cut.injected
    token = browser.cookies[TRACKER]
    if token == old:  # cut before the move began: nothing changed, and the reader was told to try again
        assert answer.status == 503 and opens(browser.gateway, old) == 303
    else:
        assert answer.status == 200 and f"<code>{identity.recovery_code(token)}</code>" in answer.text
        assert opens(browser.gateway, old) == 400  # refused from the moment the move began
    page = browser.get("/tracker")
    if page.status == 303:
        page = browser.get(page.header("Location") or "/tracker")
    assert page.status == 200 and f"({MONTHS:,} in all)" in page.text
    assert stored_days(admin) == {f"TRACKER#{identity.token_hash(token)}": {e.day: e.grams for e in HISTORY}}
    assert [p.get("moving_from") for p in profiles(admin).values()] == [None]


def test_a_form_sent_during_an_unfinished_move_is_sent_again_once_it_is_over(
    browser: Browser, tracker_client: Any, admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "monotonic", VirtualClock(time.monotonic).monotonic)
    with_history(browser, tracker_client)
    csrf = browser.csrf()
    with virtual_time(monkeypatch), fault(tracker_client, "Query", "timeout", when=lambda n: n >= 2):
        assert browser.post("/tracker/new-code", {"csrf_token": csrf}).status == 200
    new_csrf = identity.csrf_token(browser.cookies[TRACKER])
    again = browser.post("/tracker/entries", {"csrf_token": new_csrf, "date": "2026-02-01", "weight": "70.5"})
    assert again.status == 307 and again.header("Location") == "/tracker/entries"
    assert (
        browser.post("/tracker/entries", {"csrf_token": new_csrf, "date": "2026-02-01", "weight": "70.5"}).status == 303
    )
    days = stored_days(admin)
    assert list(days) == [f"TRACKER#{identity.token_hash(browser.cookies[TRACKER])}"]
    assert len(next(iter(days.values()))) == MONTHS + 1 and re.search(r"70\.5 kg", browser.get("/tracker").text)
