"""Whole-table snapshots: the honest way to prove a request wrote nothing."""

from __future__ import annotations

from typing import Any


def snapshot(client: Any) -> dict[str, list[dict[str, Any]]]:
    """Every item of every table, sorted, so two snapshots compare equal only if nothing changed.

    From the in-process moto's tables themselves when `client` talks to one: a Scan through boto3 serialises
    every published article (and its history) twice per look, which made a test of one request take a second."""
    names = client.list_tables()["TableNames"]
    in_process = _in_process_tables(client.meta.region_name, names)
    if in_process is not None:
        items = {name: [item.to_json()["Attributes"] for item in table.all_items()] for name, table in in_process}
        return {name: sorted(found, key=repr) for name, found in items.items()}
    return scanned(client, names)


def scanned(client: Any, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The tables `names` read through DynamoDB's Scan, sorted as snapshot() sorts them."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in names:
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


def _in_process_tables(region: str, names: list[str]) -> list[tuple[str, Any]] | None:
    """The tables `names` in moto's in-process backend for `region` (the one the client listed them from), or None
    when this process holds no such backend (a client of a moto server in another process)."""
    from moto.dynamodb.models import dynamodb_backends

    for _account, backend_region, backend in dynamodb_backends.iter_backends():
        if backend_region == region and names and set(names) <= set(backend.tables):
            return [(name, backend.tables[name]) for name in names]
    return None
