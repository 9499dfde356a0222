"""Discovery: sitemap, Atom feed, robots.txt, canonical links, JSON-LD, contents list and review dates."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from tests.helpers import call, links
from tests.integration.test_search import write_articles

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
OVERVIEW = "metastatic-breast-cancer-overview"
RISKS = "metastatic-breast-cancer-risk-factors-detection-prognosis-prevention"
HOST = [("Host", "readwell.example.org"), ("X-Forwarded-Proto", "https")]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_sitemap_lists_every_page_with_absolute_urls(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/sitemap.xml", HOST)
    assert reply.status == 200 and reply.header("Content-Type") == "application/xml; charset=utf-8"
    root = ET.fromstring(reply.body)  # noqa: S314 - our own response
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.findtext(f"{SITEMAP}loc") for url in root]
    assert locs[:2] == [
        "https://readwell.example.org/",
        "https://readwell.example.org/communities/breast-cancer-stage-3-4",
    ]
    articles = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root[2:]}
    assert articles == {
        f"https://readwell.example.org/articles/{SLUG}": "2010-09-16",
        f"https://readwell.example.org/articles/{OVERVIEW}": "2026-12-07",
        f"https://readwell.example.org/articles/{RISKS}": "2026-12-07",
    }


def test_feed_is_atom_with_its_required_elements(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/feed.xml", HOST)
    assert reply.header("Content-Type") == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(reply.body)  # noqa: S314 - our own response
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Readwell"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://readwell.example.org/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    entry = entries[-1]  # the least recently revised comes last
    assert entry.findtext(f"{ATOM}id") == f"https://readwell.example.org/articles/{SLUG}"
    assert entry.findtext(f"{ATOM}title") == "Metastatic Breast Cancer: Metastasis and Primary Cancer"
    assert entry.findtext(f"{ATOM}updated") == "2010-09-16T00:00:00Z"
    assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == entry.findtext(f"{ATOM}id")


def test_a_revised_article_comes_first_in_the_feed(content_repo: Any, tmp_path: Path, aws: Account) -> None:
    root = write_articles(
        tmp_path / "content",
        {
            "older": {"title": "Older & wiser <notes>", "body": "Text.", "revised": "2020-02-03"},
            "newer": {"title": "Newer", "body": "Text.", "revised": "2020-02-04"},
        },
    )
    publish(load_content(root), content_repo)
    write_articles(root, {"older": {"title": "Older & wiser <notes>", "body": "Revised.", "revised": "2020-03-01"}})
    publish(load_content(root), content_repo)
    feed = ET.fromstring(call(Gateway(aws), "GET", "/feed.xml", HOST).body)  # noqa: S314 - our own response
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Older & wiser <notes>", "Newer"]
    assert feed.findtext(f"{ATOM}updated") == "2020-03-01T00:00:00Z"


def test_robots_txt_points_at_the_sitemap(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/robots.txt", HOST)
    assert reply.header("Content-Type") == "text/plain; charset=utf-8"
    assert reply.text.startswith("User-agent: *\n")
    assert "Sitemap: https://readwell.example.org/sitemap.xml" in reply.text.splitlines()
    assert "Disallow: /tracker" in reply.text.splitlines()


def json_ld(html: str) -> Any:
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(data)


def test_article_page_has_medical_web_page_json_ld_and_csp_still_blocks_scripts(gateway: Gateway) -> None:
    reply = call(gateway, "GET", f"/articles/{SLUG}", HOST)
    data = json_ld(reply.text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["name"] == "Metastatic Breast Cancer: Metastasis and Primary Cancer"
    assert data["url"] == f"https://readwell.example.org/articles/{SLUG}"
    assert (data["datePublished"], data["dateModified"], data["lastReviewed"]) == (
        "2010-09-16",
        "2010-09-16",
        "2010-09-16",
    )
    assert data["publisher"] == {"@type": "Organization", "name": "Readwell", "url": "https://readwell.example.org/"}
    assert data["about"] == {"@type": "Thing", "name": "Breast Cancer: Stage 3 & 4"}
    csp = reply.header("Content-Security-Policy") or ""
    assert "script-src 'none'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("path", ["/", f"/articles/{SLUG}", "/communities/breast-cancer-stage-3-4", "/search"])
def test_pages_carry_an_absolute_canonical_link(gateway: Gateway, path: str) -> None:
    html = call(gateway, "GET", path + "?utm_source=x", HOST).text
    assert f'<link rel="canonical" href="https://readwell.example.org{path}">' in html


def test_a_forged_host_header_never_reaches_the_page(gateway: Gateway) -> None:
    evil = [("Host", 'evil.example"><script>alert(1)</script>')]
    html = call(gateway, "GET", f"/articles/{SLUG}", evil).text
    assert "evil" not in html and "<script>alert" not in html
    assert f'<link rel="canonical" href="http://localhost/articles/{SLUG}">' in html


def test_the_local_server_origin_is_plain_http(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/robots.txt", [("Host", "127.0.0.1:3000")])
    assert "Sitemap: http://127.0.0.1:3000/sitemap.xml" in reply.text


def test_article_with_three_sections_has_an_on_this_page_list(gateway: Gateway) -> None:
    html = call(gateway, "GET", f"/articles/{SLUG}").text
    nav = re.search(r'<nav class="contents-list" aria-labelledby="contents-list-heading">.*?</nav>', html, re.DOTALL)
    assert nav is not None and "On this page" in nav.group(0)
    targets = links(nav.group(0))
    assert targets == [
        "#what-is-metastasis-and-how-does-it-happen",
        "#how-does-a-doctor-know-whether-a-cancer-is-a-primary-or-a-metastatic-tumor",
        "#is-it-possible-to-have-a-metastatic-tumor-without-having-a-primary-cancer",
    ]
    for target in targets:
        assert f'id="{target[1:]}"' in html


def test_article_with_fewer_sections_has_no_contents_list(content_repo: Any, tmp_path: Path, aws: Account) -> None:
    body = "Intro.\n\n## One\n\nText.\n\n## Two\n\nText."
    publish(
        load_content(write_articles(tmp_path / "content", {"short": {"title": "Short", "body": body}})), content_repo
    )
    html = call(Gateway(aws), "GET", "/articles/short").text
    assert "contents-list" not in html and "On this page" not in html


def test_article_page_shows_review_dates_below_the_content(gateway: Gateway) -> None:
    html = call(gateway, "GET", f"/articles/{SLUG}").text
    assert 'Page last reviewed: <time datetime="2010-09-16">16 September 2010</time>' in html
    assert 'Next review due: <time datetime="2013-09-16">16 September 2013</time>' in html
    assert html.index("the number of cases of CUP is going down") < html.index("Page last reviewed")
