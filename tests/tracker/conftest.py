"""Fixtures for tracker tests: the gateway as the template routes it, browsers, and a raw view of the table."""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from tests.tracker.browser import Browser

COUNTERS = "ATTEMPTS#"  # storage/tracker.py's per-address counters


@pytest.fixture
def gateway(aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.fixture
def browser(gateway: Gateway) -> Browser:
    return Browser(gateway)


@pytest.fixture
def table_items(admin: Any) -> Any:
    """Every item in the tracker table, read straight from DynamoDB (not through our code), but the per-address
    counters (tracker/rate_limits.py): they hold no tracker's data, only a count under a keyed hash, and expire."""

    def scan() -> list[dict[str, Any]]:
        items = admin.scan(TableName="TrackerTable")["Items"]
        return [item for item in items if not item["PK"]["S"].startswith(COUNTERS)]

    return scan
