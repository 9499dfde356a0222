"""The recovery limiter: it counts only codes that open nothing, never refuses a right one, and counts an IPv6
reader by the /64 their provider gives them (any address in it is theirs to use)."""

from __future__ import annotations

import pytest

from readwell.tracker import identity, rate_limits
from tests.tracker.browser import TRACKER, Browser

WRONG = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"
LIMIT = rate_limits.RECOVERY.tries


def fail(browser: Browser, times: int) -> list[int]:
    return [browser.post("/tracker/open", {"recovery_code": WRONG}).status for _ in range(times)]


def test_a_right_code_opens_the_tracker_after_any_number_of_failures(browser: Browser) -> None:
    browser.start()
    code = identity.recovery_code(browser.cookies[TRACKER])
    shared = Browser(browser.gateway)  # another reader on the same connection, mistyping again and again
    assert fail(shared, 3 * LIMIT)[-1] == 429
    opened = shared.post("/tracker/open", {"recovery_code": code})
    assert opened.status == 303 and shared.cookies[TRACKER] == browser.cookies[TRACKER]


def test_right_codes_use_up_no_tries(browser: Browser) -> None:
    browser.start()
    code = identity.recovery_code(browser.cookies[TRACKER])
    for _ in range(2 * LIMIT):
        assert Browser(browser.gateway).post("/tracker/open", {"recovery_code": code}).status == 303
    assert fail(Browser(browser.gateway), LIMIT + 1) == [400] * LIMIT + [429]


def test_addresses_in_one_ipv6_64_share_one_count_and_the_next_64_has_its_own(browser: Browser) -> None:
    statuses = [
        Browser(browser.gateway, source_ip=f"2001:db8:1:2:{n:x}::{n + 1:x}")
        .post("/tracker/open", {"recovery_code": WRONG})
        .status
        for n in range(LIMIT + 1)
    ]
    assert statuses == [400] * LIMIT + [429]
    assert fail(Browser(browser.gateway, source_ip="2001:db8:1:3::1"), 1) == [400]


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("unknown", "unknown"),
    ],
)
def test_the_address_the_limits_count(address: str, counted: str) -> None:
    assert identity.counted_address(address) == counted


def test_one_key_for_a_whole_64_and_another_for_the_next() -> None:
    key = identity.client_key("2001:db8:1:2::1", b"k")
    assert identity.client_key("2001:db8:1:2:ffff:ffff:ffff:ffff", b"k") == key
    assert identity.client_key("2001:db8:1:3::1", b"k") != key
