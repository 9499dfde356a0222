"""The way back after saving preferences stays on this site; the notice never repeats what was sent."""

from __future__ import annotations

import pytest

from readwell.preferences import Choice, Preferences
from readwell.preferences.saving import (
    IGNORED_SENTENCE,
    SAVED,
    SAVED_WITH_IGNORED,
    SIZE,
    UNCHANGED,
    cookies_for,
    notice_text,
)
from readwell.web.request import safe_return_path

SAME_SITE = [
    "/",
    "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer",
    "/communities/breast-cancer-stage-3-4",
    "/search?q=breast+cancer&page=2",
    "/tracker#entries",
]
OFF_SITE_OR_UNSAFE = [
    None,
    "",
    "https://evil.example",
    "https://evil.example/articles/x",
    "//evil.example",
    "///evil.example",
    "/\\evil",
    "/\\/evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "articles/relative",
    " /articles/x",
    "/articles/x\r\nSet-Cookie: a=b",
    "/\t/evil.example",
    "/\x00",
    "/café",
    "/" + "a" * 5000,
    "http:/evil.example",
]


@pytest.mark.parametrize("path", SAME_SITE)
def test_same_site_paths_are_kept(path: str) -> None:
    assert safe_return_path(path) == path


@pytest.mark.parametrize("value", OFF_SITE_OR_UNSAFE)
def test_anything_else_goes_home(value: str | None) -> None:
    assert safe_return_path(value) == "/"


def test_saved_notice_names_the_choice() -> None:
    assert notice_text(SAVED, Preferences("larger", "high", "wide", "full")) == (
        "Display settings saved: text size 150%, high contrast, wide line spacing, full reading width."
    )
    assert notice_text(SIZE, Preferences("largest", "dark")) == "Text size set to 200%."


def test_notice_says_when_values_were_ignored() -> None:
    text = notice_text(SAVED_WITH_IGNORED, Preferences("large", "standard"))
    assert text is not None and text.endswith(IGNORED_SENTENCE)
    assert notice_text(UNCHANGED, Preferences()) == f"Your display settings were not changed. {IGNORED_SENTENCE}"


@pytest.mark.parametrize("code", [None, "", "<script>", "saved ", "SAVED"])
def test_unknown_notice_codes_say_nothing(code: str | None) -> None:
    assert notice_text(code, Preferences()) is None


def test_cookies_are_long_lived_lax_http_only_and_secure_and_host_only_over_https() -> None:
    choice = Choice(Preferences("largest", "high"), recognised=("text_size", "scheme"), ignored=False)
    plain = [str(cookie) for cookie in cookies_for(choice, None)]
    assert plain[0] == "rw_prefs=largest.high.standard.comfortable; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
    assert plain[1] == "rw_notice=saved; Path=/; HttpOnly; SameSite=Lax"
    secure = [str(cookie) for cookie in cookies_for(choice, "https")]
    assert all("; Secure" in cookie and cookie.startswith("__Host-") for cookie in secure)


def test_nothing_recognised_keeps_the_preferences_cookie_as_it_was() -> None:
    choice = Choice(Preferences(), recognised=(), ignored=True)
    assert [str(cookie) for cookie in cookies_for(choice, "https")] == [
        "__Host-rw_notice=unchanged; Path=/; HttpOnly; Secure; SameSite=Lax"
    ]
