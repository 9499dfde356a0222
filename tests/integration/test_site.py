"""The site function behind the template's routes, in process, against moto."""

from __future__ import annotations

import io
import json
import logging
import re
import struct
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from tests.helpers import call, links
from tests.support.dynamodb_calls import dynamodb_calls

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
REFERENCE_TEXT = [
    "Metastatic Breast Cancer: Metastasis and Primary Cancer",
    "For support and advice from others, visit our",
    "Stage 3 and 4 Breast Cancer Community",
    "Breast Cancer is breast cancer that spreads to other organs or to",
    "What is metastasis, and how does it happen?",
    "How does a doctor know whether a cancer is a primary or a metastatic tumor?",
    "Is it possible to have a metastatic tumor without having a primary cancer?",
    "the number of cases of CUP is going down.",
    "Compiled from information from the National Cancer Institute (NCI), a division of the National Institutes of",
    "NCI health-related material is provided for information purposes only",
    "See also",
    "Metastatic Breast Cancer: Overview",
    "Metastatic Breast Cancer: Risk factors, detection, prognosis, prevention",
    '<time datetime="2010-09-16">16 September 2010</time> by MedHelp Editor',
    "Last revision",
    "Weight tracker",
    "Start date",
    "Start tracking now",
]


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_home_links_to_the_community_and_its_article(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/")
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/html; charset=utf-8"
    found = links(reply.text)
    assert "/communities/breast-cancer-stage-3-4" in found
    assert f"/articles/{SLUG}" in found


def test_community_page_shows_about_text_and_articles(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/communities/breast-cancer-stage-3-4")
    assert reply.status == 200
    assert "<h1>Breast Cancer: Stage 3 &amp; 4 Community</h1>" in reply.text
    assert "This patient support community is for discussions relating to breast cancer" in reply.text
    assert f"/articles/{SLUG}" in links(reply.text)


def test_article_page_shows_every_part_of_the_reference_page(gateway: Gateway) -> None:
    reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert reply.status == 200
    for text in REFERENCE_TEXT:
        assert text in reply.text, text
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in reply.text
    assert reply.text.count("<h1>") == 1


def test_only_the_article_headings_carry_soft_hyphens(gateway: Gateway) -> None:
    """The h1 and the body's headings may break inside long words; the title in <title>, the breadcrumbs, the
    description, the structured data and every link to the article stays plain (screen readers may spell
    out a word with a soft hyphen)."""
    page = call(gateway, "GET", f"/articles/{SLUG}").text
    assert "<h1>Meta\u00adstatic Breast Cancer: Meta\u00adstasis and Primary Cancer</h1>" in page
    assert '<h2 id="what-is-metastasis-and-how-does-it-happen">What is meta\u00adstasis,' in page
    outside_headings = re.sub(r"<h([1-6])\b.*?</h\1>", "", page, flags=re.DOTALL)
    assert "\u00ad" not in outside_headings
    assert "<title>Metastatic Breast Cancer: Metastasis and Primary Cancer - " in page
    for listing in ("/", "/communities/breast-cancer-stage-3-4", "/search?q=metastasis"):
        text = call(gateway, "GET", listing).text
        assert "Metastatic Breast Cancer: Metastasis and Primary Cancer</a>" in text and "\u00ad" not in text, listing


def test_the_see_also_links_the_two_companion_articles_and_they_link_back(gateway: Gateway) -> None:
    companions = [
        "metastatic-breast-cancer-overview",
        "metastatic-breast-cancer-risk-factors-detection-prognosis-prevention",
    ]
    found = links(call(gateway, "GET", f"/articles/{SLUG}").text)
    assert all(f"/articles/{slug}" in found for slug in companions)
    assert "not yet available" not in call(gateway, "GET", f"/articles/{SLUG}").text
    for slug in companions:
        reply = call(gateway, "GET", f"/articles/{slug}")
        assert reply.status == 200 and f"/articles/{SLUG}" in links(reply.text), slug


def test_an_article_view_is_exactly_one_get_item(gateway: Gateway, function_client: Any) -> None:
    call(gateway, "GET", f"/articles/{SLUG}")  # warm up: imports and template compilation
    with dynamodb_calls(function_client("SiteFunction")) as calls:
        reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert reply.status == 200
    assert dict(calls) == {"GetItem": 1}


def test_unknown_article_is_a_404_page_in_the_layout_that_links_home(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/articles/does-not-exist")
    assert reply.status == 404
    assert "<h1>Page not found</h1>" in reply.text
    assert "/" in links(reply.text)
    assert 'class="skip-link"' in reply.text


@pytest.mark.parametrize(
    "path",
    [
        "/articles/../x",
        "/articles/%2e%2e%2fx",
        "/articles/" + "a" * 2000,
        "/articles/%C3%A9t%C3%A9",
        "/articles/Ω",
        "/articles/<script>",
        "/communities/" + "x" * 2000,
        "/no/such/page",
        "/static/readwell.css",
        "/static/../template.yaml",
    ],
)
def test_hostile_and_unknown_paths_are_404_never_500(gateway: Gateway, path: str) -> None:
    reply = call(gateway, "GET", path)
    assert reply.status == 404, (path, reply.status)
    assert "<script>" not in reply.text


@pytest.mark.parametrize("path", ["/articles/%00", "/articles/a%00b", "/communities/%00", "/articles/%ff"])
def test_nul_bytes_and_broken_utf8_in_paths_are_400_pages(gateway: Gateway, path: str) -> None:
    reply = call(gateway, "GET", path)
    assert reply.status == 400, (path, reply.status)
    assert "<h1>This request could not be read</h1>" in reply.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", f"/articles/{SLUG}", "/communities/breast-cancer-stage-3-4"])
def test_wrong_method_is_405_with_allow(gateway: Gateway, method: str, path: str) -> None:
    reply = call(gateway, method, path)
    assert reply.status == 405
    assert reply.header("Allow") == "GET, HEAD"
    assert "Nothing has been saved" in reply.text


def test_stylesheet_is_served_under_its_hash_and_cached_forever(gateway: Gateway) -> None:
    page = call(gateway, "GET", "/").text
    href = next(link for link in links(page) if link.startswith("/static/"))
    reply = call(gateway, "GET", href)
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/css; charset=utf-8"
    assert reply.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert b"--colour-text" in reply.body


def _icon_links(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', page))


def test_the_favicon_and_home_screen_icon_are_served_under_their_hash_and_cached_forever(gateway: Gateway) -> None:
    icons = _icon_links(call(gateway, "GET", "/").text)
    svg, png = call(gateway, "GET", icons["icon"]), call(gateway, "GET", icons["apple-touch-icon"])
    assert (svg.status, svg.header("Content-Type")) == (200, "image/svg+xml") and svg.body.startswith(b"<svg ")
    assert (png.status, png.header("Content-Type")) == (200, "image/png") and png.body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png.body[16:24])  # the IHDR chunk: phones want 180 x 180
    assert (width, height) == (180, 180)
    for reply in (svg, png):
        assert reply.header("Cache-Control") == "public, max-age=31536000, immutable"


def test_favicon_ico_is_no_longer_a_404_but_the_icon(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/favicon.ico")
    assert reply.status == 301
    assert reply.header("Location") == _icon_links(call(gateway, "GET", "/").text)["icon"]


def test_an_old_or_unknown_static_name_is_a_404(gateway: Gateway) -> None:
    assert call(gateway, "GET", "/static/icon.000000000000.svg").status == 404


def test_an_unexpected_error_is_a_plain_500_page_logged_with_the_correlation_id(
    aws: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = Gateway(aws, {"CONTENT_TABLE": "NoSuchTable"})  # DynamoDB answers ResourceNotFoundException
    log = io.StringIO()
    # Powertools' Logger(service="site") writes through the standard logger of that name.
    monkeypatch.setattr(logging.getLogger("site").handlers[0], "stream", log)
    reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert reply.status == 500
    assert "Sorry, there is a problem with the service" in reply.text
    assert "Traceback" not in reply.text and "ResourceNotFound" not in reply.text
    records = [json.loads(line) for line in log.getvalue().splitlines()]
    error = next(r for r in records if r.get("level") == "ERROR")
    assert error["correlation_id"]
    assert "ResourceNotFoundException" in error["exception"]
