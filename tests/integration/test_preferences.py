"""POST /preferences and the pages after it, through the gateway exactly as template.yaml routes them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from tests.helpers import Reply, call

HTML = '<html lang="en" data-text-size="{}" data-scheme="{}" data-spacing="{}" data-width="{}">'
ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
FORM = ("Content-Type", "application/x-www-form-urlencoded")


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def post(gateway: Gateway, fields: dict[str, str] | str, headers: list[tuple[str, str]] | None = None) -> Reply:
    body = fields if isinstance(fields, str) else urlencode(fields)
    return call(gateway, "POST", "/preferences", [FORM, *(headers or [])], body.encode())


def set_cookies(reply: Reply) -> dict[str, str]:
    """name -> the whole Set-Cookie line."""
    return {value.split("=", 1)[0]: value for key, value in reply.headers if key.lower() == "set-cookie"}


def as_browser_cookies(reply: Reply) -> tuple[str, str]:
    """The Cookie header a browser would send next, from the reply's Set-Cookie lines (expired ones dropped)."""
    pairs = [line.split(";", 1)[0] for line in set_cookies(reply).values() if "Max-Age=0" not in line]
    return ("Cookie", "; ".join(pairs))


def test_choice_is_saved_and_the_reader_goes_back_to_the_same_page(gateway: Gateway) -> None:
    reply = post(gateway, {"text_size": "largest", "scheme": "high", "return_to": ARTICLE})
    assert reply.status == 303
    assert reply.header("Location") == ARTICLE
    cookies = set_cookies(reply)
    assert cookies["rw_prefs"] == (
        "rw_prefs=largest.high.standard.comfortable; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
    )

    page = call(gateway, "GET", ARTICLE, [as_browser_cookies(reply)])
    assert page.status == 200
    assert HTML.format("largest", "high", "standard", "comfortable") in page.text
    notice = "Display settings saved: text size 200%, high contrast, standard line spacing, comfortable reading width."
    assert f'<div class="notice" role="status">{notice}</div>' in page.text
    assert 'name="text_size" value="largest" aria-current="true">' in page.text
    assert 'id="display-scheme-high" name="scheme" value="high" checked>' in page.text
    assert page.header("Cache-Control") == "no-store"  # a page carrying a one-off notice is never cached
    assert "rw_notice=; Path=/; Max-Age=0" in set_cookies(page)["rw_notice"]

    later = call(gateway, "GET", "/", [("Cookie", "rw_prefs=largest.high")])
    assert 'data-text-size="largest" data-scheme="high"' in later.text
    assert 'role="status"' not in later.text
    assert "Cookie" in (later.header("Vary") or "").split(", ")  # pages differ by display preferences


def test_cookie_is_secure_when_the_request_came_over_https(gateway: Gateway) -> None:
    reply = post(gateway, {"text_size": "large", "scheme": "standard"}, [("X-Forwarded-Proto", "https")])
    assert all("; Secure" in line for line in set_cookies(reply).values())


def test_a_body_that_is_not_a_urlencoded_form_is_refused_with_a_page(gateway: Gateway) -> None:
    # The form has no enctype, so browsers always send it urlencoded. text/plain escapes neither "&" nor
    # "=", so its fields cannot be told apart reliably: the guard answers 415 (wrong content
    # types are bad input) with a page that says what happened, and nothing is changed.
    reply = call(
        gateway,
        "POST",
        "/preferences",
        [("Content-Type", "text/plain"), ("Cookie", "rw_prefs=larger.high")],
        b"text_size=larger&scheme=high&return_to=%2Fcommunities%2Fbreast-cancer-stage-3-4",
    )
    assert reply.status == 415
    assert "<h1>This form could not be read</h1>" in reply.text
    assert set_cookies(reply) == {} and reply.header("Location") is None


@pytest.mark.parametrize(
    "return_to",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil",
        "javascript:alert(1)",
        "/x\r\nLocation: //evil",
        "/" + "a" * 9000,
    ],
)
def test_unsafe_return_to_goes_home(gateway: Gateway, return_to: str) -> None:
    reply = post(gateway, {"text_size": "large", "scheme": "high", "return_to": return_to})
    assert reply.status == 303
    assert reply.header("Location") == "/"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "return_to=%2F",
        "text_size=gigantic&scheme=rainbow&return_to=%2F",
        "text_size=" + "x" * 10_000,  # far beyond any choice, still under the guard's body limit
        "&".join(f"f{n}=1" for n in range(40)),
    ],
    ids=["empty", "missing", "unknown", "huge", "unknown-fields"],
)
def test_bad_submissions_change_nothing_and_say_so(gateway: Gateway, body: str) -> None:
    reply = post(gateway, body, [("Cookie", "rw_prefs=larger.high")])
    assert reply.status == 303
    assert reply.header("Location") == "/"
    cookies = set_cookies(reply)
    assert "rw_prefs" not in cookies  # the reader's earlier choice stays as it was
    assert cookies["rw_notice"].startswith("rw_notice=unchanged;")
    page = call(gateway, "GET", "/", [("Cookie", "rw_prefs=larger.high; rw_notice=unchanged")])
    assert page.status == 200
    assert 'data-text-size="larger" data-scheme="high"' in page.text
    assert "Your display settings were not changed. Some choices were not recognised" in page.text


# "Huge" or "unknown" values are a form we can read: 303 and a notice (above). Bytes that are
# not a readable form at all are refused by the request guard before the handler runs: an
# accessible 4xx page that says what happened, no redirect, and the reader's cookie left as it was.
@pytest.mark.parametrize(
    ("body", "status", "heading"),
    [
        ("text_size=" + "x" * 70_000, 413, "What you sent is too large"),
        ("%%%&&&==", 400, "This request could not be read"),
        ("text_size=%ff%fe&scheme=%00", 400, "This request could not be read"),
        ("&".join(f"f{n}=1" for n in range(500)), 400, "This request could not be read"),
    ],
    ids=["over-the-size-limit", "broken-encoding", "bad-bytes", "hundreds-of-fields"],
)
def test_bodies_that_are_not_a_readable_form_get_a_page_and_change_nothing(
    gateway: Gateway, body: str, status: int, heading: str
) -> None:
    reply = post(gateway, body, [("Cookie", "rw_prefs=larger.high")])
    assert reply.status == status
    assert f"<h1>{heading}</h1>" in reply.text
    assert set_cookies(reply) == {} and reply.header("Location") is None


def test_partly_unknown_submission_keeps_the_known_part_and_says_the_rest_was_ignored(gateway: Gateway) -> None:
    reply = post(gateway, {"text_size": "largest", "scheme": "<b>neon</b>", "return_to": ARTICLE})
    assert set_cookies(reply)["rw_prefs"].startswith("rw_prefs=largest.auto.standard.comfortable;")
    page = call(gateway, "GET", ARTICLE, [as_browser_cookies(reply)])
    assert "Display settings saved: text size 200%" in page.text
    assert "Some choices were not recognised, so they were ignored." in page.text
    assert "neon" not in page.text


@pytest.mark.parametrize(
    "cookie",
    ["rw_prefs=garbage", 'rw_prefs="', "rw_prefs=" + "z" * 8000, "rw_notice=<script>", "=;;=", "rw_prefs=\x7f\x01"],
)
def test_garbage_cookies_give_the_default_variant_and_the_page_still_renders(gateway: Gateway, cookie: str) -> None:
    page = call(gateway, "GET", ARTICLE, [("Cookie", cookie)])
    assert page.status == 200
    assert HTML.format("standard", "auto", "standard", "comfortable") in page.text
    assert "<script>" not in page.text


def test_the_form_returns_to_the_page_it_is_on(gateway: Gateway) -> None:
    page = call(gateway, "GET", ARTICLE)
    assert f'<input type="hidden" name="return_to" value="{ARTICLE}">' in page.text
    assert '<form class="display-settings__form" method="post" action="/preferences">' in page.text
    assert '<form class="text-size" method="post" action="/preferences">' in page.text
    assert page.text.count(f'<input type="hidden" name="return_to" value="{ARTICLE}">') == 2


def test_one_text_size_button_makes_the_text_200_percent_and_keeps_every_other_setting(gateway: Gateway) -> None:
    """One activation, no JavaScript. The button sends only its size; the rest stays as chosen."""
    page = call(gateway, "GET", ARTICLE, [("Cookie", "rw_prefs=standard.dark.wide.full")])
    button = re.search(
        r'<button class="text-size__button" type="submit" name="text_size" value="largest"[^>]*>', page.text
    )
    assert button and "aria-current" not in button.group(0)
    assert '<span class="visually-hidden">Text size </span>200%</button>' in page.text
    reply = post(
        gateway, {"text_size": "largest", "return_to": ARTICLE}, [("Cookie", "rw_prefs=standard.dark.wide.full")]
    )
    assert reply.status == 303 and reply.header("Location") == ARTICLE
    after = call(gateway, "GET", ARTICLE, [as_browser_cookies(reply)])
    assert HTML.format("largest", "dark", "wide", "full") in after.text
    assert '<div class="notice" role="status">Text size set to 200%.</div>' in after.text
    assert 'name="text_size" value="largest" aria-current="true">' in after.text


def test_opening_preferences_directly_goes_home_and_other_methods_are_refused(gateway: Gateway) -> None:
    reply = call(gateway, "GET", "/preferences")
    assert reply.status == 303
    assert reply.header("Location") == "/"
    assert call(gateway, "DELETE", "/preferences").status == 405


def test_the_not_found_page_keeps_the_readers_variant(gateway: Gateway) -> None:
    page = call(gateway, "GET", "/no-such-page", [("Cookie", "rw_prefs=large.standard")])
    assert page.status == 404
    assert 'data-text-size="large" data-scheme="standard"' in page.text


def test_a_405_page_keeps_the_readers_display_settings(gateway: Gateway) -> None:
    reply = call(gateway, "DELETE", "/", [("Cookie", "rw_prefs=largest.high")])
    assert reply.status == 405
    assert 'data-text-size="largest" data-scheme="high"' in reply.text


def test_a_refused_request_still_gets_its_page_in_the_readers_display_settings(gateway: Gateway) -> None:
    reply = call(
        gateway,
        "POST",
        "/preferences",
        [("Cookie", "rw_prefs=largest.high"), ("Content-Type", "application/x-www-form-urlencoded")],
        b"text_size=" + b"x" * (70 * 1024),
    )
    assert reply.status == 413
    assert 'data-text-size="largest" data-scheme="high"' in reply.text
