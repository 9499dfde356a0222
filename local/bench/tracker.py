"""Tracker rows of `make bench`: a tracker seeded through the real repository, read by its page.

Requests are counted on the tracker function's own DynamoDB client (its role's), so the count is
the page's own.
"""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any, NamedTuple

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


def seed(client: Any, entries: int, token: str = TOKEN, every: int = 1) -> None:
    """A tracker with a profile and `entries` weights, one every `every` days, written by the tracker's own
    repository."""
    from readwell.config import tracker_table
    from readwell.storage.tracker import TrackerRepository
    from readwell.tracker.identity import is_token, token_hash
    from readwell.tracker.profile import Profile
    from readwell.tracker.progress import Entry

    assert is_token(token)  # dev-only bench harness  # nosec B101
    repository = TrackerRepository(tracker_table(), client)
    start = date(1940, 1, 1)  # 30,000 days back from here still ends before today
    days = range(0, entries * every, every)
    history = [Entry((start + timedelta(days=day)).isoformat(), 70_000 + day % 5000) for day in days]
    repository.import_history(token_hash(token), Profile(start_date=start.isoformat(), unit="kg"), history)


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


class Tracker(NamedTuple):
    entries: int
    every: int = 1  # days between weights

    @property
    def name(self) -> str:
        return f"{self.entries:,}" + (f" every {self.every}d" if self.every > 1 else "")


# The base: one full page and a link to older ones (what every larger tracker shows too), its weights spread over
# 240 days so the page also shows every change (1, 3 and 6 months) and the notice reads the same 183-day window as
# every larger tracker: like with like. Then one full page of daily weights (whose window holds only 60 days), about
# eight years, and a lifetime.
FULL_PAGE = 60
BASE = Tracker(FULL_PAGE, every=4)
TRACKERS = (BASE, Tracker(FULL_PAGE), Tracker(3_000), Tracker(30_000))
QUICK_TRACKERS = (BASE, Tracker(2 * FULL_PAGE))  # `--quick` checks the harness, not the code
GOAL = 1.2  # the page and a write: our own time within this of the full page's, with the same read units
_ORIGIN = [("Host", "127.0.0.1:3000"), ("Origin", "http://127.0.0.1:3000")]


class StorageMeter:
    """Time spent inside DynamoDB calls and the items they returned, from botocore's own events.

    The table lives in a moto server in another process, as DynamoDB lives outside the function, so nothing of it
    sits in the measured process's heap; storage time (the call, moto's work, the answer parsed) is split from our
    function's own time, and the read units are those DynamoDB would charge for what storage returned (strongly
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


def token_for(tracker: Tracker) -> str:
    """A well-formed secret for the bench's `tracker` (15 bytes in base32: 24 characters)."""
    return base64.b32encode(f"bench{tracker.entries:06d}{tracker.every:04d}".encode()).decode()


def scaling(trackers: tuple[Tracker, ...] = TRACKERS, views: int = 200) -> dict[str, Any]:
    """The tracker page and one entry POST at each size: p50 of `views` requests each, split into our function's
    own time and storage time, with the read units each request costs. The trackers share one table, and the
    requests take turns between them (one at each size, then again), so a change in the machine's load falls on
    every size alike."""
    if spec() is None:
        return {"not_measured": ABSENT}
    import time

    from local.aws.roles import open_account
    from local.bench.common import percentile
    from local.bench.moto_process import moto_in_another_process
    from local.serve.lambda_runtime import dynamodb_client_of
    from local.serve.server import Gateway
    from readwell.tracker.identity import csrf_token

    form = [("Content-Type", "application/x-www-form-urlencoded"), *_ORIGIN]

    def replace(token: str, n: int) -> bytes:
        """The same day's weight, different each time: a real write on every POST."""
        return f"csrf_token={csrf_token(token)}&date=1940-01-05&weight={70 + n % 2}&confirm_replace=yes".encode()

    with moto_in_another_process() as endpoint:
        account = open_account(endpoint)
        client = dynamodb_client_of(account, "TrackerFunction")
        for tracker in trackers:
            seed(client, tracker.entries, token_for(tracker), tracker.every)
        gateway, meter = Gateway(account), StorageMeter(client)
        rows: dict[tuple[Tracker, str], dict[str, list[float]]] = {}
        statuses: dict[tuple[Tracker, str], int] = {}
        units: dict[tuple[Tracker, str], tuple[int, int]] = {}
        for kind in ("page", "post"):
            for n in range(views):
                for size in trackers:
                    token = token_for(size)
                    cookie = ("Cookie", f"rw_tracker={token}")
                    meter.take()
                    began = time.perf_counter()
                    if kind == "page":
                        status, _, _ = gateway("GET", PATH, [cookie], b"")
                    else:
                        status, _, _ = gateway("POST", f"{PATH}/entries", [cookie, *form], replace(token, n))
                    elapsed = (time.perf_counter() - began) * 1000
                    storage, read_units, calls = meter.take()
                    timed = rows.setdefault((size, kind), {"total": [], "own": []})
                    timed["total"].append(elapsed)
                    timed["own"].append(elapsed - storage)
                    statuses[size, kind], units[size, kind] = status, (read_units, calls)
    return {
        size.name: {
            kind: {
                "status": statuses[size, kind],
                "p50_ms": percentile(rows[size, kind]["total"], 0.5),
                "own_p50_ms": percentile(rows[size, kind]["own"], 0.5),
                "read_units": units[size, kind][0],
                "requests": units[size, kind][1],
            }
            for kind in ("page", "post")
        }
        for size in trackers
    }
