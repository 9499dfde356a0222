"""The tracker for a reader who is ill: the weight-loss notice on the page and after saving, the reader's own
threshold and a neutral goal in the settings (bad input refused whole), the printable record, and what they cost."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from readwell.storage.tracker import TrackerRepository
from readwell.tracker.identity import token_hash
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from tests.support.dynamodb_calls import dynamodb_calls, read_units
from tests.tracker.browser import TRACKER, Browser

NOTICE = "Tell your care team"


def settings(browser: Browser, **fields: str) -> Any:
    return browser.post("/tracker/settings", {"csrf_token": browser.csrf(), **fields})


def test_the_notice_shows_on_the_page_and_on_the_confirmation_after_saving(browser: Browser) -> None:
    browser.start(start_date="2026-01-01")
    browser.add("2026-03-01", "80")
    browser.add("2026-06-01", "79")
    assert NOTICE not in browser.get("/tracker").text
    saved = browser.add("2026-08-01", "76")  # 5% below the highest, 80 kg, within 183 days
    assert saved.status == 303 and saved.header("Location") == "/tracker?done=added"
    page = browser.get(saved.header("Location")).text
    assert 'role="status">Your entry has been saved.' in page
    assert NOTICE in page and page.index(NOTICE) < page.index("Add a weight")  # above the form and the entries
    assert "down by 4.0 kg (5%) from 1 March 2026 to 1 August 2026" in page
    assert "about 1 kg in every 20 kg" in page and "doctor, nurse or dietitian" in page
    assert 'href="https://doi.org/10.1016/S1470-2045(10)70218-7"' in page and 'href="/help"' in page
    # A weight back up ends the notice: it is about the newest weight.
    browser.add("2026-08-02", "79")
    assert NOTICE not in browser.get("/tracker").text


def test_the_changes_over_one_three_and_six_months_in_numbers_and_words(browser: Browser) -> None:
    browser.start(start_date="2026-01-01")
    for day, weight in (("2026-01-05", "70"), ("2026-04-01", "70.5"), ("2026-06-01", "71"), ("2026-07-01", "71.4")):
        browser.add(day, weight)
    page = browser.get("/tracker").text
    assert "<dt>Over 1 month</dt>" in page and "Up 0.4 kg (0.6%): about 1 kg in every 180 kg" in page
    assert "<dt>Over 3 months</dt>" in page and "Over 6 months" not in page  # the first entry is 177 days back
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', page, re.S)
    assert desc and "Over 3 months, since 1 April 2026: up 0.9 kg (1.3%)" in desc.group(1)


def test_the_readers_own_threshold_replaces_the_standard_rule(browser: Browser, table_items: Any) -> None:
    browser.start(start_date="2026-01-01")
    saved = settings(browser, alert_amount="1.5", alert_unit="kg", alert_days="14")
    assert saved.status == 303 and saved.header("Location") == "/tracker?done=settings"
    profile = next(i for i in table_items() if i["SK"]["S"] == "PROFILE")
    assert profile["alert_grams"]["N"] == "1500" and profile["alert_days"]["N"] == "14"
    browser.add("2026-05-01", "70")
    browser.add("2026-05-10", "68.5")  # 2.1%: below the standard 5%, at the reader's own 1.5 kg
    page = browser.get("/tracker").text
    assert NOTICE in page and "This is your own setting, in place of the usual one." in page
    assert "1.5 kg or more within 14 days" in page and "doi.org" not in page
    settings(browser, alert_amount="", alert_days="")  # cleared: the standard rule again
    assert NOTICE not in browser.get("/tracker").text
    assert "alert_grams" not in next(i for i in table_items() if i["SK"]["S"] == "PROFILE")


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"alert_amount": "0", "alert_unit": "kg", "alert_days": "30"}, "alert-amount", "more than 0"),
        ({"alert_amount": "-2", "alert_unit": "kg", "alert_days": "30"}, "alert-amount", "more than 0"),
        ({"alert_amount": "50.1", "alert_unit": "percent", "alert_days": "30"}, "alert-amount", "at most 50%"),
        ({"alert_amount": "3", "alert_unit": "furlongs", "alert_days": "30"}, "alert-unit-kg", "Choose kilograms"),
        ({"alert_amount": "3", "alert_unit": "kg", "alert_days": "6"}, "alert-days", "from 7 to 365"),
        ({"alert_amount": "3", "alert_unit": "kg", "alert_days": "366"}, "alert-days", "from 7 to 365"),
        ({"alert_amount": "3", "alert_unit": "kg", "alert_days": ""}, "alert-days", "Enter the number of days"),
        ({"alert_amount": "three", "alert_unit": "kg", "alert_days": "30"}, "alert-amount", "as a number"),
    ],
)
def test_a_bad_threshold_is_refused_whole_with_the_input_kept(
    browser: Browser, table_items: Any, fields: dict[str, str], field_id: str, message: str
) -> None:
    browser.start()
    before = table_items()
    reply = settings(browser, goal_kind="steady", goal_weight="70", **fields)
    assert reply.status == 400 and message in reply.text
    assert reply.text.count(f'href="#{field_id}"') == 1  # the error summary links to the field
    assert "<title>Error: " in reply.text
    if field_id != "alert-unit-kg":
        typed = re.escape(fields[field_id.replace("-", "_")])
        assert re.search(rf'id="{field_id}" name="[a-z_]+" value="{typed}"', reply.text)
    assert 'value="70"' in reply.text  # the rest of the form is kept too
    assert table_items() == before  # nothing saved, not even the valid goal


def test_the_goal_is_the_readers_choice_and_to_lose_appears_only_for_lose_to(browser: Browser) -> None:
    browser.start(start_date="2026-01-01")
    browser.add("2026-02-01", "75")
    assert "Your goal" not in browser.get("/tracker").text  # none by default
    settings(browser, goal_kind="steady", goal_weight="", steady_percent="")
    page = browser.get("/tracker").text
    assert "Keep my weight steady: 73.5 kg to 76.5 kg (within 2% of 75.0 kg)" in page
    assert "within your steady range" in page and "to lose" not in page
    settings(browser, goal_kind="gain", goal_weight="78")
    page = browser.get("/tracker").text
    assert "Gain to 78.0 kg" in page and "3.0 kg to gain to reach your goal" in page and "to lose" not in page
    settings(browser, goal_kind="lose", goal_weight="72")
    assert "3.0 kg to lose to reach your goal of 72.0 kg" in browser.get("/tracker").text
    settings(browser, goal_kind="none")
    assert "Your goal" not in browser.get("/tracker").text


def test_a_goal_stored_before_it_was_a_choice_reads_in_the_direction_the_reader_set_out(
    browser: Browser, function_client: Any
) -> None:
    """An older tracker's goal_grams (typed at the start, no goal_kind) is kept, and read against the first weight."""
    browser.start(start_date="2026-01-01")
    token = browser.cookies[TRACKER]
    client = function_client("TrackerFunction")
    client.update_item(
        TableName="TrackerTable",
        Key={"PK": {"S": "TRACKER#" + token_hash(token)}, "SK": {"S": "PROFILE"}},
        UpdateExpression="SET goal_grams = :goal",
        ExpressionAttributeValues={":goal": {"N": "70000"}},
    )
    browser.add("2026-02-01", "75")
    browser.add("2026-03-01", "69")  # past the goal: still "lose to", reached
    page = browser.get("/tracker").text
    assert "Lose to 70.0 kg" in page and "You have reached your goal of 70.0 kg" in page
    form = browser.get("/tracker/settings").text
    assert re.search(r'id="goal-kind-lose" name="goal_kind" value="lose" checked', form)


def test_the_printable_record_is_private_and_holds_six_months(browser: Browser) -> None:
    browser.start(start_date="2026-01-01")
    browser.add("2026-01-10", "82")  # more than 183 days before the newest entry: not in the record
    browser.add("2026-03-01", "80")
    browser.add("2026-08-01", "75")
    reply = browser.get("/tracker/print")
    assert reply.status == 200 and reply.header("Cache-Control") == "private, no-store"
    assert "<h1>My weight record</h1>" in reply.text and f'Printed on <time datetime="{date.today()}"' in reply.text
    assert "1 March 2026" in reply.text and "10 January 2026</time>" not in reply.text
    assert NOTICE in reply.text and "Over 6 months" in reply.text
    assert Browser(browser.gateway).get("/tracker/print").header("Location") == "/tracker"  # no tracker here


def seeded(browser: Browser, function_client: Any, entries: int) -> Any:
    """A tracker holding `entries` daily weights up to yesterday, the last 100 days falling by 100 g a day."""
    browser.start(start_date="2000-01-01")
    client = function_client("TrackerFunction")
    newest = date.today() - timedelta(days=1)
    history = [Entry((newest - timedelta(days=n)).isoformat(), 80_000 - 100 * max(0, 100 - n)) for n in range(entries)]
    profile = Profile(start_date="2000-01-01", unit="kg")
    TrackerRepository("TrackerTable", client).import_history(token_hash(browser.cookies[TRACKER]), profile, history)
    return client


@pytest.mark.parametrize("path", ["/tracker", "/tracker/print"])
def test_the_notice_and_changes_cost_the_same_for_sixty_entries_as_for_three_thousand(
    gateway: Any, function_client: Any, path: str
) -> None:
    costs = {}
    for entries in (60, 3_100):
        browser = Browser(gateway)
        client = seeded(browser, function_client, entries)
        with dynamodb_calls(client) as calls, read_units(client) as units:
            page = browser.get(path).text
        assert NOTICE in page and "Over 1 month" in page
        costs[entries] = (dict(calls), units)
    assert costs[60] == costs[3_100]
    calls, units = costs[60]
    assert sum(calls.values()) == len(units) <= 2 and sum(units) <= 3, costs
