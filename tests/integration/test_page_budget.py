"""Budgets a page must meet whatever the machine: DynamoDB requests per page and bytes on the wire."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from tests.helpers import call, links
from tests.support.dynamodb_calls import dynamodb_calls

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
FIRST_ROUND_TRIP = 14 * 1024  # about ten TCP segments: what the first round trip can carry


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_article_view_is_one_get_item_even_on_the_first_request(gateway: Gateway, function_client: Any) -> None:
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert reply.status == 200
    assert dict(calls) == {"GetItem": 1}


def test_community_page_is_one_get_item_and_one_query(gateway: Gateway, function_client: Any) -> None:
    call(gateway, "GET", "/communities/breast-cancer-stage-3-4")
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        call(gateway, "GET", "/communities/breast-cancer-stage-3-4")
    assert dict(calls) == {"GetItem": 1, "Query": 1}


def test_article_html_and_css_fit_the_first_round_trip_gzipped(gateway: Gateway) -> None:
    html = call(gateway, "GET", f"/articles/{SLUG}", [("Accept-Encoding", "gzip")])
    css_href = next(link for link in links(gzip.decompress(html.body).decode()) if link.startswith("/static/"))
    css = call(gateway, "GET", css_href, [("Accept-Encoding", "gzip")])
    assert html.header("Content-Encoding") == css.header("Content-Encoding") == "gzip"
    assert len(html.body) + len(css.body) <= FIRST_ROUND_TRIP


@pytest.mark.parametrize("path", ["/", "/communities/breast-cancer-stage-3-4", f"/articles/{SLUG}"])
def test_pages_need_no_javascript(gateway: Gateway, path: str) -> None:
    html = call(gateway, "GET", path).text
    # Structured data (schema.org JSON-LD) is the only <script> allowed: browsers never execute it.
    scripts = re.findall(r"<script\b[^>]*>", html, re.IGNORECASE)
    assert all('type="application/ld+json"' in tag for tag in scripts), scripts
    assert not [link for link in links(html) if link.endswith(".js")]
    assert re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE) is None
