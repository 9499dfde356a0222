"""Which methods each path takes, said once by its route decorators; every other method gets the site's 405 page.

API Gateway sends every method of a route to its function, so each resolver must answer the methods
its routes do not take itself, as an accessible page with an Allow header: never API Gateway's JSON,
and never a stack trace or the standard library's 501 for a method it has never heard of.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response

READ = ["GET", "HEAD"]
KNOWN = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_PARAMETER = re.compile(r"<\w+>")

NotAllowedPage = Callable[[tuple[str, ...]], Response]


class MethodsResolver(APIGatewayHttpResolver):
    """A resolver that notes the methods each rule's routes take, its routers' included (include_router registers
    them here too); `answer_other_methods` then gives every other known method at each rule the 405 page."""

    def __init__(self) -> None:
        super().__init__()
        self.taken: dict[str, set[str]] = {}
        self.paths: list[tuple[re.Pattern[str], tuple[str, ...]]] = []

    def route(self, rule: str, method: str | list[str] | tuple[str], *args: Any, **kwargs: Any) -> Any:
        if self.paths:
            raise RuntimeError(f"{rule}: routes must all be registered before answer_other_methods")
        methods = [method] if isinstance(method, str) else list(method)
        self.taken.setdefault(rule, set()).update(name.upper() for name in methods)
        return super().route(rule, method, *args, **kwargs)

    def answer_other_methods(self, not_allowed: NotAllowedPage) -> None:
        """Call once, after every route: `not_allowed(allowed)` renders the 405 page with its Allow list."""
        for rule, taken in self.taken.items():
            allowed = tuple(name for name in KNOWN if name in taken)
            others = [name for name in KNOWN if name not in taken]
            if others:
                super().route(rule, others)(lambda allowed=allowed, **_: not_allowed(allowed))
            pattern = "^" + _PARAMETER.sub("[^/]+", re.escape(rule)) + "$"
            self.paths.append((re.compile(pattern), allowed))

    def allowed_at(self, path: str) -> tuple[str, ...] | None:
        """The methods `path` takes, or None for a path no rule names."""
        return next((allowed for pattern, allowed in self.paths if pattern.match(path)), None)
