"""What the edge tests share: a clock they move by hand, a reader's GET through the edge, the origin's secret."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Reply
from tests.tracker.browser import HOST

SECRET = "the-stack's-origin-secret"
# The stack with its edge: the origin reads this secret (by the ARN in its environment) under its own role.
EDGE_STACK = pytest.mark.stack(parameters={"EdgeCache": "on"}, secret_values={"OriginSecret": SECRET})
ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def get(
    cdn: Any, path: str, cookies: dict[str, str] | None = None, extra: list[tuple[str, str]] | None = None
) -> Reply:
    """A reader's GET through the edge (`extra` may name its own Accept-Encoding)."""
    headers = [("Host", HOST), ("X-Forwarded-Proto", "https")]
    if not any(name == "Accept-Encoding" for name, _ in extra or []):
        headers.append(("Accept-Encoding", "gzip, deflate, br"))
    if cookies:
        headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
    return Reply(*cdn("GET", path, headers + (extra or []), b""))
