"""The tracker's writes when DynamoDB is busy: paced and bounded retries, then a 503 that keeps what was typed.

Against a moto server over HTTP: a write answered at botocore's before-send is then never sent, so "nothing
was written" is true of the table, not only of the answer (moto's in-process mock would still apply it).
Time is virtual (tests/reliability/faults.py): pauses are recorded, not slept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of as client_of
from local.serve.server import Gateway
from readwell.storage import retry
from readwell.tracker.service import RACES
from tests.reliability.faults import (
    FOREVER,
    THROTTLING,
    answered,
    cancelled,
    fault,
    nothing_read,
    nothing_written,
    slow,
    virtual_time,
)
from tests.reliability.moto_server import fresh_account, moto_dynamodb_server
from tests.reliability.tables import snapshot
from tests.tracker.browser import TRACKER, Browser

ENTRY = {"date": "2026-02-02", "weight": "74.3"}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with moto_dynamodb_server() as url:
        yield url


@pytest.fixture
def account(moto_url: str) -> Account:
    return fresh_account(moto_url)


@pytest.fixture
def browser(account: Account) -> Browser:
    browser = Browser(Gateway(account))
    browser.start()
    browser.add("2026-02-01", "75.5")
    return browser


@pytest.fixture
def tracker_client(account: Account) -> Any:
    return client_of(account, "TrackerFunction")


@pytest.fixture
def tables(account: Account) -> Any:
    return lambda: snapshot(account.admin_client())


def assert_kept_and_not_saved(reply: Any) -> None:
    assert reply.status == 503 and reply.header("Retry-After") == "30"
    assert "Your entry was NOT saved" in reply.text and 'role="alert"' in reply.text
    assert 'value="74.3"' in reply.text and 'value="2026-02-02"' in reply.text


def assert_within_ceilings(pauses: list[float], backoff: retry.Backoff) -> None:
    assert all(0 <= pause <= backoff.ceiling(n) for n, pause in enumerate(pauses, start=1))


@pytest.mark.parametrize("reason", ["ThrottlingError", "TransactionConflict", "ProvisionedThroughputExceeded"])
def test_a_transaction_cancelled_for_now_is_retried_then_the_form_comes_back_with_the_weight(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch, reason: str
) -> None:
    """Not an edit conflict: no 409, and the weight the reader typed is still in the form."""
    before, csrf = tables(), browser.csrf()
    with (
        virtual_time(monkeypatch) as clock,
        answered(tracker_client, "TransactWriteItems", cancelled(reason)) as seen,
    ):
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    assert_kept_and_not_saved(reply)
    assert seen.attempts == retry.BUSY.tries
    assert len(clock.pauses) == retry.BUSY.tries - 1
    assert_within_ceilings(clock.pauses, retry.BUSY)
    assert tables() == before


def test_a_transaction_whose_condition_failed_is_a_conflict_the_write_settles_by_reading_again(
    browser: Browser, tracker_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf, first_only = browser.csrf(), lambda attempt: attempt == 1
    with (
        virtual_time(monkeypatch),
        answered(tracker_client, "TransactWriteItems", cancelled("ConditionalCheckFailed"), when=first_only) as seen,
    ):
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    assert reply.status == 303 and reply.header("Location") == "/tracker?done=added"
    assert seen.attempts == 2  # not retried as it was: read afresh, then written
    assert "74.3" in browser.get("/tracker").text


def test_a_condition_that_keeps_failing_is_still_the_conflict_page(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, csrf = tables(), browser.csrf()
    with (
        virtual_time(monkeypatch) as clock,
        answered(tracker_client, "TransactWriteItems", cancelled("ConditionalCheckFailed")) as seen,
    ):
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    assert reply.status == 409 and "This changed while you were working" in reply.text
    assert seen.attempts == RACES.tries
    assert_within_ceilings(clock.pauses, RACES)
    assert tables() == before


def test_a_write_whose_state_stays_unprocessed_comes_back_with_the_weight(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, csrf = tables(), browser.csrf()
    with (
        virtual_time(monkeypatch) as clock,
        answered(tracker_client, "BatchGetItem", nothing_read, when=lambda n: n <= FOREVER) as seen,
    ):
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    print(f"\ntracker state unprocessed forever: {seen.attempts} BatchGetItem, pauses {clock.pauses}")
    assert_kept_and_not_saved(reply)
    assert seen.attempts == retry.BUSY.tries
    assert_within_ceilings(clock.pauses, retry.BUSY)
    assert tables() == before


def test_a_write_slowed_to_its_deadline_still_comes_back_with_the_weight(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read of the day's month takes 2 s and does nothing: the retries stop while there is still time for
    the read of the tracker's page that the form comes back on."""
    before, csrf = tables(), browser.csrf()
    with (
        virtual_time(monkeypatch) as clock,
        answered(tracker_client, "BatchGetItem", nothing_read) as seen,
        slow(tracker_client, clock, 2.0, "BatchGetItem"),
    ):
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    assert_kept_and_not_saved(reply)
    assert seen.attempts == 2
    assert tables() == before


def test_a_deletion_whose_deletes_stay_unprocessed_stops_busy_and_goes_on_at_the_next_visit(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser.add("2026-03-01", "74.9")  # a second month
    csrf = browser.csrf()
    with (
        virtual_time(monkeypatch) as clock,
        answered(tracker_client, "BatchWriteItem", nothing_written, when=lambda n: n <= FOREVER) as seen,
    ):
        reply = browser.post("/tracker/delete", {"csrf_token": csrf})
    print(f"\ntracker deletes unprocessed forever: {seen.attempts} BatchWriteItem, pauses {clock.pauses}")
    assert reply.status == 503 and "Sorry, the tracker is not available" in reply.text
    assert seen.attempts == retry.BUSY.tries
    assert_within_ceilings(clock.pauses, retry.BUSY)
    left = [item["SK"]["S"] for item in tables()["TrackerTable"] if item["PK"]["S"].startswith("TRACKER#")]
    assert sorted(left) == ["DELETING", "MONTH#2026-02", "MONTH#2026-03"]  # gone for the reader already

    finished = browser.get("/tracker")
    assert finished.status == 200 and "Your tracker has been deleted" in finished.text
    assert TRACKER not in browser.cookies
    assert not [item for item in tables()["TrackerTable"] if item["PK"]["S"].startswith("TRACKER#")]


def test_a_form_whose_tracker_cannot_be_read_comes_back_to_be_sent_again_and_then_saves(
    browser: Browser, tracker_client: Any, tables: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DynamoDB throttles the very first read (the tracker behind the form): nothing can be checked or saved,
    and the reader gets the "try again" page holding what they typed, which sends it again as it was."""
    before, csrf = tables(), browser.csrf()
    with virtual_time(monkeypatch), fault(tracker_client, "GetItem", THROTTLING) as seen:
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})
    assert seen.attempts == retry.BUSY.tries
    assert reply.status == 503 and reply.header("Retry-After") == "30"
    assert "not been saved yet" in reply.text and "Weight: 74.3" in reply.text
    assert '<form method="post" action="/tracker/entries"' in reply.text
    for name, value in {"csrf_token": csrf, **ENTRY}.items():
        assert f'name="{name}" value="{value}"' in reply.text
    assert tables() == before

    again = browser.post("/tracker/entries", {"csrf_token": csrf, **ENTRY})  # the page's "Try again" form
    assert again.status == 303 and "74.3" in browser.get("/tracker").text


def test_a_recovery_code_is_never_written_into_the_try_again_page(
    account: Account, tracker_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Browser(Gateway(account))
    with virtual_time(monkeypatch), fault(tracker_client, "UpdateItem", THROTTLING):
        reply = reader.post("/tracker/open", {"recovery_code": "AAAA-BBBB-CCCC-DDDD"})
    assert reply.status == 503 and "AAAA" not in reply.text
