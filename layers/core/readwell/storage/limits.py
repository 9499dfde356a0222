"""DynamoDB's hard limits, each written once, and enforced by our code whether or not moto does.

Sources (Amazon DynamoDB Developer Guide and AWS Lambda Developer Guide):
- "Service, account, and table quotas in Amazon DynamoDB": an item is at most 400 KB; TransactWriteItems
  takes at most 100 actions and 4 MB of items; BatchWriteItem at most 25 put or delete requests and
  16 MB; a Query returns at most 1 MB per page (our reads always follow LastEvaluatedKey).
- "DynamoDB item sizes and formats" (CapacityUnitCalculations.html): how an item's size is counted (item_size).

moto enforces some of these differently (an item over 400,000 bytes rather than 400 KiB; no 4 MB or
16 MB totals), so the code that writes checks them itself, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

KIB = 1024
MAX_ITEM_BYTES = 400 * KIB
MAX_TRANSACTION_ACTIONS = 100
MAX_TRANSACTION_BYTES = 4 * KIB * KIB
MAX_BATCH_WRITE_REQUESTS = 25
MAX_BATCH_WRITE_BYTES = 16 * KIB * KIB
MAX_QUERY_PAGE_BYTES = KIB * KIB

# Per "item sizes and formats": a List or Map costs 3 bytes, and each of its elements 1 more.
_CONTAINER_OVERHEAD = 3
_ELEMENT_OVERHEAD = 1

T = TypeVar("T")


def _number_size(text: str) -> int:
    """1 byte per two significant digits, plus 1 (leading and trailing zeros do not count)."""
    digits = format(abs(Decimal(text)), "f").replace(".", "").strip("0") or "0"
    return (len(digits) + 1) // 2 + 1


def value_size(value: dict[str, Any]) -> int:
    """The size of one attribute value in DynamoDB JSON ({"S": ...}, {"N": ...}, {"M": {...}}, ...)."""
    [(kind, inner)] = value.items()
    if kind == "S":
        return len(inner.encode("utf-8"))
    if kind == "N":
        return _number_size(inner)
    if kind == "B":
        return len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode("utf-8")) for s in inner)
    if kind == "NS":
        return sum(_number_size(n) for n in inner)
    if kind == "BS":
        return sum(len(b) for b in inner)
    if kind == "L":
        return _CONTAINER_OVERHEAD + sum(_ELEMENT_OVERHEAD + value_size(v) for v in inner)
    if kind == "M":
        return _CONTAINER_OVERHEAD + sum(
            _ELEMENT_OVERHEAD + len(name.encode("utf-8")) + value_size(v) for name, v in inner.items()
        )
    raise ValueError(f"not a DynamoDB attribute value type: {kind!r}")


def item_size(item: dict[str, dict[str, Any]]) -> int:
    """An item's size as DynamoDB counts it against the 400 KB limit: attribute names plus values."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def batches(things: Iterable[T], size: Callable[[T], int], max_count: int, max_bytes: int) -> Iterator[list[T]]:
    """`things` in order, cut into runs of at most `max_count` and `max_bytes` (each thing fits alone)."""
    run: list[T] = []
    run_bytes = 0
    for thing in things:
        thing_bytes = size(thing)
        if run and (len(run) == max_count or run_bytes + thing_bytes > max_bytes):
            yield run
            run, run_bytes = [], 0
        run.append(thing)
        run_bytes += thing_bytes
    if run:
        yield run
