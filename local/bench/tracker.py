"""The tracker's part of the bench, kept apart so it can be finished once the tracker function lands.

The tracker function (functions/tracker/app.py, GET /tracker) reads a reader's tracker with ONE
Query on PK=TRACKER#<sha256(token)>, the token coming from the `rw_tracker` cookie; items are
SK=PROFILE and SK=ENTRY#<yyyy-mm-dd> with weights in grams. Until template.yaml declares a function
whose code is functions/tracker/, every tracker row says "not measured: tracker function absent".

TODO(lead, after merging the tracker): check seed_items() against readwell/storage/tracker.py's
item shape (attribute names below are the contract's guess) or write through that repository.
Requests are counted on readwell.storage.dynamodb.client(), so the tracker repository must use
that shared client (a client of its own would count as "none").
Checked against a stand-in tracker function: every tracker row is measured once it exists.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from local import sam_template
from local.environment import ROOT

ABSENT = "not measured: tracker function absent"
TOKEN = "bench-tracker-token-0123456789abcdef"
PATH = "/tracker"


def spec() -> sam_template.FunctionSpec | None:
    for function in sam_template.functions().values():
        if function.code_dir == ROOT / "functions" / "tracker" and (function.code_dir / "app.py").exists():
            return function
    return None


def seed_items(entries: int) -> list[dict[str, Any]]:
    """A tracker with a profile and `entries` daily weights (plain values; to_item() serialises)."""
    pk = "TRACKER#" + hashlib.sha256(TOKEN.encode()).hexdigest()
    start = date(2024, 1, 1)
    items: list[dict[str, Any]] = [{"PK": pk, "SK": "PROFILE", "start_date": start.isoformat(), "units": "kg"}]
    for day in range(entries):
        when = start + timedelta(days=day)
        items.append({"PK": pk, "SK": f"ENTRY#{when.isoformat()}", "date": when.isoformat(), "weight_g": 70000 + day})
    return items


def seed(client: Any, entries: int) -> None:
    from readwell.config import tracker_table
    from readwell.storage.dynamodb import to_item

    for item in seed_items(entries):
        client.put_item(TableName=tracker_table(), Item=to_item(item))


def event() -> dict[str, Any]:
    from local.bench.processes import event as page_event

    return {"name": "page", "event": page_event(PATH, [("cookie", f"rw_tracker={TOKEN}")])}


def requests_check(gateway: Any, client: Any, counted: Any) -> dict[str, Any]:
    """DynamoDB requests for one tracker page view (expected: exactly one Query)."""
    if spec() is None:
        return {"not_measured": ABSENT}
    seed(client, 10)
    with counted(client) as calls:
        status, _, _ = gateway("GET", PATH, [("Cookie", f"rw_tracker={TOKEN}")], b"")
    return {"status": status, "calls": dict(calls)}


def scaling(sizes: tuple[int, ...] = (10, 3000), views: int = 200) -> dict[str, Any]:
    """Tracker page latency with few and many entries (expected flat-ish: one Query, paged render)."""
    if spec() is None:
        return {"not_measured": ABSENT}
    import time

    from local.bench.inprocess import moto_tables
    from local.bench.processes import percentile
    from local.server import Gateway

    found: dict[str, Any] = {}
    for size in sizes:
        with moto_tables() as client:
            seed(client, size)
            gateway = Gateway()
            timings = []
            for _ in range(views):
                began = time.perf_counter()
                status, _, _ = gateway("GET", PATH, [("Cookie", f"rw_tracker={TOKEN}")], b"")
                timings.append((time.perf_counter() - began) * 1000)
            found[str(size)] = {"status": status, "p50_ms": percentile(timings, 0.5)}
    return found
