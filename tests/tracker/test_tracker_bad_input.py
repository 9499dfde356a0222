"""Bad input: the form again with the reader's input, an error summary, aria-invalid, 'Error:' in the title,
and nothing written (checked by reading the table directly). Refused posts are 403 pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.tracker.browser import HOST, TRACKER, Browser

FUTURE = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()  # past every time zone's today


def assert_form_error(html: str, field_id: str, kept: str) -> None:
    assert "<title>Error: " in html
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*tabindex="-1"[^>]*>(.*?)</div>', html, re.S)
    assert summary, "error summary at the top"
    assert f'href="#{field_id}"' in summary.group(1)
    field = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html)
    assert field, field_id
    assert 'aria-invalid="true"' in field.group(0)
    assert f"{field_id}-error" in field.group(0)  # the message is tied by aria-describedby
    assert f'id="{field_id}-error"' in html
    if kept:
        assert f'value="{kept}"' in html, kept


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("abc", "as a number"),
        ("", "Enter your weight"),
        ("0", "more than 0"),
        ("-5", "more than 0"),
        ("19.9", "at least 20 kg"),
        ("500.1", "at most 500 kg"),
        ("72.55", "at most one decimal place"),
        ("72,55", "at most one decimal place"),
        ("1e3", "as a number"),
        ("<script>alert(1)</script>", "as a number"),
    ],
)
def test_bad_weight_in_kg(browser: Browser, table_items: Any, weight: str, message: str) -> None:
    browser.start()
    before = table_items()
    reply = browser.post("/tracker/entries", {"csrf_token": browser.csrf(), "date": "2026-02-01", "weight": weight})
    assert reply.status == 400
    assert message in reply.text
    assert "<script>" not in reply.text
    assert_form_error(reply.text, "weight", weight.replace("<", "&lt;").replace(">", "&gt;"))
    assert table_items() == before


@pytest.mark.parametrize(
    ("weight", "message"),
    [("44.0", "at least 20 kg"), ("1102.5", "at most 500 kg"), ("150.25", "at most one decimal place")],
)
def test_bad_weight_in_pounds(browser: Browser, table_items: Any, weight: str, message: str) -> None:
    browser.start(unit="lb")
    before = table_items()
    reply = browser.add("2026-02-01", weight)
    assert reply.status == 400 and message in reply.text
    assert_form_error(reply.text, "weight", weight)
    assert table_items() == before


@pytest.mark.parametrize(
    ("stones", "pounds", "message"),
    [
        ("3", "1", "at least 20 kg"),
        ("79", "0", "at most 500 kg"),
        ("11", "14", "Pounds must be from 0 to 13.9"),
        ("11.5", "0", "whole stones"),
        ("x", "2", "as a number"),
        ("0", "0", "more than 0"),
    ],
)
def test_bad_weight_in_stones(browser: Browser, table_items: Any, stones: str, pounds: str, message: str) -> None:
    browser.start(unit="st")
    before = table_items()
    form = {"csrf_token": browser.csrf(), "date": "2026-02-01", "weight_stones": stones, "weight_pounds": pounds}
    reply = browser.post("/tracker/entries", form)
    assert reply.status == 400 and message in reply.text
    assert_form_error(reply.text, "weight-stones", stones)
    assert f'value="{pounds}"' in reply.text
    assert table_items() == before


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("not a date", "real date"),
        ("2026-02-30", "real date"),
        ("26-02-01", "real date"),
        ("20260201", "real date"),
        (FUTURE, "today or in the past"),
        ("2025-12-31", "on or after your start date"),
    ],
)
def test_bad_date(browser: Browser, table_items: Any, day: str, message: str) -> None:
    browser.start(start_date="2026-01-01")
    before = table_items()
    reply = browser.add(day, "72.5")
    assert reply.status == 400 and message in reply.text
    assert_form_error(reply.text, "date", day)
    assert 'value="72.5"' in reply.text  # the weight typed is kept too
    assert table_items() == before


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"height_cm": "49.9"}, "height-cm", "between 50 cm and 272 cm"),
        ({"height_cm": "272.1"}, "height-cm", "between 50 cm and 272 cm"),
        ({"height_cm": "tall"}, "height-cm", "as a number"),
        ({"start_date": FUTURE}, "start-date", "today or in the past"),
        ({"start_date": "2026-13-01"}, "start-date", "real date"),
    ],
)
def test_bad_start_form(
    browser: Browser, table_items: Any, fields: dict[str, str], field_id: str, message: str
) -> None:
    reply = browser.post("/tracker/start", {"start_date": "2026-01-01", "unit": "kg", **fields})
    assert reply.status == 400 and message in reply.text
    assert_form_error(reply.text, field_id, next(iter(fields.values())))
    assert TRACKER not in browser.cookies
    assert table_items() == []


def test_unknown_unit_is_refused(browser: Browser, table_items: Any) -> None:
    reply = browser.post("/tracker/start", {"start_date": "2026-01-01", "unit": "furlongs"})
    assert reply.status == 400 and "Choose kilograms, pounds, or stones and pounds" in reply.text
    assert table_items() == []


def test_editing_with_a_bad_weight_keeps_the_saved_one(browser: Browser, table_items: Any) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    before = table_items()
    reply = browser.post("/tracker/entries/2026-02-01", {"csrf_token": browser.csrf(), "weight": "7000"})
    assert reply.status == 400
    assert_form_error(reply.text, "weight", "7000")
    assert table_items() == before


@pytest.mark.parametrize("token", ["", "0" * 64, "forged", "a" * 5000])
def test_missing_or_forged_csrf_token_is_403_and_writes_nothing(browser: Browser, table_items: Any, token: str) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    before = table_items()
    for target, form in [
        ("/tracker/entries", {"date": "2026-02-02", "weight": "70"}),
        ("/tracker/entries/2026-02-01", {"weight": "70"}),
        ("/tracker/entries/2026-02-01/delete", {}),
        ("/tracker/delete", {}),
    ]:
        fields = {**form, "csrf_token": token} if token else form
        reply = browser.post(target, fields)
        assert reply.status == 403, target
        assert "Sorry, this form could not be accepted" in reply.text
    assert table_items() == before


@pytest.mark.parametrize(
    "headers",
    [[("Sec-Fetch-Site", "cross-site")], [("Origin", "https://evil.example")], [("Origin", "null")]],
)
def test_cross_site_posts_are_403_even_with_a_valid_token(
    browser: Browser, table_items: Any, headers: list[tuple[str, str]]
) -> None:
    browser.start()
    csrf = browser.csrf()
    before = table_items()
    browser_origin = [h for h in headers if h[0] == "Origin"]
    if browser_origin:  # replace the browser's own Origin with the attacker's
        reply = browser._call(
            "POST",
            "/tracker/entries",
            [
                ("Host", HOST),
                ("Cookie", f"{TRACKER}={browser.cookies[TRACKER]}"),
                *headers,
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            f"csrf_token={csrf}&date=2026-02-01&weight=70".encode(),
        )
    else:
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, "date": "2026-02-01", "weight": "70"}, headers)
    assert reply.status == 403
    assert table_items() == before
    stranger = Browser(browser.gateway)
    assert (
        stranger.post("/tracker/start", {"start_date": "2026-01-01"}, [("Sec-Fetch-Site", "cross-site")]).status == 403
    )


def test_post_without_a_tracker_goes_to_the_start_page(browser: Browser, table_items: Any) -> None:
    reply = browser.post("/tracker/entries", {"date": "2026-02-01", "weight": "70"})
    assert reply.status == 303 and reply.header("Location") == "/tracker"
    assert table_items() == []


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PUT", "/tracker", 405),
        ("POST", "/tracker", 405),
        ("GET", "/tracker/start", 405),
        ("DELETE", "/tracker/entries/2026-02-01", 405),
        ("GET", "/tracker/nothing-here", 404),
        ("GET", "/tracker/entries/../../etc/passwd/edit", 404),
    ],
)
def test_wrong_methods_and_unknown_paths_get_html_pages(browser: Browser, method: str, path: str, status: int) -> None:
    reply = browser._call(method, path, [("Host", HOST)])
    assert reply.status == status
    assert reply.header("Content-Type") == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"&".join(b"f%d=x" % i for i in range(80)), "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00weight=70", "application/x-www-form-urlencoded"),
        (b"weight=%ZZ&date=%", "application/x-www-form-urlencoded"),
        (b'{"weight": 70}', "application/json"),
        (b"weight=7%000", "text/plain"),
    ],
)
def test_broken_form_bodies_are_refused_with_a_page_never_a_500(
    browser: Browser, table_items: Any, body: bytes, content_type: str
) -> None:
    browser.start()
    before = table_items()
    headers = [("Host", HOST), ("Origin", f"https://{HOST}"), ("Content-Type", content_type)]
    headers.append(("Cookie", f"{TRACKER}={browser.cookies[TRACKER]}"))
    for target in ("/tracker/entries", "/tracker/start", "/tracker/open", "/tracker/delete"):
        reply = browser._call("POST", target, headers, body)
        assert 300 <= reply.status < 500, (target, reply.status)
    trackers = [item for item in table_items() if item["PK"]["S"].startswith("TRACKER#")]
    assert trackers == before  # only the recovery-attempt counter may have moved
