"""'Was this page useful?': feedback kept under the feedback function's own role, with nothing of the sender's,
for one year; sent back to a page of its own by a redirect; limited per address without keeping the address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of
from local.serve.server import Gateway
from local.template import document
from readwell.feedback import rules
from readwell.web.responses import PAGE_CACHE
from tests.reliability.tables import snapshot
from tests.tracker.browser import HOST, Browser

ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
ADDRESS = "198.51.100.23"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) FeedbackTestAgent/1.0"
# Cookies a reader's browser could hold while answering: none may be kept with the answer.
COOKIES = {"__Host-rw_tracker": "ABCDEFGHIJKLMNOPQRSTUVWX", "__Host-rw_prefs": "text_size=large"}


@pytest.fixture
def reader(published: Any, aws: Account) -> Browser:
    browser = Browser(Gateway(aws), source_ip=ADDRESS)
    browser.cookies.update(COOKIES)
    return browser


def feedback_items(admin: Any) -> list[dict[str, Any]]:
    return [item for item in snapshot(admin)["FeedbackTable"] if item["PK"]["S"].startswith("FEEDBACK#")]


def send(reader: Browser, fields: dict[str, str]) -> Any:
    return reader.post("/feedback", fields, [("User-Agent", AGENT)])


def test_yes_is_kept_with_the_page_the_answer_and_the_day_and_the_reader_is_thanked(
    reader: Browser, admin: Any
) -> None:
    sent = send(reader, {"page": ARTICLE, "answer": "yes"})
    assert sent.status == 303
    assert sent.header("Location") == f"/feedback/thanks?page={quote(ARTICLE)}"
    assert sent.header("Cache-Control") == "no-store"
    [item] = feedback_items(admin)
    today = datetime.now(UTC).date()
    assert {name: next(iter(value.values())) for name, value in item.items() if name != "SK"} == {
        "PK": f"FEEDBACK#{today.isoformat()}",
        "page": ARTICLE,
        "answer": "yes",
        "text": "",
        "day": today.isoformat(),
        "expires_at": str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()) + 365 * 86400),
    }
    thanks = reader.get(sent.header("Location") or "")
    assert thanks.status == 200 and "<h1>Thank you for your feedback</h1>" in thanks.text
    assert thanks.header("Cache-Control") == "no-store"
    assert f'href="{ARTICLE}">Go back to the page you were reading' in thanks.text


def test_the_feedback_table_expires_items_by_the_attribute_the_code_writes_one_year_ahead() -> None:
    table = document.resources("AWS::DynamoDB::Table")["FeedbackTable"]["Properties"]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert timedelta(days=365) == rules.KEPT
    assert rules.kept_words() == "1 year"


def test_no_asks_what_was_missing_and_keeps_the_text_once_sent(reader: Browser, admin: Any) -> None:
    asked = reader.get(f"/feedback/missing?page={quote(ARTICLE)}&answer=no")
    assert asked.status == 200 and asked.header("Cache-Control") == "no-store"
    assert '<textarea class="input input--full" id="feedback-text" name="text"' in asked.text
    assert rules.WARNING in asked.text and f"up to {rules.MAX_TEXT} characters" in asked.text
    assert feedback_items(admin) == []  # nothing is kept until the reader sends the form
    sent = send(reader, {"page": ARTICLE, "answer": "no", "text": "What the scan\r\nwill show."})
    assert sent.status == 303
    [item] = feedback_items(admin)
    assert (item["answer"]["S"], item["text"]["S"]) == ("no", "What the scan\nwill show.")


def test_nothing_of_the_sender_is_kept_anywhere(reader: Browser, admin: Any) -> None:
    """A full scan of every table after feedback from a browser with an address, cookies and a user agent."""
    before = snapshot(admin)
    send(reader, {"page": ARTICLE, "answer": "no", "text": "More about side effects"})
    send(reader, {"page": "/glossary", "answer": "yes"})
    everything = repr(snapshot(admin))
    for secret in (ADDRESS, AGENT, "FeedbackTestAgent", *COOKIES.values(), HOST):
        assert secret not in everything, secret
    written = [item for item in snapshot(admin)["FeedbackTable"] if item not in before["FeedbackTable"]]
    kept = [item for item in written if item["PK"]["S"].startswith("FEEDBACK#")]
    counters = [item for item in written if item["PK"]["S"].startswith("ATTEMPTS#")]
    assert len(kept) == 2 and len(counters) == 1 and len(written) == 3
    assert all(set(item) == {"PK", "SK", "page", "answer", "text", "day", "expires_at"} for item in kept)
    # The counter's key is an HMAC of the address: 64 hex digits that no hash of the address alone gives.
    assert re.fullmatch(r"ATTEMPTS#[0-9a-f]{64}", counters[0]["PK"]["S"])
    assert all(table == before[name] for name, table in snapshot(admin).items() if name != "FeedbackTable")


@pytest.fixture
def writes(aws: Account) -> Iterator[list[tuple[str, str]]]:
    """(operation, partition key) of each write the feedback function's client sends (botocore's events)."""
    client = dynamodb_client_of(aws, "FeedbackFunction")
    seen: list[tuple[str, str]] = []

    def record(model: Any, params: dict[str, Any], **_: Any) -> None:
        key = params.get("Item") or params.get("Key") or {}
        seen.append((model.name, key.get("PK", {}).get("S", "")))

    client.meta.events.register("before-parameter-build.dynamodb", record)
    yield seen
    client.meta.events.unregister("before-parameter-build.dynamodb", record)


def leading_keys() -> dict[str, list[str]]:
    """Each action of the feedback role and the partition-key patterns its statement's condition allows."""
    role = document.resources("AWS::IAM::Role")["FeedbackFunctionRole"]["Properties"]["Policies"]
    found = {}
    for policy in role:
        for statement in policy.get("PolicyDocument", {}).get("Statement", []):
            condition = statement.get("Condition", {}).get("ForAllValues:StringLike", {})
            if "dynamodb:LeadingKeys" in condition:
                found[statement["Action"].removeprefix("dynamodb:")] = condition["dynamodb:LeadingKeys"]
    return found


def test_every_write_stays_within_the_keys_its_grant_allows(reader: Browser, writes: list[tuple[str, str]]) -> None:
    """moto ignores dynamodb:LeadingKeys; AWS enforces it. So every write the function sends is held to it here."""
    allowed = leading_keys()
    assert allowed == {"PutItem": ["FEEDBACK#*"], "UpdateItem": ["ATTEMPTS#*"]}
    send(reader, {"page": ARTICLE, "answer": "yes"})
    assert [name for name, _ in writes] == ["UpdateItem", "PutItem"]
    for name, key in writes:
        assert any(re.fullmatch(pattern.replace("*", ".*"), key) for pattern in allowed[name]), (name, key)


def test_a_burst_from_one_address_is_refused_with_a_page_and_nothing_kept(reader: Browser, admin: Any) -> None:
    for _ in range(rules.LIMIT.tries):
        assert send(reader, {"page": ARTICLE, "answer": "yes"}).status == 303
    refused = send(reader, {"page": ARTICLE, "answer": "yes"})
    assert refused.status == 429
    assert refused.header("Retry-After") == str(rules.LIMIT.window_seconds)
    assert "<h1>Too much feedback from your connection</h1>" in refused.text
    assert f"at most {rules.LIMIT.tries} pieces of feedback" in refused.text
    assert "Nothing has been saved" in refused.text
    assert len(feedback_items(admin)) == rules.LIMIT.tries
    elsewhere = Browser(reader.gateway, source_ip="203.0.113.77")  # another connection is counted apart
    assert elsewhere.post("/feedback", {"page": ARTICLE, "answer": "yes"}).status == 303


def test_the_article_page_stays_cacheable_with_a_form_that_carries_nothing_of_the_reader(
    reader: Browser, aws: Account
) -> None:
    page = reader.get(ARTICLE)
    assert page.status == 200 and page.header("Cache-Control") == PAGE_CACHE
    form = re.search(r'<form class="page-feedback__form".*?</form>', page.text, re.S)
    assert form is not None
    assert re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)) == [("page", ARTICLE)]
    stranger = Browser(Gateway(aws)).get(ARTICLE)  # no cookies, another address: the very same form
    assert form.group(0) in stranger.text


def test_the_glossary_asks_too(reader: Browser) -> None:
    assert 'name="page" value="/glossary"' in reader.get("/glossary").text


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"page": ARTICLE, "answer": "no", "text": "x" * (rules.MAX_TEXT + 1)}, 400, "500 characters or fewer"),
        ({"page": ARTICLE, "answer": "maybe"}, 400, "could not be read"),
        ({"page": "/tracker", "answer": "yes"}, 400, "could not be read"),
        ({"page": "https://evil.example/articles/x", "answer": "yes"}, 400, "could not be read"),
        ({"answer": "yes"}, 400, "could not be read"),
    ],
    ids=["text-too-long", "unknown-answer", "not-a-feedback-page", "another-site", "no-page"],
)
def test_bad_feedback_is_explained_and_nothing_is_written(
    reader: Browser, admin: Any, fields: dict[str, str], status: int, says: str
) -> None:
    before = snapshot(admin)
    reply = send(reader, fields)
    assert reply.status == status and says in reply.text
    assert reply.text.count("<h1>") == 1
    assert snapshot(admin) == before


def test_text_over_the_limit_comes_back_in_the_box_with_a_summary_linked_to_it(reader: Browser) -> None:
    text = "<b>too long</b> " * 40
    reply = send(reader, {"page": ARTICLE, "answer": "no", "text": text})
    assert reply.status == 400
    assert '<a href="#feedback-text">What was missing must be 500 characters or fewer.' in reply.text
    assert 'aria-invalid="true"' in reply.text and "&lt;b&gt;too long&lt;/b&gt;" in reply.text
    assert "<title>Error: " in reply.text


def test_the_privacy_page_says_what_feedback_keeps_and_for_how_long_from_the_rules(reader: Browser) -> None:
    text = re.sub(r"\s+", " ", reader.get("/privacy").text)
    assert '<h2 id="feedback">When you tell us whether a page was useful</h2>' in text
    assert f"at most {rules.MAX_TEXT} characters" in text
    assert f"at most {rules.LIMIT.tries} are allowed in {rules.LIMIT.window_words}" in text
    assert f"removed automatically {rules.kept_words()} after the day it was sent" in text
    assert "We never keep your internet address, your cookies, which browser you use" in text
