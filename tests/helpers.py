"""Small helpers shared by tests: calling the gateway as a browser would, counting DynamoDB calls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def call(
    gateway: Any, method: str, target: str, headers: list[tuple[str, str]] | None = None, body: bytes = b""
) -> Reply:
    return Reply(*gateway(method, target, headers or [], body))


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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href:
            self.links.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links
