"""Counting the DynamoDB calls a client makes, from botocore's own events (nothing of ours is patched)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def dynamodb_calls(client: Any) -> Iterator[Counter[str]]:
    """Count every DynamoDB API call the client makes, by operation name (botocore event hooks)."""
    counts: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        counts[model.name] += 1

    client.meta.events.register("before-call.dynamodb", count)
    try:
        yield counts
    finally:
        client.meta.events.unregister("before-call.dynamodb", count)


@contextmanager
def read_units(client: Any) -> Iterator[list[int]]:
    """The strongly consistent read units DynamoDB would charge for what each call returned, one number per call
    (a Query's items summed, then one unit per 4 KB begun; a GetItem's or each BatchGetItem item's rounded up)."""
    from readwell.storage.limits import item_size

    units: list[int] = []

    def count(parsed: dict[str, Any], **_: Any) -> None:
        sizes = [sum(map(item_size, parsed["Items"]))] if "Items" in parsed else []
        sizes += [item_size(parsed["Item"])] if "Item" in parsed else []
        sizes += [item_size(item) for found in parsed.get("Responses", {}).values() for item in found]
        units.append(sum(-(-size // 4096) or 1 for size in sizes))

    client.meta.events.register("after-call.dynamodb", count)
    try:
        yield units
    finally:
        client.meta.events.unregister("after-call.dynamodb", count)
