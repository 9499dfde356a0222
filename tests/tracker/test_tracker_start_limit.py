"""Starting trackers is limited per internet address, by the limiter that limits recovery-code tries.

Through the HTTP handler (the gateway routes as template.yaml does): the limit's last start from one address
is served, the next is refused with the start form again (429, Retry-After, an error summary, the reader's
input kept) and stores nothing; another address is not refused; behind the edge, the reader's own address
counts, not CloudFront's.
"""

from __future__ import annotations

import re
from typing import Any

from local.aws.roles import Account
from local.edge.emulator import EdgeCache
from local.serve.server import Gateway
from readwell.dates import duration_words
from readwell.tracker import privacy, rate_limits
from tests.integration.edge_helpers import EDGE_STACK, SECRET
from tests.tracker.browser import TRACKER, Browser

FORM = {"start_date": "2026-01-01", "unit": "kg", "height_cm": "170"}


def start(gateway: Any, source_ip: str) -> tuple[Browser, Any]:
    reader = Browser(gateway, source_ip=source_ip)
    return reader, reader.post("/tracker/start", FORM)


def trackers(table_items: Any) -> int:
    return sum(1 for item in table_items() if item["PK"]["S"].startswith("TRACKER#"))


def test_the_start_after_the_limit_is_refused_with_the_form_and_stores_nothing(
    gateway: Gateway, table_items: Any
) -> None:
    for _ in range(rate_limits.STARTS.tries):
        assert start(gateway, "203.0.113.7")[1].status == 200
    reader, refused = start(gateway, "203.0.113.7")
    assert refused.status == 429
    assert refused.header("Retry-After") == str(rate_limits.STARTS.window_seconds)
    assert refused.header("Cache-Control") == "private, no-store"
    assert "<title>Error: Start your weight tracker" in refused.text
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', refused.text, re.S)
    assert summary and "A new tracker cannot be started from your internet connection" in summary.group(0)
    assert f"at most {rate_limits.STARTS.tries} trackers" in summary.group(0) and "<a href" not in summary.group(0)
    assert 'value="2026-01-01"' in refused.text and 'value="170"' in refused.text  # nothing the reader typed is lost
    assert TRACKER not in reader.cookies and "Your weight tracker has started" not in refused.text
    assert trackers(table_items) == rate_limits.STARTS.tries


def test_another_address_is_not_refused(gateway: Gateway, table_items: Any) -> None:
    for _ in range(rate_limits.STARTS.tries + 1):
        start(gateway, "203.0.113.7")
    reader, reply = start(gateway, "198.51.100.23")
    assert reply.status == 200 and TRACKER in reader.cookies
    assert trackers(table_items) == rate_limits.STARTS.tries + 1


def test_a_form_with_problems_does_not_count(gateway: Gateway) -> None:
    reader = Browser(gateway, source_ip="203.0.113.7")
    for _ in range(rate_limits.STARTS.tries + 1):
        assert reader.post("/tracker/start", {**FORM, "start_date": "2999-01-01"}).status == 400
    assert start(gateway, "203.0.113.7")[1].status == 200


@EDGE_STACK
def test_behind_the_edge_the_readers_own_address_counts(aws: Account, table_items: Any) -> None:
    edge = EdgeCache(Gateway(aws), SECRET)
    for _ in range(rate_limits.STARTS.tries):
        start(edge, "203.0.113.7")
    assert start(edge, "203.0.113.7")[1].status == 429
    assert start(edge, "198.51.100.23")[1].status == 200  # CloudFront's own address is the same for both


def test_the_privacy_page_states_both_limits_and_how_long_their_counts_are_kept(gateway: Gateway) -> None:
    text = re.sub(r"\s+", " ", Browser(gateway).get("/privacy").text)
    recovery, starts = rate_limits.RECOVERY, rate_limits.STARTS
    assert (
        f"at most {recovery.tries} wrong codes are allowed in {recovery.window_words} (a right code always works)"
        in text
    )
    assert f"and {starts.tries} new trackers in {starts.window_words}" in text
    kept = [duration_words(limit.window * privacy.ATTEMPT_WINDOWS_KEPT) for limit in (recovery, starts)]
    assert f"removed automatically after {kept[0]} and {kept[1]}" in text
