"""The tracker end to end through the gateway, as template.yaml routes it, against moto."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from tests.tracker.browser import TRACKER, Browser


def entry_items(items: list[dict[str, Any]]) -> dict[str, int]:
    """Day -> grams, read from the stored month items (SK=MONTH#yyyy-mm, one dDD attribute per day)."""
    return {
        f"{i['SK']['S'][6:]}-{name[1:]}": int(value["N"])
        for i in items
        if i["SK"]["S"].startswith("MONTH#")
        for name, value in i.items()
        if name[0] == "d" and name[1:].isdigit()
    }


def recovery_code(html: str) -> str:
    found = re.search(r"<code>([A-Z2-7-]+)</code>", html)
    assert found
    return found.group(1)


def test_no_tracker_shows_the_start_page(browser: Browser) -> None:
    reply = browser.get("/tracker")
    assert reply.status == 200
    assert "<h1>Start your weight tracker</h1>" in reply.text
    assert reply.header("Cache-Control") == "private, no-store"


def test_start_sets_a_private_cookie_stores_only_its_hash_and_shows_a_recovery_code(
    browser: Browser, table_items: Any
) -> None:
    reply = browser.start(unit="kg", height_cm="170")
    cookie = next(v for k, v in reply.headers if k == "Set-Cookie" and v.startswith(f"{TRACKER}="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "Path=/" in cookie
    token = browser.cookies[TRACKER]
    assert len(token) == 24
    assert recovery_code(reply.text).replace("-", "") == token
    items = table_items()
    assert [i["PK"]["S"] for i in items] == ["TRACKER#" + hashlib.sha256(token.encode()).hexdigest()]
    assert token not in str(items)
    assert items[0]["unit"]["S"] == "kg" and "goal_grams" not in items[0]  # no goal unless the reader chooses one


def test_add_entries_and_see_progress_chart_and_table(browser: Browser, table_items: Any) -> None:
    browser.start(height_cm="170")
    browser.post("/tracker/settings", {"csrf_token": browser.csrf(), "goal_kind": "lose", "goal_weight": "70"})
    assert browser.add("2026-02-01", "75,5").status == 303
    reply = browser.add("2026-02-03", "74.5")
    assert reply.status == 303 and reply.header("Location") == "/tracker?done=added"
    assert entry_items(table_items()) == {"2026-02-01": 75500, "2026-02-03": 74500}
    page = browser.get("/tracker?done=added").text
    assert '<div class="notice" role="status">Your entry has been saved.</div>' in page
    assert "Down 1.0 kg" in page
    assert "25.8: in the adult overweight range" in page
    assert "4.5 kg to lose to reach your goal of 70.0 kg" in page
    assert '<svg role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "Your weight went down 1.0 kg, from 75.5 kg to 74.5 kg" in page
    assert "<caption>Your weights, newest first</caption>" in page
    assert page.index('2026-02-03">3 February') < page.index('2026-02-01">1 February')
    assert '<th scope="col">Date</th>' in page and '<th scope="row">' in page


def test_same_day_asks_first_then_replaces(browser: Browser, table_items: Any) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    reply = browser.add("2026-02-01", "74.0")
    assert reply.status == 409
    assert "You already have an entry of 75.5 kg for this day" in reply.text
    assert 'name="confirm_replace" value="yes"' in reply.text
    assert entry_items(table_items()) == {"2026-02-01": 75500}
    reply = browser.add("2026-02-01", "74.0", confirm_replace="yes")
    assert reply.status == 303 and reply.header("Location") == "/tracker?done=replaced"
    assert entry_items(table_items()) == {"2026-02-01": 74000}


def test_double_submit_creates_one_entry(browser: Browser, table_items: Any) -> None:
    browser.start()
    first = browser.add("2026-02-01", "75.5")
    second = browser.add("2026-02-01", "75.5")
    assert (first.status, second.status) == (303, 303)
    assert entry_items(table_items()) == {"2026-02-01": 75500}


def test_edit_and_delete_an_entry(browser: Browser, table_items: Any) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    browser.add("2026-02-02", "75.0")
    edit = browser.get("/tracker/entries/2026-02-01/edit")
    assert edit.status == 200 and 'value="75.5"' in edit.text
    reply = browser.post("/tracker/entries/2026-02-01", {"csrf_token": browser.csrf(), "weight": "73.2"})
    assert reply.status == 303 and reply.header("Location") == "/tracker?done=updated"
    assert entry_items(table_items()) == {"2026-02-01": 73200, "2026-02-02": 75000}
    reply = browser.post("/tracker/entries/2026-02-02/delete", {"csrf_token": browser.csrf()})
    assert reply.status == 303
    assert entry_items(table_items()) == {"2026-02-01": 73200}
    summary = next(i for i in table_items() if i["SK"]["S"] == "PROFILE")
    assert (summary["count"]["N"], summary["latest_day"]["S"], summary["latest_grams"]["N"]) == (
        "1",
        "2026-02-01",
        "73200",
    )
    assert browser.get("/tracker/entries/2026-02-02/edit").status == 404


def test_stones_and_pounds(browser: Browser, table_items: Any) -> None:
    browser.start(unit="st")
    browser.post("/tracker/settings", {"csrf_token": browser.csrf(), "goal_kind": "gain", "goal_weight": "11 6"})
    reply = browser.post(
        "/tracker/entries",
        {"csrf_token": browser.csrf(), "date": "2026-02-01", "weight_stones": "12", "weight_pounds": "3.5"},
    )
    assert reply.status == 303
    assert entry_items(table_items()) == {"2026-02-01": 77791}  # 171.5 lb x 453.59237 g
    page = browser.get("/tracker").text
    assert "12 st 3.5 lb" in page and "11 st 6.0 lb" in page


def test_export_csv_has_a_header_and_every_entry(browser: Browser) -> None:
    browser.start()
    browser.add("2026-02-02", "75.0")
    browser.add("2026-02-01", "75.5")
    reply = browser.get("/tracker/export.csv")
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/csv; charset=utf-8"
    assert "attachment" in (reply.header("Content-Disposition") or "")
    assert reply.text.splitlines() == [
        "date,weight_grams,weight_kg,weight_in_your_unit",
        "2026-02-01,75500,75.5,75.5 kg",
        "2026-02-02,75000,75.0,75.0 kg",
    ]


def test_delete_tracker_removes_every_item_and_forgets_the_browser(browser: Browser, table_items: Any) -> None:
    browser.start()
    for day in range(1, 30):
        browser.add(f"2026-02-{day:02d}", "75.5")
    other = Browser(browser.gateway)
    other.start()
    assert browser.get("/tracker/delete").status == 200
    reply = browser.post("/tracker/delete", {"csrf_token": browser.csrf()})
    assert reply.status == 200 and "Your tracker has been deleted" in reply.text
    remaining = table_items()
    assert len(remaining) == 1 and remaining[0]["SK"]["S"] == "PROFILE"  # only the other tracker
    assert TRACKER not in browser.cookies


def test_recover_on_a_second_browser(browser: Browser) -> None:
    code = recovery_code(browser.start().text)
    browser.add("2026-02-01", "75.5")
    second = Browser(browser.gateway)
    assert "Start your weight tracker" in second.get("/tracker").text
    reply = second.post("/tracker/open", {"recovery_code": code.lower().replace("-", " ")})
    assert reply.status == 303 and reply.header("Location") == "/tracker?done=opened"
    page = second.get("/tracker?done=opened").text
    assert "Your tracker is open on this device." in page and "75.5 kg" in page


def test_a_wrong_recovery_code_is_a_message_and_tries_are_limited(browser: Browser) -> None:
    browser.start()
    stranger = Browser(browser.gateway)
    for attempt in range(5):
        reply = stranger.post("/tracker/open", {"recovery_code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"})
        assert reply.status == 400, attempt
        assert "Error: Open your tracker" in reply.text
        assert 'aria-invalid="true"' in reply.text and 'value="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"' in reply.text
    limited = stranger.post("/tracker/open", {"recovery_code": "AAAA-BBBB-CCCC-DDDD-EEEE-GGGG"})
    assert limited.status == 429 and "Too many tries" in limited.text
    assert TRACKER not in stranger.cookies


def test_two_trackers_never_see_each_others_entries(browser: Browser) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    other = Browser(browser.gateway)
    other.start()
    other.add("2026-02-01", "99.9")
    assert "99.9" not in browser.get("/tracker").text and "75.5 kg" in browser.get("/tracker").text
    assert "75.5" not in other.get("/tracker").text and "99.9 kg" in other.get("/tracker").text
    assert "99.9" not in browser.get("/tracker/export.csv").text
    # A form token from one tracker does not work for the other.
    reply = other.post("/tracker/entries", {"csrf_token": browser.csrf(), "date": "2026-02-02", "weight": "80"})
    assert reply.status == 403


def test_forged_or_unknown_cookie_gets_the_start_page(browser: Browser) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    for forged in ["AAAAAAAAAAAAAAAAAAAAAAAA", "not-a-token", "", "TRACKER#" + "a" * 64, "<script>"]:
        intruder = Browser(browser.gateway)
        intruder.cookies[TRACKER] = forged
        reply = intruder.get("/tracker")
        assert reply.status == 200 and "Start your weight tracker" in reply.text
        assert "75.5" not in reply.text
        assert intruder.get("/tracker/export.csv").status == 303


def test_the_article_page_is_the_same_for_every_reader_tracker_or_not(browser: Browser, published: Any) -> None:
    """An article page is shared by caches: it never shows, or depends on, anyone's tracker."""
    slug = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
    before = browser.get(slug)
    browser.start()
    browser.add("2026-02-01", "75.5")
    after = browser.get(slug)
    assert after.body == before.body and "75.5" not in after.text
    assert "Start tracking now" in after.text and 'href="/tracker"' in after.text


def test_the_widget_start_form_starts_a_tracker(browser: Browser, table_items: Any) -> None:
    reply = browser.post("/tracker/start", {"start_date": "2026-03-01"})
    assert reply.status == 200 and TRACKER in browser.cookies
    assert table_items()[0]["start_date"]["S"] == "2026-03-01"


def test_paging_past_fifty_entries_by_date(browser: Browser) -> None:
    browser.start(start_date="2025-01-01")
    for offset in range(60):
        browser.add(f"2025-{1 + offset // 28:02d}-{1 + offset % 28:02d}", "70")
    first = browser.get("/tracker").text
    assert first.count('<th scope="row">') == 50
    assert "Your weights, newest first: 11 January 2025 to 4 March 2025 (60 in all)" in first
    assert 'href="/tracker?before=2025-01-11"' in first and "?after=" not in first
    second = browser.get("/tracker?before=2025-01-11").text
    assert second.count('<th scope="row">') == 10 and 'href="/tracker?before=' not in second
    assert 'href="/tracker?after=2025-01-10"' in second and 'href="/tracker">Newest entries' in second
    back = browser.get("/tracker?after=2025-01-10").text
    assert back.count('<th scope="row">') == 50 and "4 March 2025" in back
    assert browser.get("/tracker?before=not-a-date").status == 200  # any other value: the newest page


def test_over_plain_http_the_cookie_is_not_marked_secure(gateway: Any) -> None:
    from tests.helpers import call

    reply = call(
        gateway,
        "POST",
        "/tracker/start",
        [
            ("Host", "127.0.0.1:3000"),
            ("Origin", "http://127.0.0.1:3000"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"start_date=2026-01-01&unit=kg",
    )
    assert reply.status == 200
    # Browsers refuse a __Host- cookie without Secure, so plain local HTTP keeps the plain name.
    cookie = next(v for k, v in reply.headers if k == "Set-Cookie" and v.startswith("rw_tracker="))
    assert "Secure" not in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_starting_again_with_a_tracker_keeps_the_existing_one(browser: Browser, table_items: Any) -> None:
    browser.start()
    token = browser.cookies[TRACKER]
    reply = browser.post("/tracker/start", {"start_date": "2026-01-01", "unit": "kg"})
    assert reply.status == 303 and reply.header("Location") == "/tracker"
    assert browser.cookies[TRACKER] == token
    assert len(table_items()) == 1


def test_the_tracker_page_is_one_query(browser: Browser, function_client: Any) -> None:
    from tests.support.dynamodb_calls import dynamodb_calls

    browser.start(height_cm="170")
    browser.add("2026-02-01", "75.5")
    with dynamodb_calls(function_client("TrackerFunction")) as calls:
        reply = browser.get("/tracker")
    assert reply.status == 200 and "75.5 kg" in reply.text
    assert dict(calls) == {"Query": 1}  # the notice and the changes read in the same Query


def test_editing_in_stones_and_pounds(browser: Browser, table_items: Any) -> None:
    browser.start(unit="st")
    csrf = browser.csrf()
    browser.post(
        "/tracker/entries", {"csrf_token": csrf, "date": "2026-02-01", "weight_stones": "12", "weight_pounds": "0"}
    )
    edit = browser.get("/tracker/entries/2026-02-01/edit").text
    assert 'id="weight-stones" name="weight_stones" value="12"' in edit
    assert 'id="weight-pounds" name="weight_pounds" value="0.0"' in edit
    reply = browser.post(
        "/tracker/entries/2026-02-01", {"csrf_token": csrf, "weight_stones": "11", "weight_pounds": "13"}
    )
    assert reply.status == 303
    assert entry_items(table_items()) == {"2026-02-01": 75750}  # 167 lb x 453.59237 g
