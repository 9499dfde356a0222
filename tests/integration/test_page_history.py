"""Corrections readers can see: the newest change note under an article's dates, and its page history (every
revision's date, author and note, newest first) read with ONE Query bounded to the newest 50, under the site's
role; published by the publish function under its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles import page_history
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from tests.helpers import call, links, write_synthetic_content
from tests.support.dynamodb_calls import dynamodb_calls

HISTORY = "/articles/fatigue/history"


def revise(root: Path, note: str, revised: str = "2020-02-01") -> None:
    """The article again, revised on `revised` with a change note."""
    path = root / "articles" / "fatigue.md"
    text = re.sub(r"revised: \S+\n", f"revised: {revised}\n", path.read_text(encoding="utf-8"), count=1)
    text = re.sub(r"change_note: .*\n", "", text)
    path.write_text(text.replace("---\n", f"---\nchange_note: {note}\n", 1), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_synthetic_content(tmp_path / "content", {"fatigue": "Tiredness is common. Rest helps."})


@pytest.fixture
def site_calls(function_client: Callable[[str], Any]) -> Any:
    """The site function's own DynamoDB client (the one the Gateway's site function uses), to count its calls."""
    return function_client("SiteFunction")


def changes(html: str) -> list[str]:
    """Each history line's text, newest first."""
    found = re.search(r'<ol class="page-history">(.*?)</ol>', html, re.DOTALL)
    assert found, html
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_the_newest_change_note_shows_on_the_article_and_each_revision_in_its_history(
    root: Path, content_repo: Any, aws: Account, site_calls: Any
) -> None:
    publish(load_content(root), content_repo)
    revise(root, "We made the part about rest clearer.")
    publish(load_content(root), content_repo)
    gateway = Gateway(aws)

    article = call(gateway, "GET", "/articles/fatigue").text
    assert (
        '<strong>Updated on <time datetime="2020-02-01">1 February 2020</time>:</strong> '
        "We made the part about rest clearer." in article
    )
    assert HISTORY in links(article)
    with dynamodb_calls(site_calls) as calls:
        reply = call(gateway, "GET", HISTORY)
    assert dict(calls) == {"Query": 1}
    assert reply.status == 200 and "<title>Page history: Fatigue - Test - Readwell</title>" in reply.text
    assert "<h1>Page history</h1>" in reply.text and "/articles/fatigue" in links(reply.text)
    assert changes(reply.text) == [
        "1 February 2020 , by E We made the part about rest clearer.",
        "2 January 2020 , by E First published.",
    ]
    assert "newest 50 changes" not in reply.text


def test_an_article_without_a_note_shows_no_update_line_and_still_links_its_history(
    root: Path, content_repo: Any, aws: Account
) -> None:
    publish(load_content(root), content_repo)
    article = call(Gateway(aws), "GET", "/articles/fatigue").text
    assert "Updated on" not in article and HISTORY in links(article)


def test_the_history_lists_the_newest_fifty_of_more_revisions_from_one_query(
    root: Path, content_repo: Any, aws: Account, site_calls: Any
) -> None:
    total = page_history.SHOWN + 5
    for number in range(1, total + 1):
        revise(root, f"Change {number}.", date(2020, 2, 1).replace(day=1 + number % 28).isoformat())
        publish(load_content(root), content_repo)
    assert content_repo.get_article("fatigue")["revision"] == total

    with dynamodb_calls(site_calls) as calls:
        html = call(Gateway(aws), "GET", HISTORY).text
    assert dict(calls) == {"Query": 1}
    shown = changes(html)
    assert len(shown) == page_history.SHOWN == 50
    assert shown[0].endswith(f"Change {total}.") and shown[-1].endswith(f"Change {total - 49}.")
    assert "This page lists the newest 50 changes. Any older changes are kept, but not listed here." in html


@pytest.mark.parametrize("path", ["/articles/nothing-here/history", "/articles/Fatigue/history"])
def test_the_history_of_no_article_is_the_sites_404(root: Path, content_repo: Any, aws: Account, path: str) -> None:
    publish(load_content(root), content_repo)
    reply = call(Gateway(aws), "GET", path)
    assert reply.status == 404 and "<h1>Page not found</h1>" in reply.text
