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


def server_error() -> Response:
    return page("pages/server_error.html", status=500, cache=NO_STORE, title="Sorry, there is a problem", **_DEFAULTS)


# What each refusal of the request guard tells the reader: what happened and what to do.
_REFUSALS = {
    400: ("This request could not be read", "The web address or form contained something we cannot read."),
    413: ("What you sent is too large", "Our forms only ever send a few words and numbers."),
    414: ("This web address is too long", "Check the address, or go to the home page and find the page from there."),
    415: ("This form could not be read", "It was sent in a way we do not accept. Please use the form on our page."),
    431: (
        "Your browser sent too much information",
        "Clearing this site's cookies in your browser settings usually fixes this.",
    ),
}
RETRY_AFTER_SECONDS = 30


def request_refused(status: int, context: dict[str, Any] | None = None) -> Response:
    heading, explanation = _REFUSALS.get(status, _REFUSALS[400])
    return page(
        "pages/request_refused.html",
        status=status,
        cache=NO_STORE,
        title=heading,
        heading=heading,
        explanation=explanation,
        **_context(context),
    )


def service_unavailable(context: dict[str, Any] | None = None) -> Response:
    return page(
        "pages/service_unavailable.html",
        status=503,
        cache=NO_STORE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        title="Sorry, the service is busy",
        **_context(context),
    )
