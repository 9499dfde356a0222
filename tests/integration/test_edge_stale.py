"""Readers still get the article when the origin fails: stale-if-error and stale-while-revalidate at the edge.

Cacheable pages say how long past expiry a cache may use its old copy (responses.PAGE_CACHE). The origin
fails for real (DynamoDB answering 500 at botocore's boundary, so the site answers its 503 page) or does
not answer at all (a TimeoutError where CloudFront's origin read would time out).
"""

from __future__ import annotations

from typing import Any

import pytest

from local.edge.emulator import EdgeCache
from local.serve.server import Gateway
from readwell.web.responses import EDGE_SECONDS, PAGE_CACHE, REVALIDATE_SECONDS, STALE_IF_ERROR_SECONDS
from tests.integration.edge_helpers import ARTICLE, EDGE_STACK, SECRET, Clock, get
from tests.reliability.faults import INTERNAL, fault, recorded_sleeps
from tests.tracker.browser import Browser

pytestmark = EDGE_STACK

STALE = "RefreshHit from cloudfront"


class Failing:
    """The origin, until told to stop answering (as a timed-out origin read)."""

    def __init__(self, origin: Gateway) -> None:
        self.origin = origin
        self.down = False

    def __call__(self, *request: Any) -> Any:
        if self.down:
            raise TimeoutError("the origin did not answer in time")
        return self.origin(*request)


@pytest.fixture
def failing(origin: Gateway) -> Failing:
    return Failing(origin)


@pytest.fixture
def edge(failing: Failing, clock: Clock) -> EdgeCache:
    return EdgeCache(failing, SECRET, clock=clock)


def test_pages_say_how_long_a_cache_may_use_an_old_copy(origin: Gateway) -> None:
    reply = get(EdgeCache(origin, SECRET), ARTICLE)
    assert reply.header("Cache-Control") == PAGE_CACHE
    assert f"stale-if-error={STALE_IF_ERROR_SECONDS}" in PAGE_CACHE and STALE_IF_ERROR_SECONDS >= 24 * 3600
    assert f"stale-while-revalidate={REVALIDATE_SECONDS}" in PAGE_CACHE


def test_a_dynamodb_outage_gives_readers_the_cached_article(
    edge: EdgeCache, clock: Clock, function_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = get(edge, ARTICLE)
    clock.now += EDGE_SECONDS + REVALIDATE_SECONDS + 1  # past expiry and past stale-while-revalidate
    with recorded_sleeps(monkeypatch), fault(function_client("SiteFunction"), "GetItem", INTERNAL) as seen:
        during = get(edge, ARTICLE)
    assert seen.injected  # the origin did try, and failed with its 503 page
    assert (during.status, during.header("X-Cache"), during.body) == (200, STALE, cached.body)


def test_an_origin_that_does_not_answer_gives_the_cached_article(
    edge: EdgeCache, failing: Failing, clock: Clock
) -> None:
    cached = get(edge, ARTICLE)
    clock.now += EDGE_SECONDS + REVALIDATE_SECONDS + 1
    failing.down = True
    during = get(edge, ARTICLE)
    assert (during.status, during.header("X-Cache"), during.body) == (200, STALE, cached.body)
    never_cached = get(edge, "/glossary")
    assert (never_cached.status, never_cached.header("X-Cache")) == (504, "Error from cloudfront")


def test_no_stale_copy_after_its_stale_if_error_window(
    edge: EdgeCache, failing: Failing, clock: Clock, function_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    get(edge, ARTICLE)
    clock.now += EDGE_SECONDS + STALE_IF_ERROR_SECONDS - 1
    failing.down = True
    assert get(edge, ARTICLE).header("X-Cache") == STALE  # the last second of the window
    clock.now += 2
    gone = get(edge, ARTICLE)
    assert (gone.status, gone.header("X-Cache")) == (504, "Error from cloudfront")
    failing.down = False
    with recorded_sleeps(monkeypatch), fault(function_client("SiteFunction"), "GetItem", INTERNAL):
        error = get(edge, ARTICLE)
    assert (error.status, error.header("X-Cache")) == (503, "Error from cloudfront")
    assert "Sorry, the service is busy" in error.text


def test_within_stale_while_revalidate_the_old_copy_is_served_and_refreshed(
    edge: EdgeCache, failing: Failing, clock: Clock
) -> None:
    get(edge, ARTICLE)
    clock.now += EDGE_SECONDS + REVALIDATE_SECONDS - 1
    failing.down = True  # the refresh fails: the old copy is still served, and kept
    asked = edge.origin_requests
    assert get(edge, ARTICLE).header("X-Cache") == STALE and edge.origin_requests == asked + 1
    failing.down = False
    assert get(edge, ARTICLE).header("X-Cache") == STALE  # this refresh succeeds...
    assert get(edge, ARTICLE).header("X-Cache") == "Hit from cloudfront"  # ...so the next reader has a fresh copy


def test_tracker_pages_are_never_served_stale(
    edge: EdgeCache, failing: Failing, clock: Clock, function_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Browser(edge)
    reader.start()
    reader.add("2026-02-01", "83.7")
    assert reader.get("/tracker").status == 200
    clock.now += 60
    with recorded_sleeps(monkeypatch), fault(function_client("TrackerFunction"), "Query", INTERNAL):
        during = reader.get("/tracker")
    assert during.status == 503 and "83.7" not in during.text
    assert during.header("X-Cache") == "Error from cloudfront"
    failing.down = True
    assert reader.get("/tracker/recovery-code").status == 504
    assert not [key for key in edge.stored if str(key[1]).startswith("/tracker")]
