"""Concurrent publishers against a moto server over HTTP: no duplicate, missing or torn revisions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from readwell.articles.content import load_content
from readwell.articles.model import ContentSet
from readwell.articles.publishing import PublishReport, publish
from readwell.config import content_table
from readwell.storage import attempts
from readwell.storage.content import ContentRepository
from readwell.storage.dynamodb import CLIENT_CONFIG
from tests.conftest import CONTENT
from tests.reliability.moto_server import fresh_account, moto_dynamodb_server

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with moto_dynamodb_server() as url:
        yield url


@pytest.fixture
def account(moto_url: str) -> Account:
    return fresh_account(moto_url)


def as_function(account: Account, function: str) -> ContentRepository:
    """The content table through a client of the function's own (one per Lambda instance), under its role."""
    client = attempts.install(account.roles[function].client("dynamodb", account.endpoint, CLIENT_CONFIG))
    return ContentRepository(content_table(), client)


@pytest.fixture
def repo(account: Account) -> ContentRepository:
    return as_function(account, "PublishFunction")


@pytest.fixture
def reader(account: Account) -> ContentRepository:
    return as_function(account, "SiteFunction")


def together(jobs: list[Callable[[], PublishReport]]) -> list[PublishReport]:
    """Run every job on its own thread, all released at the same moment."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], PublishReport]) -> PublishReport:
        start.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def _edition(tmp_path: Path, n: int) -> ContentSet:
    """The real content with article text changed: edition n."""
    root = tmp_path / f"edition-{n}"
    for folder in ("communities", "articles", "glossary"):
        (root / folder).mkdir(parents=True)
        for source in (CONTENT / folder).glob("*.md"):
            text = source.read_text(encoding="utf-8")
            if folder == "articles":
                text += f"\nEdition {n} of this article.\n"
            (root / folder / source.name).write_text(text, encoding="utf-8")
    return load_content(root)


def _revision_numbers(repo: ContentRepository, slug: str) -> list[int]:
    return sorted(int(r["revision"]) for r in repo.revisions(slug))


def test_ten_concurrent_publishes_of_the_same_content_write_exactly_one_revision(
    account: Account, reader: ContentRepository
) -> None:
    content = load_content(CONTENT)
    reports = together([lambda: publish(content, as_function(account, "PublishFunction")) for _ in range(10)])
    assert [r["SK"] for r in reader.revisions(SLUG)] == ["REV#000001"]
    current = reader.get_article(SLUG)
    assert current is not None and current["revision"] == 1
    assert current["content_hash"] == reader.revisions(SLUG)[0]["content_hash"]
    assert sum(f"article {SLUG}" in r.written for r in reports) == 1  # exactly one publisher wrote it


@pytest.mark.parametrize("editors", [2, 4])
def test_concurrent_publishes_of_different_edits_number_revisions_without_gaps(
    account: Account, repo: ContentRepository, reader: ContentRepository, tmp_path: Path, editors: int
) -> None:
    publish(load_content(CONTENT), repo)
    editions = [_edition(tmp_path, n) for n in range(editors)]
    together([lambda e=e: publish(e, as_function(account, "PublishFunction")) for e in editions])  # type: ignore[misc]
    assert _revision_numbers(reader, SLUG) == list(range(1, editors + 2))
    current = reader.get_article(SLUG)
    latest = max(reader.revisions(SLUG), key=lambda r: int(r["revision"]))
    assert current is not None and current["revision"] == editors + 1
    assert current["content_hash"] == latest["content_hash"]  # CURRENT is the last revision, not a mix
    assert current["body_html"] == latest["body_html"]


def test_the_server_is_really_over_http(repo: ContentRepository, moto_url: str) -> None:
    endpoint: Any = repo.client.meta.endpoint_url
    assert endpoint == moto_url and endpoint.startswith("http://127.0.0.1:")


def test_a_publisher_reads_revisions_strongly_consistent(repo: ContentRepository) -> None:
    """After losing a race it must see the winner's revision, not a stale replica's."""
    seen: list[bool] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        seen.extend(table.get("ConsistentRead", False) for table in params["RequestItems"].values())

    repo.client.meta.events.register("provide-client-params.dynamodb.BatchGetItem", record)
    try:
        publish(load_content(CONTENT), repo)
    finally:
        repo.client.meta.events.unregister("provide-client-params.dynamodb.BatchGetItem", record)
    assert seen and all(seen)
