"""Answers made up at botocore's boundary, in the shape botocore reads off the wire."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class RawBody:
    """An HTTP response body as botocore reads it (streamed, or read whole), holding `body`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body
