"""The sweeper finishes deletions cut short whose reader never came back: run as Lambda runs it, under its own
template role on the IAM-enforcing moto; it finds them with a Query of their own partition, never a Scan; cut
short itself at any call, the next run finishes and leaves no item; and it never pauses past its own time."""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.lambda_runtime import LocalFunction, dynamodb_client_of, load_functions
from tests.reliability.faults import FOREVER, THROTTLING, fault, slow, virtual_time
from tests.support.deletions import deletion_cut_short
from tests.support.dynamodb_calls import dynamodb_calls


@pytest.fixture
def sweeper(aws: Account) -> LocalFunction:
    return load_functions(aws, ["SweeperFunction"])["SweeperFunction"]


@pytest.fixture
def sweeper_client(aws: Account) -> Any:
    return dynamodb_client_of(aws, "SweeperFunction")


def left(admin: Any) -> list[dict[str, Any]]:
    """Every item but the per-address counters, read straight from the table."""
    items = admin.scan(TableName="TrackerTable")["Items"]
    return [item for item in items if not item["PK"]["S"].startswith("ATTEMPTS#")]


def test_a_deletion_cut_short_is_finished_under_the_sweepers_role_found_without_a_scan(
    aws: Account, admin: Any, sweeper: LocalFunction, sweeper_client: Any
) -> None:
    tracker_hash = deletion_cut_short(aws)
    marks = {(item["PK"]["S"], item["SK"]["S"]) for item in left(admin) if not item["SK"]["S"].startswith("MONTH#")}
    assert marks == {(f"TRACKER#{tracker_hash}", "DELETING"), ("DELETIONS", tracker_hash)}
    with dynamodb_calls(sweeper_client) as calls:
        assert sweeper.invoke({}) == {"finished": 1, "complete": True}
    assert left(admin) == []
    # Listed, its months read, read again (none left), listed again (none left); never a Scan.
    assert dict(calls) == {"Query": 4, "BatchWriteItem": 3, "DeleteItem": 2}


def test_with_nothing_to_finish_a_run_is_one_query(sweeper: LocalFunction, sweeper_client: Any) -> None:
    with dynamodb_calls(sweeper_client) as calls:
        assert sweeper.invoke({}) == {"finished": 0, "complete": True}
    assert dict(calls) == {"Query": 1}


STEPS = (
    [("Query", n) for n in range(1, 5)]
    + [("BatchWriteItem", n) for n in range(1, 4)]
    + [("DeleteItem", 1), ("DeleteItem", 2)]
)


@pytest.mark.parametrize(("operation", "call"), STEPS, ids=[f"{op}-{n}" for op, n in STEPS])
def test_a_run_cut_short_at_any_call_is_finished_by_the_next_and_leaves_no_item(
    aws: Account,
    admin: Any,
    sweeper: LocalFunction,
    sweeper_client: Any,
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    call: int,
) -> None:
    deletion_cut_short(aws)
    deletion_cut_short(aws, months=2)
    with virtual_time(monkeypatch), fault(sweeper_client, operation, "timeout", when=lambda n: n >= call) as cut:
        first = sweeper.invoke({})
    assert cut.injected and first["complete"] is False
    assert sweeper.invoke({}) == {"finished": 2 - first["finished"], "complete": True}
    assert left(admin) == []


def test_no_pause_outlasts_the_run_however_busy_dynamodb_is(
    aws: Account, sweeper: LocalFunction, sweeper_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        deletion_cut_short(aws, months=30)
    with (
        virtual_time(monkeypatch) as clock,
        slow(sweeper_client, clock, 2.5),
        fault(sweeper_client, "BatchWriteItem", THROTTLING, when=lambda n: n % 3 != 0 and n <= FOREVER),
    ):
        began = clock.monotonic()
        swept = sweeper.invoke({})
        ended = clock.monotonic()
    assert clock.sleeps, "DynamoDB was busy: the run paused before trying again"
    end_of_run = began + sweeper.timeout_seconds
    assert all(when + seconds <= end_of_run for when, seconds in clock.sleeps)
    assert ended <= end_of_run and swept["complete"] in (True, False)
