"""Whole-table snapshots: the honest way to prove a request wrote nothing."""

from __future__ import annotations

from typing import Any


def snapshot(client: Any) -> dict[str, list[dict[str, Any]]]:
    """Every item of every table, sorted, so two snapshots compare equal only if nothing changed."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in client.list_tables()["TableNames"]:
        items: list[dict[str, Any]] = []
        request: dict[str, Any] = {"TableName": name, "ConsistentRead": True}
        while True:
            page = client.scan(**request)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        tables[name] = sorted(items, key=repr)
    return tables


def changed_items(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> int:
    """How many items were added, removed or altered between two snapshots."""
    total = 0
    for name in set(before) | set(after):
        old = {repr(i) for i in before.get(name, [])}
        new = {repr(i) for i in after.get(name, [])}
        total += len(old ^ new)
    return total
