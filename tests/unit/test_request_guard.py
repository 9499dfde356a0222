"""The request guard's edge cases, one example each (the catalogue and the properties cover the rest)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from readwell.web.request_guard import MAX_HEADER_BYTES, inspect, readable_cookies

FORM_TYPE = "application/x-www-form-urlencoded"


def event(method: str = "GET", path: str = "/", query: str = "", content_type: str = "", **extra: Any) -> Any:
    headers = {"content-type": content_type} if content_type else {}
    return {
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {"http": {"method": method}},
        **extra,
    }


@pytest.mark.parametrize(
    "request_event",
    [
        event(query="print"),  # a bare name in a link
        event(query="a=1&&b=2&"),
        event(query="q=caf%C3%A9+au+lait"),
        event("POST"),  # no body, no type: the handler decides
        event("POST", content_type=FORM_TYPE, body="a=1&b=%C3%A9"),
        event("POST", content_type=FORM_TYPE + '; charset="UTF-8"', body="a=1"),
        event("POST", content_type=FORM_TYPE + "; charset=utf-8; foo=bar", body="a=1"),
        event(query="q=pasted%09tab"),
        event("POST", content_type=FORM_TYPE, body="note=line+one%0D%0Aline+two"),  # a textarea's line break
        event("POST", content_type=FORM_TYPE, body=base64.b64encode(b"a=1").decode(), isBase64Encoded=True),
    ],
)
def test_what_browsers_send_goes_through(request_event: Any) -> None:
    assert inspect(request_event) is None


@pytest.mark.parametrize(
    ("request_event", "status"),
    [
        (event("POST", content_type=FORM_TYPE, body="print"), 400),  # a form field always has "="
        (event("POST", content_type=FORM_TYPE, body="!!!not base64", isBase64Encoded=True), 400),
        (event("POST", content_type=FORM_TYPE, body="a=%0B"), 400),  # vertical tab: never typed
        (event("POST", content_type="multipart/form-data; boundary=x", body="--x--"), 415),
        (event("POST", content_type="application/json"), 415),  # a type we do not read, even empty
        (event("POST", content_type=FORM_TYPE + "; charset=utf-16", body="a=1"), 415),
        (event(query="a=1;b=2&a=3"), 400),
        (event(path="/a%2"), 400),
        (event(path="/%09/evil.example.com"), 400),  # a tab in a path is never a reader's doing
        (event(query="q=line%0Abreak"), 400),  # a search box holds one line
    ],
)
def test_what_no_browser_sends_is_refused(request_event: Any, status: int) -> None:
    refusal = inspect(request_event)
    assert refusal is not None and refusal.status == status


def test_unreadable_cookies_are_dropped_never_refused() -> None:
    # A reader cannot easily clear a broken cookie: refusing it would lock them out of every page.
    broken = ["rw_prefs=\x7f", "rw_prefs=a\x00b", "rw_prefs=\udcff", "rw_prefs=" + "z" * MAX_HEADER_BYTES]
    assert inspect(event(cookies=[*broken, "rw_prefs=large.high"])) is None
    assert readable_cookies([*broken, "rw_prefs=large.high", "other=1"]) == ["rw_prefs=large.high", "other=1"]
