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
