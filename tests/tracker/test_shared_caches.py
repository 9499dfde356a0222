"""No personal data in a response a shared cache may keep.

CloudFront and other CDNs ignore `Vary: Cookie`: a cacheable page fetched by a reader with a tracker
would be served to everyone. So every route a shared cache may store is fetched by a reader without a
tracker and by one with a tracker holding weights, and the two must be byte for byte the same; whatever
differs must be `private, no-store`. Each route of template.yaml needs its examples here."""

from __future__ import annotations

import re
from typing import Any

import pytest

from local.serve.server import Gateway
from local.template import declarations
from tests.tracker.browser import Browser

ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
EXAMPLES: dict[str, list[str]] = {
    "/": ["/"],
    "/search": ["/search", "/search?q=metastasis"],
    "/sitemap.xml": ["/sitemap.xml"],
    "/feed.xml": ["/feed.xml"],
    "/robots.txt": ["/robots.txt"],
    "/preferences": [],  # POST only
    "/privacy": ["/privacy"],
    "/glossary": ["/glossary"],
    "/help": ["/help"],
    "/favicon.ico": ["/favicon.ico"],
    "/tracker": ["/tracker", "/tracker?before=2026-02-02"],
    "/communities/{slug}": ["/communities/breast-cancer-stage-3-4"],
    "/articles/{slug}": [ARTICLE],
    "/articles/{slug}/history": [ARTICLE + "/history"],
    "/static/{name}": [],  # the stylesheet's hashed name, read from a page below
    "/tracker/{proxy+}": ["/tracker/recovery-code", "/tracker/export.csv", "/tracker/open", "/tracker/delete"],
    "/feedback": [],  # POST only
    "/feedback/{proxy+}": [f"/feedback/thanks?page={ARTICLE}", f"/feedback/missing?page={ARTICLE}"],
    "$default": ["/no-such-page"],
}


def shared(cache_control: str | None) -> bool:
    """Whether a shared cache (a CDN) may store the response."""
    directives = {part.strip().split("=")[0] for part in (cache_control or "").lower().split(",")}
    return not directives & {"private", "no-store"} and bool(directives & {"public", "s-maxage"})


def test_every_route_has_examples() -> None:
    assert {route.path for route in declarations.routes()} == set(EXAMPLES)


def test_every_cacheable_response_is_the_same_with_or_without_a_tracker(gateway: Gateway, published: Any) -> None:
    stranger, reader = Browser(gateway), Browser(gateway)
    reader.start(height_cm="170", goal="65.5")
    reader.add("2026-02-01", "83.7")
    reader.add("2026-02-03", "82.9")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', stranger.get("/").text)
    assert stylesheet
    paths = [path for examples in EXAMPLES.values() for path in examples] + [stylesheet.group(1)]
    cacheable = []
    for path in paths:
        anonymous, personal = stranger.get(path), reader.get(path)
        if shared(anonymous.header("Cache-Control")) or shared(personal.header("Cache-Control")):
            cacheable.append(path)
            assert personal.body == anonymous.body, path
            assert personal.header("Cache-Control") == anonymous.header("Cache-Control"), path
            assert "83.7" not in personal.text and "Set-Cookie" not in dict(personal.headers), path
        elif personal.body != anonymous.body:
            assert personal.header("Cache-Control") == "private, no-store", path
    assert {"/", ARTICLE, "/communities/breast-cancer-stage-3-4", stylesheet.group(1)} <= set(cacheable)


@pytest.mark.parametrize(
    "path",
    ["/tracker", "/tracker/recovery-code", "/tracker/export.csv", "/tracker/export.fhir.json", "/tracker/delete"],
)
def test_every_tracker_page_with_personal_data_is_private_and_never_stored(browser: Browser, path: str) -> None:
    browser.start()
    browser.add("2026-02-01", "83.7")
    assert browser.get(path).header("Cache-Control") == "private, no-store"
