"""AWS faults at the boundary and what the logs may hold.

These run against a moto server over HTTP rather than moto's in-process mock: the mock answers every
request itself, so an injected error response could not stop the write from happening.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of as client_of
from local.serve.server import Gateway
from tests.reliability.moto_server import fresh_account, moto_dynamodb_server
from tests.support.botocore_replies import RawBody
from tests.tracker.browser import Browser
from tests.tracker.flows import holds_a_weight, whole_flow


@pytest.fixture
def account() -> Iterator[Account]:
    with moto_dynamodb_server() as url:
        yield fresh_account(url)


@pytest.fixture
def browser(account: Account) -> Browser:
    return Browser(Gateway(account))


@pytest.fixture
def tracker_client(account: Account) -> Any:
    return client_of(account, "TrackerFunction")


@pytest.fixture
def table_items(account: Account) -> Any:
    return lambda: account.admin_client().scan(TableName="TrackerTable")["Items"]


@contextmanager
def dynamodb_answers(client: Any, operation: str, status: int, error_type: str) -> Iterator[list[str]]:
    """Make DynamoDB answer every `operation` with a real error response; botocore retries and parses it.

    The hook sits at before-send, so botocore's own retry policy and error parsing run for real."""
    attempts: list[str] = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        attempts.append(operation)
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{error_type}", "message": "injected"})
        headers = {"x-amzn-RequestId": "fault", "Content-Type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, status, headers, RawBody(body.encode()))

    events = client.meta.events
    events.register_first(f"before-send.dynamodb.{operation}", answer)
    try:
        yield attempts
    finally:
        events.unregister(f"before-send.dynamodb.{operation}", answer)


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(400, "ProvisionedThroughputExceededException"), (500, "InternalServerError")],
)
def test_a_failed_write_says_not_saved_keeps_the_input_and_writes_nothing(
    browser: Browser, table_items: Any, tracker_client: Any, status: int, error_type: str
) -> None:
    browser.start()
    browser.add("2026-02-01", "75.5")
    before = table_items()
    csrf = browser.csrf()
    with dynamodb_answers(tracker_client, "TransactWriteItems", status, error_type) as attempts:
        reply = browser.post("/tracker/entries", {"csrf_token": csrf, "date": "2026-02-02", "weight": "74.3"})
    assert len(attempts) == 5  # the first try and 4 retries (storage/retry.py BUSY), then it gave up
    assert reply.status == 503 and reply.header("Retry-After")
    assert "Your entry was NOT saved" in reply.text
    assert "<title>Error: " in reply.text and 'role="alert"' in reply.text
    assert 'value="74.3"' in reply.text and 'value="2026-02-02"' in reply.text
    assert "Traceback" not in reply.text and error_type not in reply.text
    assert table_items() == before


def test_a_failed_read_is_a_503_page_with_retry_after(browser: Browser, tracker_client: Any) -> None:
    browser.start()
    with dynamodb_answers(tracker_client, "Query", 400, "ThrottlingException"):
        reply = browser.get("/tracker")
    assert reply.status == 503 and reply.header("Retry-After") == "30"
    assert "Sorry, the tracker is not available" in reply.text


def test_logs_never_hold_weights_tokens_codes_or_cookies(
    browser: Browser, table_items: Any, tracker_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = io.StringIO()
    tracker_logger = logging.getLogger("tracker")
    monkeypatch.setattr(tracker_logger.handlers[0], "stream", log)
    level = tracker_logger.level
    tracker_logger.setLevel(logging.DEBUG)  # every record, not only the warnings tests usually keep
    try:
        run_full_flow_and_check_logs(browser, table_items, tracker_client, log)
    finally:
        tracker_logger.setLevel(level)


def run_full_flow_and_check_logs(browser: Browser, table_items: Any, tracker_client: Any, log: io.StringIO) -> None:
    handled = whole_flow(
        browser, lambda: dynamodb_answers(tracker_client, "TransactWriteItems", 500, "InternalServerError")
    )
    output = log.getvalue()
    assert output.count("\n") >= 8, "the flow was logged"
    assert "Tracker changed" in output and "A tracker write failed" in output
    for secret in [*handled.secrets, "rw_tracker"]:
        assert secret not in output, secret
    assert holds_a_weight(output, handled.weights) is None
    assert all(token_hash_only_is_stored(secret, table_items) for secret in handled.secrets)


def token_hash_only_is_stored(token: str, table_items: Any) -> bool:
    return token not in json.dumps(table_items())
