"""The glossary page and the article's reading level, served by the site function from what publishing wrote."""

from __future__ import annotations

import re
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles import reading_level
from readwell.articles.content import load_content
from tests.conftest import CONTENT
from tests.helpers import call, links
from tests.support.dynamodb_calls import dynamodb_calls

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_every_glossary_link_in_the_article_lands_on_an_entry(gateway: Gateway) -> None:
    article = call(gateway, "GET", f"/articles/{SLUG}").text
    glossary = call(gateway, "GET", "/glossary").text
    targets = [href.partition("#")[2] for href in links(article) if href.startswith("/glossary#")]
    assert len(targets) >= 10
    for slug in targets:
        assert f'<dt id="{slug}">' in glossary, slug


def test_the_glossary_lists_every_entry_a_to_z_under_its_letter(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/glossary")
    assert reply.status == 200 and "<h1>Glossary</h1>" in reply.text
    terms = re.findall(r'<dt id="[^"]+"><dfn>(?:<abbr title="[^"]+">)?([^<]+)', reply.text)
    assert terms == sorted(terms, key=str.casefold)
    assert len(terms) == len(load_content(CONTENT).glossary)
    letters = re.findall(r'<h2 id="letter-([a-z])">', reply.text)
    assert letters == sorted(letters) and [f"#letter-{letter}" for letter in letters] == [
        href for href in links(reply.text) if href.startswith("#letter-")
    ]
    assert (
        '<dfn><abbr title="cancer of unknown primary origin">CUP</abbr> (cancer of unknown primary origin)</dfn>'
        in (reply.text)
    )
    assert "Source: NCI Dictionary of Cancer Terms" in reply.text


def test_the_glossary_page_is_one_get_item(gateway: Gateway, function_client: Any) -> None:
    call(gateway, "GET", "/glossary")
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        assert call(gateway, "GET", "/glossary").status == 200
    assert dict(calls) == {"GetItem": 1}


def test_the_article_states_its_reading_level_and_shows_its_plain_summary_first(gateway: Gateway) -> None:
    text = call(gateway, "GET", f"/articles/{SLUG}").text
    article = load_content(CONTENT).articles[0]
    grade = reading_level.grade(article.body_markdown)
    assert f"Reading level:</strong> {reading_level.describe(grade)}." in text
    assert reading_level.needs_plain_summary(grade)
    summary = text.index(article.plain_summary)
    assert summary < text.index('<div class="prose">')
    assert text.index('class="reading-level"') < summary
