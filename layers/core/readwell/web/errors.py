"""Error pages in the site layout: never a stack trace, always a way home."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from readwell.preferences import Preferences
from readwell.web.responses import NO_STORE, page

# Error pages can be rendered without the request (they must work whatever went wrong): then in the
# reader's default variant; CSS still honours prefers-contrast and forced colours. A handler that has
# the request passes page_context(event) as `context` so the page keeps the reader's text size and contrast.
_DEFAULTS: dict[str, Any] = {"preferences": Preferences(), "notice": None, "current_path": "/"}

READ_METHODS = ("GET", "HEAD")
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _context(context: dict[str, Any] | None) -> dict[str, Any]:
    return {**_DEFAULTS, **(context or {})}


def not_found(context: dict[str, Any] | None = None) -> Response:
    return page("pages/not_found.html", status=404, cache=NO_STORE, title="Page not found", **_context(context))


def method_not_allowed(allowed: tuple[str, ...] = READ_METHODS, context: dict[str, Any] | None = None) -> Response:
    return page(
        "pages/method_not_allowed.html",
        status=405,
        cache=NO_STORE,
        headers={"Allow": ", ".join(allowed)},
        title="This action is not available",
        **_context(context),
    )


def method_not_allowed_route(**_path_parameters: str) -> Response:
    """Route handler form of method_not_allowed, for registering against any rule."""
    return method_not_allowed()


def server_error() -> Response:
    return page("pages/server_error.html", status=500, cache=NO_STORE, title="Sorry, there is a problem", **_DEFAULTS)
