"""Compression, ETag/304 and cache headers on real site responses (handler in process, moto)."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.web import http_cache
from tests.helpers import call, links, without_soft_hyphens

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
ARTICLE = f"/articles/{SLUG}"


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_no_accept_encoding_gets_the_plain_page(gateway: Gateway) -> None:
    reply = call(gateway, "GET", ARTICLE)
    assert reply.header("Content-Encoding") is None
    assert "<h1>Metastatic Breast Cancer: Metastasis and Primary Cancer</h1>" in without_soft_hyphens(reply.text)


def test_gzip_when_the_client_accepts_only_gzip(gateway: Gateway) -> None:
    plain = call(gateway, "GET", ARTICLE).body
    reply = call(gateway, "GET", ARTICLE, [("Accept-Encoding", "gzip")])
    assert reply.header("Content-Encoding") == "gzip"
    assert gzip.decompress(reply.body) == plain
    assert len(reply.body) < len(plain) / 2


def test_brotli_is_preferred_when_accepted_and_available(gateway: Gateway) -> None:
    brotli = pytest.importorskip("brotli")
    plain = call(gateway, "GET", ARTICLE).body
    reply = call(gateway, "GET", ARTICLE, [("Accept-Encoding", "gzip, deflate, br")])
    assert reply.header("Content-Encoding") == "br"
    assert brotli.decompress(reply.body) == plain


def test_a_refused_coding_is_not_used(gateway: Gateway) -> None:
    reply = call(gateway, "GET", ARTICLE, [("Accept-Encoding", "br;q=0, gzip;q=0")])
    assert reply.header("Content-Encoding") is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", "gzip"),
        ("identity", None),
        ("gzip;q=0", None),
        ("*", http_cache.available_codings()[0]),
        ("br;q=0, *;q=0.5", "gzip"),
        ("deflate", None),
        ("gzip;q=bogus", None),
        ("", None),
    ],
)
def test_negotiation(header: str, expected: str | None) -> None:
    assert http_cache.negotiate(header) == expected


def test_article_has_an_etag_and_revalidates_with_an_empty_304(gateway: Gateway) -> None:
    first = call(gateway, "GET", ARTICLE, [("Accept-Encoding", "gzip")])
    etag = first.header("ETag")
    assert etag and etag.startswith('W/"')
    again = call(gateway, "GET", ARTICLE, [("Accept-Encoding", "gzip"), ("If-None-Match", etag)])
    assert again.status == 304
    assert again.body == b""
    assert again.header("ETag") == etag
    assert again.header("Cache-Control") == first.header("Cache-Control")
    # The same page uncompressed is the same representation: the weak ETag still matches.
    assert call(gateway, "GET", ARTICLE, [("If-None-Match", etag)]).status == 304


def test_a_stale_etag_gets_the_full_page(gateway: Gateway) -> None:
    reply = call(gateway, "GET", ARTICLE, [("If-None-Match", 'W/"not-this-one"')])
    assert reply.status == 200
    assert "<h1>" in reply.text


def test_article_may_be_cached_by_a_cdn_per_encoding_and_cookie(gateway: Gateway) -> None:
    reply = call(gateway, "GET", ARTICLE)
    cache_control = reply.header("Cache-Control") or ""
    assert "public" in cache_control and "max-age=" in cache_control and "s-maxage=" in cache_control
    # ...and how long past expiry a cache may keep using it: while it refreshes, and while the origin fails.
    assert "stale-while-revalidate=" in cache_control
    assert int(cache_control.split("stale-if-error=")[1].split(",")[0]) >= 24 * 3600
    vary = {part.strip().lower() for part in (reply.header("Vary") or "").split(",")}
    assert {"accept-encoding", "cookie"} <= vary


def test_stylesheet_is_compressed_and_has_an_etag(gateway: Gateway) -> None:
    href = next(link for link in links(call(gateway, "GET", "/").text) if link.startswith("/static/"))
    reply = call(gateway, "GET", href, [("Accept-Encoding", "gzip")])
    assert reply.header("Content-Encoding") == "gzip"
    assert b"--colour-text" in gzip.decompress(reply.body)
    assert reply.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert reply.header("Vary") == "Accept-Encoding"  # the same for every reader, whatever their cookies
    etag = reply.header("ETag")
    assert etag
    assert call(gateway, "GET", href, [("If-None-Match", etag)]).status == 304


def test_error_pages_are_not_stored_and_have_no_etag(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/articles/does-not-exist")
    assert reply.status == 404
    assert reply.header("Cache-Control") == "no-store"
    assert reply.header("ETag") is None


def test_private_pages_get_compression_but_never_an_etag() -> None:
    from aws_lambda_powertools.event_handler import Response

    from readwell.web.responses import PRIVATE

    body = "<p>private</p>" * 200
    response = Response(200, "text/html; charset=utf-8", body, {"Cache-Control": PRIVATE})
    finished = http_cache.finish(response, {"accept-encoding": "gzip", "if-none-match": "*"})
    assert finished.status_code == 200
    assert "ETag" not in finished.headers
    assert finished.headers["Content-Encoding"] == "gzip"
    assert isinstance(finished.body, bytes) and gzip.decompress(finished.body) == body.encode()


def test_small_bodies_are_not_compressed() -> None:
    from aws_lambda_powertools.event_handler import Response

    response = Response(200, "text/html; charset=utf-8", "<p>tiny</p>")
    finished = http_cache.finish(response, {"accept-encoding": "gzip"})
    assert "Content-Encoding" not in finished.headers
    assert finished.body == "<p>tiny</p>"
