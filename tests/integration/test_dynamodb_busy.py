"""DynamoDB busy or slow for longer than a reader can wait: every retry paced, bounded, and over in time.

Faults are answered at botocore's before-send (tests/reliability/faults.py); time is virtual: a pause is
recorded, not slept, and moves the clock on, as a slow answer does, so the function's deadline (its
remaining time, storage/deadline.py) sees time pass as in Lambda. Each case ends in our own 503 page with
Retry-After, never in an endless loop or in Lambda's timeout. The tracker's writes: tests/tracker/.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from readwell.storage import deadline, retry
from readwell.storage.errors import Unavailable
from tests.helpers import call, write_synthetic_content
from tests.reliability.faults import (
    FOREVER,
    VirtualClock,
    answered,
    nothing_read,
    nothing_written,
    slow,
    virtual_time,
)

SEARCH = "/search?q=metastasis"  # one term, which finds articles: one Query, then one BatchGetItem for their cards


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.fixture
def site_client(function_client: Any) -> Any:
    return function_client("SiteFunction")


def timeout_of(gateway: Gateway) -> float:
    return float(gateway.functions["SiteFunction"].timeout_seconds)


def assert_paced(clock: VirtualClock, began: float, timeout: float) -> None:
    """Each pause within its try's ceiling (doubling, capped) and over before the deadline."""
    ends = began + timeout - deadline.ANSWER_SECONDS
    for tries, (at, pause) in enumerate(clock.sleeps, start=1):
        assert 0 <= pause <= retry.BUSY.ceiling(tries) <= retry.BUSY.longest_seconds
        assert at + pause <= ends


def test_a_search_whose_cards_stay_unprocessed_pauses_then_answers_busy(
    gateway: Gateway, site_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        virtual_time(monkeypatch) as clock,
        answered(site_client, "BatchGetItem", nothing_read, when=lambda n: n <= FOREVER) as seen,
    ):
        began = clock.monotonic()
        reply = call(gateway, "GET", SEARCH)
        took = clock.monotonic() - began
    print(f"\nunprocessed keys forever: {seen.attempts} BatchGetItem, pauses {clock.pauses}, 503 after {took:.2f} s")
    assert reply.status == 503 and "<h1>Sorry, the service is busy</h1>" in reply.text
    assert reply.header("Retry-After") == "30"
    assert seen.attempts == retry.BUSY.tries  # the first try and a paced retry for each pause
    assert len(clock.pauses) == retry.BUSY.tries - 1
    assert_paced(clock, began, timeout_of(gateway))
    # Jittered: drawn below each ceiling, not the ceiling itself (all five at it: one chance in 10^8 at most).
    assert any(pause < 0.99 * retry.BUSY.ceiling(n) for n, pause in enumerate(clock.pauses, start=1))


def test_the_pauses_double_up_to_their_cap(gateway: Gateway, site_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With jitter drawing its highest every time, the pauses are exactly the ceilings: 0.1, 0.2, 0.4, then capped."""
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    with virtual_time(monkeypatch) as clock, answered(site_client, "BatchGetItem", nothing_read):
        reply = call(gateway, "GET", SEARCH)
    assert reply.status == 503
    assert clock.pauses == pytest.approx([0.1, 0.2, 0.4, retry.BUSY.longest_seconds])
    assert retry.BUSY.longest_seconds < 0.8  # what doubling alone would have given


def test_a_slow_dynamodb_stops_the_retries_at_the_deadline_before_the_tries_run_out(
    gateway: Gateway, site_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch answer takes 2 s (just inside the read timeout) and does nothing: five tries would take 10 s.
    A retry starts only while it would leave time for one more call after it (a failure's page may read), so
    the second answer, at 4 s of the 9 available, is the last."""
    with (
        virtual_time(monkeypatch) as clock,
        answered(site_client, "BatchGetItem", nothing_read) as seen,
        slow(site_client, clock, 2.0, "BatchGetItem"),
    ):
        began = clock.monotonic()
        reply = call(gateway, "GET", SEARCH)
        took = clock.monotonic() - began
    print(f"\nslow and unprocessed: {seen.attempts} BatchGetItem, 503 after {took:.2f} s")
    assert reply.status == 503 and "<h1>Sorry, the service is busy</h1>" in reply.text
    assert seen.attempts == 2 < retry.BUSY.tries
    assert took <= timeout_of(gateway) - deadline.ANSWER_SECONDS
    assert_paced(clock, began, timeout_of(gateway))


def test_a_slow_dynamodb_gets_no_attempt_that_could_not_end_before_the_deadline(
    gateway: Gateway, site_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six words are six Queries and a BatchGetItem; at 1.9 s an answer, all seven would end after 13 s."""
    with virtual_time(monkeypatch) as clock, slow(site_client, clock, 1.9) as seen:
        began = clock.monotonic()
        reply = call(gateway, "GET", "/search?q=metastasis+cancer+breast+bones+liver+lungs")
        took = clock.monotonic() - began
    print(f"\nevery answer 1.9 s: {seen.attempts} calls sent, 503 after {took:.2f} s")
    assert reply.status == 503 and "<h1>Sorry, the service is busy</h1>" in reply.text
    assert seen.attempts == 4  # the fifth would have started with 1.4 s left, less than an attempt may take
    assert took <= timeout_of(gateway) - deadline.ANSWER_SECONDS


def test_a_publish_whose_search_postings_stay_unprocessed_stops_unavailable(
    content_repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside Lambda (`make publish`) no clock runs out: the tries bound it, and it fails loudly."""
    content = load_content(write_synthetic_content(tmp_path, {"article-one": "Liver and bones."}))
    with (
        virtual_time(monkeypatch) as clock,
        answered(content_repo.client, "BatchWriteItem", nothing_written, when=lambda n: n <= FOREVER) as seen,
        pytest.raises(Unavailable, match="UnprocessedItems"),
    ):
        publish(content, content_repo)
    assert seen.attempts == retry.BUSY.tries
    assert len(clock.pauses) == retry.BUSY.tries - 1
    assert all(pause <= retry.BUSY.ceiling(n) for n, pause in enumerate(clock.pauses, start=1))
    assert content_repo.search_terms("article-one") == {}  # not marked indexed: the next publish does it again
