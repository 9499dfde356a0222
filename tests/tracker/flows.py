"""One reader's whole tracker flow, every page and form, for tests that look at what it left behind
(logs, traces): returns every secret and weight the flow handled, so they can be looked for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.tracker.browser import TRACKER, Browser

WRONG_CODE = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"
# Every weight and height the flow types, and the same in stored grams.
TYPED = ["83.7", "81.9", "80.2", "79.4", "78.8", "66.6", "171.3", "74.1", "600"]
GRAMS = ["83700", "81900", "80200", "78800", "66600", "74100"]


@dataclass
class Handled:
    """What must never appear in logs or traces."""

    secrets: list[str] = field(default_factory=list)
    weights: list[str] = field(default_factory=lambda: TYPED + GRAMS)


def whole_flow(browser: Browser, fail_one_write: Any) -> Handled:
    """Start, settings (a goal, a refused threshold), add, conflict, replace, bad input, edit, forged form, a failed
    write (`fail_one_write()` is a context manager that makes DynamoDB fail meanwhile), pages (the settings and
    the printable record too), export, recovery code, opening on a second browser, switching trackers there, and
    deleting."""
    started = browser.start(height_cm="171.3")
    token = browser.cookies[TRACKER]
    code = _code(started.text)
    csrf = browser.csrf()
    browser.post("/tracker/settings", {"csrf_token": csrf, "goal_kind": "lose", "goal_weight": "66.6"})
    browser.post("/tracker/settings", {"csrf_token": csrf, "alert_amount": "600", "alert_unit": "kg"})  # refused
    browser.add("2026-02-01", "83.7")
    browser.add("2026-02-01", "81.9")  # conflict
    browser.add("2026-02-01", "81.9", confirm_replace="yes")
    browser.add("2026-02-02", "600")  # invalid
    browser.post("/tracker/entries/2026-02-01", {"csrf_token": csrf, "weight": "80.2"})
    browser.post("/tracker/entries", {"csrf_token": "forged", "date": "2026-02-03", "weight": "79.4"})
    with fail_one_write():
        browser.add("2026-02-04", "78.8")
    for path in (
        "/tracker",
        "/tracker?before=2026-02-02",
        "/tracker/export.csv",
        "/tracker/recovery-code",
        "/tracker/settings",
        "/tracker/print",
    ):
        browser.get(path)
    second = Browser(browser.gateway)
    second.start()
    second_token = second.cookies[TRACKER]
    second.add("2026-03-01", "74.1")
    second.post("/tracker/open", {"recovery_code": code})  # asks first, showing the second tracker's code
    second.post("/tracker/open", {"recovery_code": code, "confirm_switch": "yes"})
    second.post("/tracker/open", {"recovery_code": WRONG_CODE})
    browser.post("/tracker/delete", {"csrf_token": csrf})
    second_code = "-".join(second_token[i : i + 4] for i in range(0, len(second_token), 4))
    return Handled(secrets=[token, code, code.replace("-", ""), csrf, second_token, second_code, "ZZZZ-ZZZZ"])


def _code(html: str) -> str:
    found = re.search(r"<code>([A-Z2-7-]+)</code>", html)
    assert found, "the page shows a recovery code"
    return found.group(1)


def holds_a_weight(text: str, weights: list[str]) -> str | None:
    """The first weight found in `text` as a number of its own (not inside a longer number or a hex id)."""
    for weight in weights:
        if re.search(rf"(?<![0-9a-f.]){re.escape(weight)}(?![0-9a-f])", text):
            return weight
    return None
