"""The "Getting help" page: one content file (content/help.md), published like the glossary, linted like the
articles, served by the site function at /help and linked from every page's footer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.lint import lint
from readwell.articles.publishing import publish
from readwell.edge.invalidations import changed_paths
from tests.conftest import CONTENT
from tests.helpers import call
from tests.support.dynamodb_calls import dynamodb_calls


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_the_help_page_is_the_content_file_with_phone_links(gateway: Gateway, function_client: Any) -> None:
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        reply = call(gateway, "GET", "/help")
    assert reply.status == 200 and "<h1>Getting help</h1>" in reply.text
    assert '<a href="tel:+18004226237">1-800-4-CANCER</a>' in reply.text and '<a href="tel:911">911</a>' in reply.text
    assert "Readwell cannot answer questions about your health" in reply.text
    assert dict(calls) == {"GetItem": 1}  # one item, like the glossary
    assert "public" in (reply.header("Cache-Control") or "")  # the same for every reader: a shared cache may keep it


def test_every_page_links_to_help_from_its_footer(gateway: Gateway) -> None:
    for path in ("/", "/glossary", "/tracker"):
        assert '<a href="/help">Getting help' in call(gateway, "GET", path).text, path


def test_publishing_writes_help_once_and_invalidates_only_its_page(content_repo: Any, published: Any) -> None:
    content = load_content(CONTENT)
    assert "help" in publish(content, content_repo).unchanged  # already published by the fixture
    edited = replace(content, help=replace(content.help, summary="Who to call."))
    report = publish(edited, content_repo)
    assert report.written == ["help"] and report.writes == 1
    assert changed_paths(report.written, edited) == ["/help"]


def test_the_lint_holds_the_help_page_to_plain_words_and_phone_links() -> None:
    content = load_content(CONTENT)
    assert content.help is not None and not lint(content).errors
    hard = "Notwithstanding institutional telecommunication accessibility considerations, practitioners' " * 6
    without_tel = replace(content.help, body_markdown="Call 1-800-422-6237. " + hard)
    found = [p.message for p in lint(replace(content, help=without_tel)).errors]
    assert any("no telephone link" in m for m in found) and any("reading grade" in m for m in found)
