"""Concurrent writers against a moto server over real HTTP: nothing lost, nothing doubled, the summary true,
and no entry outliving a tracker deleted while it was being written to."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest

from local.aws.roles import Account
from readwell.storage import attempts
from readwell.storage.dynamodb import CLIENT_CONFIG
from readwell.storage.tracker import TrackerRepository
from readwell.tracker.identity import new_token, token_hash
from readwell.tracker.profile import Profile
from readwell.tracker.service import NoTracker, Open, TrackerService
from tests.reliability.moto_server import fresh_account, moto_dynamodb_server

THREADS = 20
WRITES_EACH = 50


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    with moto_dynamodb_server() as url:
        yield fresh_account(url)


@pytest.fixture
def service(account: Account) -> TrackerService:
    """The tracker's service as its function runs it: its role, one client shared by every thread."""
    config = CLIENT_CONFIG.merge(CLIENT_CONFIG.__class__(max_pool_connections=THREADS))
    client = attempts.install(account.roles["TrackerFunction"].client("dynamodb", account.endpoint, config))
    return TrackerService(TrackerRepository("TrackerTable", client), limiter_key=lambda: b"tests")


def new_tracker(service: TrackerService) -> Open:
    token = new_token()
    service.store.create(token_hash(token), Profile(start_date="1990-01-01", unit="kg"))
    found = service.find(token)
    assert found is not None
    return found


def kg(grams: int) -> str:
    return f"{grams / 1000:.1f}"


@pytest.mark.long
def test_twenty_threads_writing_fifty_distinct_days_each_store_exactly_1000_entries(service: TrackerService) -> None:
    tracker = new_tracker(service)
    first = date(2020, 1, 1)
    expected = {
        (first + timedelta(days=t * WRITES_EACH + n)).isoformat(): 50_000 + (t * WRITES_EACH + n) * 100
        for t in range(THREADS)
        for n in range(WRITES_EACH)
    }

    def writer(thread: int) -> list[bool]:
        days = list(expected)[thread * WRITES_EACH : (thread + 1) * WRITES_EACH]
        return [service.add_entry(tracker, {"date": day, "weight": kg(expected[day])}).saved for day in days]

    with ThreadPoolExecutor(THREADS) as pool:
        saved = [ok for result in pool.map(writer, range(THREADS)) for ok in result]
    assert Counter(saved) == {True: THREADS * WRITES_EACH}
    assert {e.day: e.grams for e in service.history(tracker)} == expected
    summary = service.find(tracker.token).summary  # type: ignore[union-attr]
    days = sorted(expected)
    assert (summary.count, summary.first.day, summary.latest.day) == (1000, days[0], days[-1])  # type: ignore[union-attr]


def test_twenty_threads_writing_the_same_day_leave_one_entry_and_every_other_writer_hears_of_the_conflict(
    service: TrackerService,
) -> None:
    tracker = new_tracker(service)
    weights = [70_000 + i * 100 for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(
            pool.map(lambda g: service.add_entry(tracker, {"date": "2024-06-01", "weight": kg(g)}), weights)
        )
    saved = [o.grams for o in outcomes if o.saved]
    conflicts = [o for o in outcomes if o.conflict]
    assert len(saved) == 1 and len(conflicts) == THREADS - 1
    assert [(e.day, e.grams) for e in service.history(tracker)] == [("2024-06-01", saved[0])]
    assert all(c.existing_grams == saved[0] for c in conflicts)  # each loser is told what is there
    assert service.find(tracker.token).summary.count == 1  # type: ignore[union-attr]


def test_twenty_threads_replacing_the_same_day_leave_one_entry_holding_one_of_their_values(
    service: TrackerService,
) -> None:
    tracker = new_tracker(service)
    weights = [80_000 + i * 100 for i in range(THREADS)]
    form = {"date": "2024-06-02", "confirm_replace": "yes"}
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda g: service.add_entry(tracker, {**form, "weight": kg(g)}), weights))
    entries = list(service.history(tracker))
    assert len(entries) == 1 and entries[0].grams in weights
    summary = service.find(tracker.token).summary  # type: ignore[union-attr]
    assert summary.count == 1 and summary.latest == entries[0] == summary.first


def test_no_entry_outlives_a_tracker_deleted_while_writers_are_adding_to_it(
    service: TrackerService, account: Account
) -> None:
    tracker = new_tracker(service)
    started = threading.Barrier(THREADS + 1)
    first = date(2000, 1, 1)  # 20 threads x 300 days all lie in the past

    def writer(thread: int) -> Counter[str]:
        """Writes day after day until the tracker is gone: the deletion comes once each has saved one."""
        seen: Counter[str] = Counter()
        for n in range(300):
            if n == 1:
                started.wait()
            day = (first + timedelta(days=thread * 300 + n)).isoformat()
            try:
                seen["saved" if service.add_entry(tracker, {"date": day, "weight": "70.0"}).saved else "not"] += 1
            except NoTracker:
                seen["gone"] += 1
                return seen
        return seen

    with ThreadPoolExecutor(THREADS + 1) as pool:
        writers = [pool.submit(writer, t) for t in range(THREADS)]
        started.wait()
        assert service.delete(tracker, more_time=lambda: True)
        outcomes = sum((w.result() for w in writers), Counter())
    assert outcomes["gone"] == THREADS and outcomes["saved"] >= THREADS, outcomes  # writes before, refusals after
    left: list[Any] = account.admin_client().query(
        TableName="TrackerTable",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "TRACKER#" + tracker.hash}},
        ConsistentRead=True,
    )["Items"]
    assert left == [], [item["SK"]["S"] for item in left]


def test_adds_and_deletes_racing_at_both_ends_leave_a_summary_that_matches_the_history(
    service: TrackerService,
) -> None:
    """Deleting the newest or oldest entry makes its neighbour the end while others add beside it: the
    summary must still name the true first and latest entries and count them all."""
    tracker = new_tracker(service)
    first = date(2010, 1, 1)

    def worker(thread: int) -> None:
        # Interleaved days: every thread's days sit beside every other's, so ends move under each other.
        days = [(first + timedelta(days=n * THREADS + thread)).isoformat() for n in range(12)]
        for n, day in enumerate(days):
            service.add_entry(tracker, {"date": day, "weight": "70.0"})
            if n % 3 == 2:
                service.delete_entry(tracker, days[n - 1])
        service.delete_entry(tracker, days[0])

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, range(THREADS)))
    entries = list(service.history(tracker))
    summary = service.find(tracker.token).summary  # type: ignore[union-attr]
    assert (summary.count, summary.first, summary.latest) == (len(entries), entries[0], entries[-1])
