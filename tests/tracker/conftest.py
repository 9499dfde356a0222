"""Fixtures for tracker tests: the gateway as the template routes it, browsers, and a raw view of the table."""

from __future__ import annotations

from typing import Any

import pytest

from local.roles import Account
from local.server import Gateway
from tests.tracker.browser import Browser


@pytest.fixture
def gateway(aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.fixture
def browser(gateway: Gateway) -> Browser:
    return Browser(gateway)


@pytest.fixture
def table_items(admin: Any) -> Any:
    """Every item in the tracker table, read straight from DynamoDB (not through our code)."""

    def scan() -> list[dict[str, Any]]:
        return admin.scan(TableName="TrackerTable")["Items"]

    return scan
