"""The whole-table snapshot the write-nothing tests rely on: read from moto's tables, it sees what a Scan sees."""

from __future__ import annotations

from typing import Any

from tests.reliability.tables import changed_items, scanned, snapshot


def test_a_snapshot_equals_the_scan_and_sees_an_added_a_changed_and_a_removed_item(published: Any, admin: Any) -> None:
    names = admin.list_tables()["TableNames"]
    before = snapshot(admin)
    assert before == scanned(admin, names) and sum(map(len, before.values())) > 0
    admin.put_item(TableName="TrackerTable", Item={"PK": {"S": "T#x"}, "SK": {"S": "E#1"}, "grams": {"N": "70000"}})
    added = snapshot(admin)
    assert changed_items(before, added) == 1 and added == scanned(admin, names)
    admin.put_item(TableName="TrackerTable", Item={"PK": {"S": "T#x"}, "SK": {"S": "E#1"}, "grams": {"N": "70001"}})
    assert changed_items(added, snapshot(admin)) == 2  # the old item gone, the new one there
    admin.delete_item(TableName="TrackerTable", Key={"PK": {"S": "T#x"}, "SK": {"S": "E#1"}})
    assert changed_items(before, snapshot(admin)) == 0
