"""Concurrent writers against a moto server over real HTTP (issue 7): nothing lost, nothing doubled."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from local.tables import create_tables
from readwell.storage.dynamodb import CLIENT_CONFIG
from readwell.storage.tracker import TrackerRepository
from readwell.tracker.identity import new_token, token_hash
from readwell.tracker.profile import Profile

THREADS = 20
WRITES_EACH = 50


@pytest.fixture(scope="module")
def repository() -> Iterator[TrackerRepository]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        client: Any = boto3.client(
            "dynamodb",
            endpoint_url=f"http://{host}:{port}",
            config=CLIENT_CONFIG.merge(boto3.session.Config(max_pool_connections=THREADS)),
        )
        create_tables(client)
        yield TrackerRepository("TrackerTable", client=client)
    finally:
        server.stop()


def new_tracker(repository: TrackerRepository) -> str:
    tracker_hash = token_hash(new_token())
    repository.create(tracker_hash, Profile(start_date="2020-01-01", unit="kg"))
    return tracker_hash


def test_twenty_threads_writing_fifty_distinct_days_each_store_exactly_1000_entries(
    repository: TrackerRepository,
) -> None:
    tracker_hash = new_tracker(repository)
    first = date(2020, 1, 1)

    def writer(thread: int) -> list[str]:
        outcomes = []
        for n in range(WRITES_EACH):
            day = (first + timedelta(days=thread * WRITES_EACH + n)).isoformat()
            outcomes.append(repository.put_entry(tracker_hash, day, 60_000 + thread * 100 + n).outcome)
        return outcomes

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = [o for result in pool.map(writer, range(THREADS)) for o in result]
    assert Counter(outcomes) == {"saved": THREADS * WRITES_EACH}
    tracker = repository.load(tracker_hash)
    assert tracker is not None
    assert len(tracker.entries) == 1000
    assert len({e.day for e in tracker.entries}) == 1000
    expected = {
        (first + timedelta(days=t * WRITES_EACH + n)).isoformat(): 60_000 + t * 100 + n
        for t in range(THREADS)
        for n in range(WRITES_EACH)
    }
    assert {e.day: e.grams for e in tracker.entries} == expected


def test_twenty_threads_writing_the_same_day_leave_one_entry_and_every_other_writer_hears_of_the_conflict(
    repository: TrackerRepository,
) -> None:
    tracker_hash = new_tracker(repository)
    weights = [70_000 + i * 100 for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(
            pool.map(lambda grams: (grams, repository.put_entry(tracker_hash, "2024-06-01", grams)), weights)
        )
    saved = [grams for grams, result in results if result.outcome == "saved"]
    conflicts = [result for _, result in results if result.outcome == "conflict"]
    assert len(saved) == 1 and len(conflicts) == THREADS - 1
    tracker = repository.load(tracker_hash)
    assert tracker is not None
    assert [(e.day, e.grams) for e in tracker.entries] == [("2024-06-01", saved[0])]
    assert all(c.existing_grams == saved[0] for c in conflicts)  # each loser is told what is there


def test_twenty_threads_replacing_the_same_day_leave_one_entry_holding_one_of_their_values(
    repository: TrackerRepository,
) -> None:
    tracker_hash = new_tracker(repository)
    weights = [80_000 + i * 100 for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda grams: repository.put_entry(tracker_hash, "2024-06-02", grams, replace=True), weights))
    tracker = repository.load(tracker_hash)
    assert tracker is not None
    assert len(tracker.entries) == 1 and tracker.entries[0].grams in weights
