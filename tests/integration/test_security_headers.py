"""Security headers on every response of every route template.yaml declares, error pages included."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.shared.cookies import Cookie

from local.aws.roles import Account
from local.serve.server import Gateway
from local.template import declarations
from readwell.pages import error_pages
from readwell.web.request_guard import secure
from tests.helpers import call
from tests.reliability.faults import THROTTLING, fault, recorded_sleeps
from tests.reliability.http import assert_secure, sample_path

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
FORM = [("Content-Type", "application/x-www-form-urlencoded")]
HTTPS = [("X-Forwarded-Proto", "https")]


# Responses other branches add behind greedy or listed routes: CSV, XML, plain text, redirects.
FEATURE_TARGETS = [
    "/tracker",
    "/tracker/export.csv",
    "/tracker/export.fhir.json",
    "/tracker/forget",
    "/tracker/new-code",
    "/tracker/open",
    "/tracker/delete",
    "/tracker/entries/2026-01-01/edit",
    "/search?q=cancer",
    "/sitemap.xml",
    "/feed.xml",
    "/robots.txt",
]


def _routed(path: str) -> bool:
    path = path.split("?")[0]
    return any(r.path != "$default" and r.pattern.match(path) for r in declarations.routes())


def _requests() -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    """A GET and a form POST for every route, plus each error the site can answer with."""
    found: list[tuple[str, str, list[tuple[str, str]], bytes]] = []
    for route in declarations.routes():
        path = sample_path(route.path)
        found.append(("GET", path, HTTPS, b""))
        found.append(("POST", path, FORM + HTTPS, b"text_size=large&scheme=high&return_to=%2F"))
    found += [("GET", target, HTTPS, b"") for target in FEATURE_TARGETS if _routed(target)]
    found += [
        ("GET", "/articles/%00", [], b""),  # 400
        ("POST", "/", FORM, b"a=" + b"x" * 70_000),  # 413
        ("GET", "/" + "a" * 10_300, [], b""),  # 414
        ("POST", "/", [("Content-Type", "application/json")], b"{}"),  # 415
        ("GET", "/", [("X-Padding", "a" * 5000)], b""),  # 431
        ("GET", "/", [("If-None-Match", '"*"'), ("Accept-Encoding", "gzip")], b""),  # 200 or 304 once cached
        ("HEAD", f"/articles/{SLUG}", [], b""),
    ]
    return found


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_every_route_and_error_page_carries_the_security_headers(gateway: Gateway) -> None:
    statuses = set()
    for method, target, headers, body in _requests():
        reply = call(gateway, method, target, headers, body)
        statuses.add(reply.status)
        assert_secure(reply, over_https=("X-Forwarded-Proto", "https") in headers, label=f"{method} {target[:60]}")
    assert {200, 400, 404, 405, 413, 414, 415, 431} <= statuses  # the pages above really were produced


def test_the_500_and_503_pages_carry_them_too(
    aws: Account, monkeypatch: pytest.MonkeyPatch, published: Any, function_client: Any
) -> None:
    with recorded_sleeps(monkeypatch), fault(function_client("SiteFunction"), "GetItem", THROTTLING):
        busy = call(Gateway(aws), "GET", f"/articles/{SLUG}")
    assert busy.status == 503
    assert_secure(busy, over_https=False, label="503")
    broken = call(Gateway(aws, {"CONTENT_TABLE": "NoSuchTable"}), "GET", f"/articles/{SLUG}")
    assert broken.status == 500
    assert_secure(broken, over_https=False, label="500")


def test_the_guard_hardens_any_cookie_a_handler_sets() -> None:
    careless = Response(status_code=303, headers={"Location": "/"}, cookies=[Cookie("pref", "x", secure=False)])
    hardened = secure(careless, over_https=True)
    cookie = str(hardened.cookies[0])
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert hardened.headers["X-Content-Type-Options"] == "nosniff"
    plain = secure(Response(status_code=200, cookies=[Cookie("pref", "x", secure=False)]), over_https=False)
    assert "Secure" not in str(plain.cookies[0])  # local http://127.0.0.1 would drop a Secure cookie


def test_error_pages_keep_their_own_cache_headers() -> None:
    page = secure(error_pages.service_unavailable(), over_https=False)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Retry-After"] == "30"
