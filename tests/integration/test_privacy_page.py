"""/privacy states what the deployed stack logs and for how long: its parameters, not the template's defaults."""

from __future__ import annotations

import re
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from local.template import conditions
from readwell.edge.verified import ORIGIN_HEADER
from tests.helpers import call

SECRET = "the-edge-secret"
EDGE_LOGS_FOR_A_WEEK = {"EdgeCache": "on", "EdgeLogs": "on", "AccessLogRetentionDays": "7", "LogRetentionDays": "90"}


def privacy_text(aws: Account, headers: list[tuple[str, str]] | None = None) -> str:
    reply = call(Gateway(aws), "GET", "/privacy", headers or [])
    assert reply.status == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", reply.text))


def test_by_default_two_logs_without_addresses_for_the_default_periods(published: Any, aws: Account) -> None:
    defaults = conditions.parameter_values()
    access_days, function_days = defaults["AccessLogRetentionDays"], defaults["LogRetentionDays"]
    text = privacy_text(aws)
    assert "we keep two kinds of log" in text
    assert f"Not your internet address, not your cookies, nothing you typed. Kept for {access_days} days." in text
    assert f"never what you typed or your weights. Kept for {function_days} days." in text
    assert "While we look into a problem" not in text


@pytest.mark.stack(parameters=EDGE_LOGS_FOR_A_WEEK, secret_values={"OriginSecret": SECRET})
def test_with_edge_logs_the_page_says_they_hold_the_address_and_the_deployed_periods(
    published: Any, aws: Account
) -> None:
    text = privacy_text(aws, [(ORIGIN_HEADER, SECRET)])
    assert "we keep three kinds of log" in text
    assert (
        "nothing you typed. Kept for 7 days." in text
        and "never what you typed or your weights. Kept for 90 days." in text
    )
    assert "for each visit: your internet address, the address of the page" in text
    assert "in a readable form (except in the log we keep while looking into a problem" in text
    assert "records that an answer was sent, with your internet address and the time" in text
