"""Tracker rows of `make bench`: a tracker seeded through the real repository, read by its page.

Requests are counted on the tracker function's own DynamoDB client (its role's), so the count is
the page's own.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from local import sam_template
from local.bench.common import ABSENT
from local.environment import ROOT

# A well-formed tracker secret (24 base32 characters), so the page shows the tracker, not the start page.
TOKEN = "BENCHTRACKERSECRET234567"  # a bench-only token  # nosec B105
PATH = "/tracker"


def spec() -> sam_template.FunctionSpec | None:
    for function in sam_template.functions().values():
        if function.code_dir == ROOT / "functions" / "tracker" and (function.code_dir / "app.py").exists():
            return function
    return None


def seed(client: Any, entries: int) -> None:
    """A tracker with a profile and `entries` daily weights, written by the tracker's own repository."""
    from readwell.config import tracker_table
    from readwell.storage.tracker import TrackerRepository
    from readwell.tracker.identity import is_token, token_hash
    from readwell.tracker.profile import Profile

    assert is_token(TOKEN)  # dev-only bench harness  # nosec B101
    repository = TrackerRepository(tracker_table(), client)
    start = date(2024, 1, 1)
    repository.create(token_hash(TOKEN), Profile(start_date=start.isoformat(), unit="kg"))
    for day in range(entries):
        repository.put_entry(token_hash(TOKEN), (start + timedelta(days=day)).isoformat(), 70_000 + day)


def event() -> dict[str, Any]:
    from local.bench.common import event as page_event

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

    from local.bench.common import moto_tables, percentile
    from local.functions import dynamodb_client_of
    from local.server import Gateway

    found: dict[str, Any] = {}
    for size in sizes:
        with moto_tables() as account:
            seed(dynamodb_client_of(account, "TrackerFunction"), size)
            gateway = Gateway(account)
            timings = []
            for _ in range(views):
                began = time.perf_counter()
                status, _, _ = gateway("GET", PATH, [("Cookie", f"rw_tracker={TOKEN}")], b"")
                timings.append((time.perf_counter() - began) * 1000)
            found[str(size)] = {"status": status, "p50_ms": percentile(timings, 0.5)}
    return found
