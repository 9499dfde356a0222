"""Site search against moto: the publish-time index, ranking, revision, bad input, and no Scan."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from tests.helpers import call
from tests.support.dynamodb_calls import dynamodb_calls

ARTICLE = """---
title: "{title}"
community: a-community
summary: "{summary}"
published: 2020-01-02
published_by: An Editor
revised: {revised}
revised_by: An Editor
last_reviewed: 2021-03-04
next_review_due: 2099-03-04
plain_summary: "Plain words for the article."
---
{body}
"""


def write_articles(root: Path, articles: dict[str, dict[str, str]]) -> Path:
    (root / "communities").mkdir(parents=True, exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    (root / "communities" / "a-community.md").write_text(
        '---\ntitle: "A community"\ncallout_name: "A community"\nsummary: "For tests."\n---\nAbout.\n'
    )
    for slug, fields in articles.items():
        values = {"summary": "A short summary.", "revised": "2020-02-03", **fields}
        (root / "articles" / f"{slug}.md").write_text(ARTICLE.format(**values))
    return root


ARTICLES = {
    "lymphoedema": {"title": "Living with lymphoedema", "body": "Swelling in the arm can follow surgery."},
    "exercise": {"title": "Exercise after surgery", "body": "Gentle exercise may ease lymphoedema and swelling."},
    "sleep": {"title": "Sleeping well", "body": "Rest helps. Tiredness is common."},
}


@pytest.fixture
def site(content_repo: Any, tmp_path: Path, aws: Account) -> Gateway:
    publish(load_content(write_articles(tmp_path / "content", ARTICLES)), content_repo)
    return Gateway(aws)


def result_slugs(html: str) -> list[str]:
    return re.findall(r'<h2 class="search-result__title"><a href="/articles/([a-z0-9-]+)">', html)


def test_a_title_match_ranks_above_a_body_match(site: Gateway) -> None:
    reply = call(site, "GET", "/search?q=Lymphoedema")
    assert reply.status == 200
    assert result_slugs(reply.text) == ["lymphoedema", "exercise"]
    assert '<p class="search-count" role="status">\n2 articles match <strong>Lymphoedema</strong>.' in reply.text


def test_accents_case_and_word_forms_find_the_same_articles(site: Gateway) -> None:
    expected = result_slugs(call(site, "GET", "/search?q=swelling").text)
    assert sorted(expected) == ["exercise", "lymphoedema"]
    for variant in ("SWELLING", "swell", "swéllings"):
        assert result_slugs(call(site, "GET", f"/search?q={variant}").text) == expected, variant


def test_results_show_title_community_and_snippet(site: Gateway) -> None:
    reply = call(site, "GET", "/search?q=rest")
    assert result_slugs(reply.text) == ["sleep"]
    assert "Sleeping well" in reply.text
    assert "In the A community community" in reply.text
    assert "A short summary." in reply.text


def test_a_search_is_queries_and_one_batch_get_never_a_scan(site: Gateway, function_client: Any) -> None:
    call(site, "GET", "/search?q=warm+up")
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        reply = call(site, "GET", "/search?q=lymphoedema+swelling+surgery")
    assert reply.status == 200
    assert "Scan" not in calls
    assert dict(calls) == {"Query": 3, "BatchGetItem": 1}


def test_no_results_page_is_helpful(site: Gateway) -> None:
    reply = call(site, "GET", "/search?q=zebra")
    assert reply.status == 200
    assert "No articles match <strong>zebra</strong>." in reply.text
    assert "Check the spelling" in reply.text and 'href="/"' in reply.text
    assert "<title>Search results for zebra - Readwell</title>" in reply.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a word to search for, for example metastasis"),
        ("%21%40%23%24%25%5E%26*()", "only punctuation or very common words"),
        ("x" * 10_000, "Enter 200 characters or fewer"),
        ("%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg+src%3Dx+onerror%3Dalert(2)%3E", ""),
    ],
)
def test_bad_queries_are_a_normal_page_with_a_clear_message_and_nothing_unescaped(
    site: Gateway, query: str, message: str
) -> None:
    reply = call(site, "GET", f"/search?q={query}")
    assert reply.status == 200
    assert "<script>" not in reply.text and "<img" not in reply.text
    assert "x" * 201 not in reply.text
    assert reply.text.count("<h1>") == 1
    if message:
        assert message in reply.text
        assert "<title>Error: Search - Readwell</title>" in reply.text
        assert 'role="alert"' in reply.text and 'href="#search-page-q"' in reply.text
        assert 'aria-invalid="true" aria-describedby="search-page-q-error"' in reply.text
    else:
        assert "&lt;script&gt;" in reply.text and "No articles match" in reply.text


def test_every_page_has_a_labelled_search_landmark(site: Gateway) -> None:
    for path in ("/", "/communities/a-community", "/articles/sleep", "/no/such/page"):
        html = call(site, "GET", path).text
        assert '<form class="search-form" role="search" aria-label="Site" action="/search" method="get">' in html
        assert '<label class="search-form__label" for="site-search-q">Search articles</label>' in html
        assert 'id="site-search-q" name="q"' in html


def test_the_blank_search_page_has_one_h1_and_its_own_title(site: Gateway) -> None:
    reply = call(site, "GET", "/search")
    assert reply.text.count("<h1>") == 1 and "<h1>Search</h1>" in reply.text
    assert "<title>Search - Readwell</title>" in reply.text
    assert 'role="alert"' not in reply.text and 'role="status"' not in reply.text


def test_a_revision_moves_the_article_in_the_index_and_republishing_writes_nothing(
    content_repo: Any, tmp_path: Path, admin: Any, aws: Account
) -> None:
    def postings(term_prefix: str) -> list[str]:
        items = admin.scan(TableName="ContentTable")["Items"]  # test inspection only
        return sorted(i["PK"]["S"] for i in items if i["PK"]["S"].startswith("TERM#" + term_prefix))

    root = write_articles(tmp_path / "content", ARTICLES)
    publish(load_content(root), content_repo)
    assert postings("tired") == ["TERM#tired"]
    write_articles(root, {"sleep": {"title": "Sleeping well", "body": "Rest helps. Fatigue is common."}})
    report = publish(load_content(root), content_repo)
    assert report.indexed == ["sleep"]
    assert postings("tired") == [] and postings("fatigu") == ["TERM#fatigu"]
    gateway = Gateway(aws)
    assert result_slugs(call(gateway, "GET", "/search?q=fatigue").text) == ["sleep"]
    assert result_slugs(call(gateway, "GET", "/search?q=tiredness").text) == []
    with dynamodb_calls(content_repo.client) as calls:
        again = publish(load_content(root), content_repo)
    assert again.writes == 0 and again.indexed == []
    assert set(calls) <= {"BatchGetItem", "GetItem", "Query"}, calls  # Query: what is listed, so nothing is lost


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tamoxifen", "metastatic-breast-cancer-risk-factors-detection-prognosis-prevention"),
        ("bones liver lungs", "metastatic-breast-cancer-overview"),
        ("unknown primary", "metastatic-breast-cancer-metastasis-and-primary-cancer"),
    ],
)
def test_the_three_real_articles_are_found_by_their_own_words(
    published: Any, aws: Account, query: str, expected: str
) -> None:
    reply = call(Gateway(aws), "GET", "/search?q=" + query.replace(" ", "+"))
    assert reply.status == 200
    assert result_slugs(reply.text)[0] == expected
