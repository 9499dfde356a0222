"""Faults at the AWS boundary: DynamoDB throttling, throughput limits, timeouts and 500s.

Reads retry with back-off (storage/attempts.py, on botocore's own events) and then the reader gets a 503 page
with Retry-After; a publish interrupted half way completes on the next run with no duplicates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from readwell.storage import limits, retry
from readwell.storage.content import ACTIONS_PER_REVISION
from readwell.storage.errors import Unavailable
from tests.helpers import call, write_synthetic_content
from tests.reliability.faults import INTERNAL, THROTTLING, THROUGHPUT, fault, recorded_sleeps

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
# Every attempt at a call, the first included (storage/attempts.py decides the retries).
MAX_ATTEMPTS = retry.BUSY.tries


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.mark.parametrize("kind", [THROTTLING, THROUGHPUT, INTERNAL, "timeout"], ids=str)
def test_a_failing_read_is_retried_with_back_off_then_a_503_page(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, kind: Any, function_client: Any
) -> None:
    client = function_client("SiteFunction")
    with recorded_sleeps(monkeypatch) as sleeps, fault(client, "GetItem", kind) as seen:
        reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert seen.attempts == MAX_ATTEMPTS == 5  # the first try and four retries
    assert len(sleeps) == MAX_ATTEMPTS - 1  # a back-off pause before each retry
    assert reply.status == 503
    assert reply.header("Retry-After") == "30"
    assert "<h1>Sorry, the service is busy</h1>" in reply.text
    assert "Throttling" not in reply.text and "Traceback" not in reply.text
    assert reply.header("Content-Security-Policy")


def test_a_read_that_recovers_within_the_retries_is_served_normally(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, function_client: Any
) -> None:
    client = function_client("SiteFunction")
    with recorded_sleeps(monkeypatch) as sleeps, fault(client, "GetItem", THROTTLING, when=lambda n: n <= 2) as seen:
        reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert (seen.attempts, seen.injected, len(sleeps)) == (3, 2, 2)
    assert reply.status == 200


def test_listing_queries_fail_over_to_503_too(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, function_client: Any
) -> None:
    with recorded_sleeps(monkeypatch), fault(function_client("SiteFunction"), "Query", INTERNAL):
        reply = call(gateway, "GET", "/")
    assert reply.status == 503


def test_an_error_that_is_not_temporary_stays_a_500_page(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, function_client: Any
) -> None:
    with (
        recorded_sleeps(monkeypatch) as sleeps,
        fault(function_client("SiteFunction"), "GetItem", (400, "ValidationException")) as seen,
    ):
        reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert (seen.attempts, sleeps) == (1, [])  # a bad request is not retried
    assert reply.status == 500
    assert reply.header("Retry-After") is None


def _synthetic_content(root: Path, articles: int, edition: str = "first") -> Path:
    return write_synthetic_content(
        root, {f"article-{n:03d}": f"The {edition} edition of article {n}." for n in range(articles)}
    )


def _revisions(repo: Any, articles: int) -> dict[str, list[int]]:
    return {
        f"article-{n:03d}": sorted(int(r["revision"]) for r in repo.revisions(f"article-{n:03d}"))
        for n in range(articles)
    }


# Small articles fill a transaction by count: 100 actions, three per article (REV#n, HISTORY#n and CURRENT).
PER_TRANSACTION = limits.MAX_TRANSACTION_ACTIONS // ACTIONS_PER_REVISION
ARTICLES = 2 * PER_TRANSACTION + 20  # three transactions: 33, 33 and 20 articles


def test_a_publish_cut_off_at_the_second_batch_completes_on_the_next_run(
    content_repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_repo: Any
) -> None:
    content = load_content(_synthetic_content(tmp_path, ARTICLES))
    # Every attempt of the second batch times out before it reaches the table.
    second_batch = range(2, 2 + MAX_ATTEMPTS)
    with (
        recorded_sleeps(monkeypatch),
        fault(content_repo.client, "TransactWriteItems", "timeout", when=lambda n: n in second_batch),
        pytest.raises(Unavailable) as raised,
    ):
        publish(content, content_repo)
    assert isinstance(raised.value.__cause__, ReadTimeoutError)
    half = _revisions(site_repo, ARTICLES)
    assert sum(1 for revs in half.values() if revs == [1]) == PER_TRANSACTION
    assert sum(1 for revs in half.values() if revs == []) == ARTICLES - PER_TRANSACTION

    report = publish(content, content_repo)
    assert len(report.written) == ARTICLES - PER_TRANSACTION  # the 53 articles still missing
    assert len(report.unchanged) == 1 + PER_TRANSACTION  # the community and the first batch, already there
    assert all(revs == [1] for revs in _revisions(site_repo, ARTICLES).values())
    assert all(site_repo.get_article(slug)["revision"] == 1 for slug in half)


def test_a_publish_whose_answer_was_lost_after_writing_settles_without_duplicates(
    content_repo: Any, tmp_path: Path, site_repo: Any
) -> None:
    """The transaction was applied but the caller never heard back: the re-run must not add REV#2."""
    content = load_content(_synthetic_content(tmp_path, ARTICLES))
    calls = {"n": 0}

    def lose_second_answer(**_: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ReadTimeoutError(endpoint_url="https://dynamodb.local/")

    client = content_repo.client
    client.meta.events.register("after-call.dynamodb.TransactWriteItems", lose_second_answer)
    try:
        with pytest.raises(Unavailable) as raised:
            publish(content, content_repo)
        assert isinstance(raised.value.__cause__, ReadTimeoutError)
    finally:
        client.meta.events.unregister("after-call.dynamodb.TransactWriteItems", lose_second_answer)
    assert sum(1 for revs in _revisions(site_repo, ARTICLES).values() if revs == [1]) == 2 * PER_TRANSACTION

    publish(content, content_repo)
    assert all(revs == [1] for revs in _revisions(site_repo, ARTICLES).values())

    edited = load_content(_synthetic_content(tmp_path, ARTICLES, edition="second"))
    publish(edited, content_repo)
    assert all(revs == [1, 2] for revs in _revisions(site_repo, ARTICLES).values())


def test_throttled_writes_are_retried_by_the_client_and_surface_as_unavailable_storage(
    content_repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_repo: Any
) -> None:
    """Publishing is run by a person or by deploy: it must fail loudly, not half-silently."""
    content = load_content(_synthetic_content(tmp_path, 3))
    with (
        recorded_sleeps(monkeypatch) as sleeps,
        fault(content_repo.client, "BatchGetItem", THROTTLING) as seen,
        pytest.raises(Unavailable) as raised,
    ):
        publish(content, content_repo)
    cause = raised.value.__cause__
    assert isinstance(cause, ClientError) and cause.response["Error"]["Code"] == "ThrottlingException"
    assert (seen.attempts, len(sleeps)) == (MAX_ATTEMPTS, MAX_ATTEMPTS - 1)
    assert json.dumps(_revisions(site_repo, 3)) == json.dumps({f"article-{n:03d}": [] for n in range(3)})
