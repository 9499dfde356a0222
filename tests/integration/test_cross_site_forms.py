"""A form another website's page sends is refused with a 403 page and changes nothing: the feedback form and the
display settings (which any page could otherwise reset for a low-vision reader). Browsers that say the form came
from our own pages, or that say nothing, are served."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.edge import verified
from tests.helpers import call
from tests.integration.edge_helpers import EDGE_STACK, SECRET
from tests.reliability.tables import snapshot
from tests.tracker.browser import HOST

ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
FORMS = {
    "/feedback": {"page": ARTICLE, "answer": "yes"},
    "/preferences": {"text_size": "largest", "scheme": "high", "return_to": ARTICLE},
}
BASE = [("Host", HOST), ("X-Forwarded-Proto", "https"), ("Content-Type", "application/x-www-form-urlencoded")]
CROSS_SITE = {
    "origin-another-site": [("Origin", "https://evil.example")],
    "origin-another-scheme": [("Origin", f"ftp://{HOST}")],
    "fetch-metadata-cross-site": [("Origin", f"https://{HOST}"), ("Sec-Fetch-Site", "cross-site")],
    "fetch-metadata-alone": [("Sec-Fetch-Site", "cross-site")],
}
SAME_SITE = {
    "origin-and-fetch-metadata": [("Origin", f"https://{HOST}"), ("Sec-Fetch-Site", "same-origin")],
    "origin-alone": [("Origin", f"https://{HOST}")],
    "fetch-metadata-same-site": [("Sec-Fetch-Site", "same-site")],
    "no-header-at-all": [],
}


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def post(gateway: Gateway, path: str, headers: list[tuple[str, str]]) -> Any:
    return call(gateway, "POST", path, BASE + headers, urlencode(FORMS[path]).encode())


@pytest.mark.parametrize("path", sorted(FORMS))
@pytest.mark.parametrize("case", sorted(CROSS_SITE))
def test_a_form_from_another_site_is_refused_with_a_page_and_changes_nothing(
    gateway: Gateway, admin: Any, path: str, case: str
) -> None:
    before = snapshot(admin)
    reply = post(gateway, path, CROSS_SITE[case])
    assert reply.status == 403
    assert reply.header("Content-Type") == "text/html; charset=utf-8"
    assert "<h1>This form came from another website</h1>" in reply.text and "Nothing has been saved." in reply.text
    assert reply.header("Set-Cookie") is None  # the display settings are untouched
    assert reply.header("Cache-Control") == "no-store"
    assert snapshot(admin) == before


@pytest.mark.parametrize("path", sorted(FORMS))
@pytest.mark.parametrize("case", sorted(SAME_SITE))
def test_a_form_from_our_own_pages_or_a_browser_that_says_nothing_is_served(
    gateway: Gateway, path: str, case: str
) -> None:
    reply = post(gateway, path, SAME_SITE[case])
    assert reply.status == 303, reply.text
    assert (reply.header("Set-Cookie") is not None) == (path == "/preferences")


@EDGE_STACK
def test_behind_the_edge_the_viewers_own_site_is_same_site_and_its_address_is_counted(
    published: Any, aws: Account, admin: Any
) -> None:
    """API Gateway gets its own Host; the browser names the edge's. The limit counts the viewer's address."""
    gateway = Gateway(aws)
    edge = [
        (verified.ORIGIN_HEADER, SECRET),
        (verified.VIEWER_HOST_HEADER, "read.example.org"),
        (verified.VIEWER_ADDRESS_HEADER, "198.51.100.7:50000"),
        ("Host", "abc123.execute-api.eu-west-2.amazonaws.com"),
        ("X-Forwarded-Proto", "https"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ]
    body = urlencode(FORMS["/feedback"]).encode()
    own = call(gateway, "POST", "/feedback", [*edge, ("Origin", "https://read.example.org")], body)
    assert own.status == 303
    other = call(gateway, "POST", "/feedback", [*edge, ("Origin", "https://abc123.example")], body)
    assert other.status == 403
    counters = [item for item in snapshot(admin)["FeedbackTable"] if item["PK"]["S"].startswith("ATTEMPTS#")]
    assert len(counters) == 1 and counters[0]["tries"]["N"] == "1"
