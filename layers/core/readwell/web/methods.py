"""Which methods each path takes; every other method gets the site's 405 page, one way for every function.

API Gateway sends every method of a route to its function, so each resolver must answer the methods
its routes do not take itself, as an accessible page with an Allow header: never API Gateway's JSON,
and never a stack trace or the standard library's 501 for a method it has never heard of.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from aws_lambda_powertools.event_handler import Response

READ = ["GET", "HEAD"]
KNOWN = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_PARAMETER = re.compile(r"<\w+>")

NotAllowedPage = Callable[[tuple[str, ...]], Response]


class Methods:
    """The methods each of one resolver's paths takes; `not_allowed(allowed)` renders the 405 page."""

    def __init__(self, app: Any, not_allowed: NotAllowedPage) -> None:
        self.app = app
        self.not_allowed = not_allowed
        self.paths: list[tuple[re.Pattern[str], tuple[str, ...]]] = []

    def only(self, allowed: Sequence[str], *rules: str) -> None:
        """Each rule takes `allowed` and nothing else: every other known method answers the 405 page."""
        taken = tuple(allowed)
        for rule in rules:
            others = [method for method in KNOWN if method not in taken]
            self.app.route(rule, method=others)(lambda taken=taken, **_: self.not_allowed(taken))
            pattern = "^" + _PARAMETER.sub("[^/]+", re.escape(rule)) + "$"
            self.paths.append((re.compile(pattern), taken))

    def allowed_at(self, path: str) -> tuple[str, ...] | None:
        """The methods `path` takes, or None for a path no rule names."""
        return next((taken for pattern, taken in self.paths if pattern.match(path)), None)
