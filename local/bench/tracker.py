"""Tracker rows of `make bench`: a tracker seeded through the real repository, read by its page.

Requests are counted on the tracker function's own DynamoDB client (its role's), so the count is
the page's own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from local.aws.environment import ROOT
from local.bench.common import ABSENT
from local.template import declarations

# A well-formed tracker secret (24 base32 characters), so the page shows the tracker, not the start page.
TOKEN = "BENCHTRACKERSECRET234567"  # a bench-only token  # nosec B105
PATH = "/tracker"


def spec() -> declarations.FunctionSpec | None:
    for function in declarations.functions().values():
        if function.code_dir == ROOT / "functions" / "tracker" and (function.code_dir / "app.py").exists():
            return function
    return None


def seed(client: Any, entries: int) -> None:
    """A tracker with a profile and `entries` daily weights, written by the tracker's own repository."""
    from readwell.config import tracker_table
    from readwell.storage.tracker import TrackerRepository
    from readwell.tracker.identity import is_token, token_hash
    from readwell.tracker.profile import Profile
    from readwell.tracker.progress import Entry

    assert is_token(TOKEN)  # dev-only bench harness  # nosec B101
    repository = TrackerRepository(tracker_table(), client)
    start = date(1940, 1, 1)  # 30,000 days back from here still ends before today
    history = [Entry((start + timedelta(days=day)).isoformat(), 70_000 + day % 5000) for day in range(entries)]
    repository.import_history(token_hash(TOKEN), Profile(start_date=start.isoformat(), unit="kg"), history)


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


# Entries: one full page and a link to older ones (what every larger tracker shows too, so the pages compare
# like with like); about eight years; a lifetime.
FULL_PAGE = 60
SIZES = (FULL_PAGE, 3_000, 30_000)
GOAL = 1.2  # the page and a write: our own time within this of the full page's, with the same read units
_ORIGIN = [("Host", "127.0.0.1:3000"), ("Origin", "http://127.0.0.1:3000")]


class StorageMeter:
    """Time spent inside DynamoDB calls and the items they returned, from botocore's own events.

    moto answers a Query by walking the whole partition and copies the table for each transaction, so
    its time grows with the tracker where DynamoDB's does not (DynamoDB's latency follows what a request
    reads and writes). The bench therefore splits each request into our function's own time and
    storage time, and reports the read units DynamoDB would charge for what storage returned (strongly
    consistent: one per 4 KB, a Query's items summed, a GetItem's or each BatchGetItem item's rounded up)."""

    def __init__(self, client: Any) -> None:
        self.seconds = 0.0
        self.units = 0
        self.calls = 0
        self._began = 0.0
        client.meta.events.register("before-call.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after)

    def _before(self, **_: Any) -> None:
        import time

        self._began = time.perf_counter()

    def _after(self, parsed: dict[str, Any], **_: Any) -> None:
        import time

        from readwell.storage.limits import item_size

        self.seconds += time.perf_counter() - self._began
        self.calls += 1
        units = [sum(map(item_size, parsed.get("Items", [])))] if "Items" in parsed else []
        units += [item_size(parsed["Item"])] if "Item" in parsed else []
        units += [item_size(item) for found in parsed.get("Responses", {}).values() for item in found]
        self.units += sum(-(-size // 4096) or 1 for size in units)

    def take(self) -> tuple[float, int, int]:
        taken = (self.seconds * 1000, self.units, self.calls)
        self.seconds, self.units, self.calls = 0.0, 0, 0
        return taken


@contextmanager
def _table_out_of_the_collector() -> Iterator[None]:
    """In Lambda the table lives in DynamoDB, not in the function's heap; in the bench moto keeps it in ours, where
    Python's garbage collector would walk its every item during our own code, a cost that grows with the table.
    What is seeded is frozen out of the collector's view (gc.freeze) while the size is measured."""
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()


def scaling(sizes: tuple[int, ...] = SIZES, views: int = 200) -> dict[str, Any]:
    """The tracker page and one entry POST at each size: p50 of `views` requests each, in one run, split
    into our function's own time and storage time, with the read units each request costs."""
    if spec() is None:
        return {"not_measured": ABSENT}
    import time

    from local.bench.common import moto_tables, percentile
    from local.serve.lambda_runtime import dynamodb_client_of
    from local.serve.server import Gateway
    from readwell.tracker.identity import csrf_token

    cookie = ("Cookie", f"rw_tracker={TOKEN}")
    form = [("Content-Type", "application/x-www-form-urlencoded"), *_ORIGIN]

    def measure(gateway: Any, meter: StorageMeter, method: str, path: str, body: Any) -> dict[str, Any]:
        total, own, units, calls, status = [], [], 0, 0, 0
        for n in range(views):
            meter.take()
            gc.collect()  # moto's garbage from the last request (a transaction copies its table) is not ours to time
            began = time.perf_counter()
            status, _, _ = gateway(method, path, [cookie, *(form if body else [])], body(n) if body else b"")
            elapsed = (time.perf_counter() - began) * 1000
            storage, units, calls = meter.take()
            total.append(elapsed)
            own.append(elapsed - storage)
        return {
            "status": status,
            "p50_ms": percentile(total, 0.5),
            "own_p50_ms": percentile(own, 0.5),
            "read_units": units,
            "requests": calls,
        }

    def replace(n: int) -> bytes:
        """The same day's weight, different each time: a real write on every POST."""
        return f"csrf_token={csrf_token(TOKEN)}&date=1940-01-05&weight={70 + n % 2}&confirm_replace=yes".encode()

    found: dict[str, Any] = {}
    for size in sizes:
        with moto_tables() as account, _table_out_of_the_collector():
            client = dynamodb_client_of(account, "TrackerFunction")
            seed(client, size)
            gc.freeze()
            gateway, meter = Gateway(account), StorageMeter(client)
            found[str(size)] = {
                "page": measure(gateway, meter, "GET", PATH, None),
                "post": measure(gateway, meter, "POST", f"{PATH}/entries", replace),
            }
    return found
