"""Error pages in the site layout, and the one map from what went wrong to the page a reader gets.

Never a stack trace, always a way home. Every function installs the same map (`install`): storage's
typed errors become the "try again" page (Unavailable) or a conflict page, a form from another site its
403, a missing page or method its 404 or 405, and anything else, AWS's non-temporary errors included, a logged
500 that gives the reader the request's reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

from readwell import preferences
from readwell.pages.context import page_context
from readwell.preferences import Preferences
from readwell.storage.errors import Conflict, LimitExceeded, Unavailable
from readwell.web.methods import KNOWN, MethodsResolver
from readwell.web.responses import NO_STORE, page
from readwell.web.same_site import CrossSite

# Error pages can be rendered without the request (they must work whatever went wrong): then in the
# reader's default variant; CSS still honours prefers-contrast and forced colours. A handler that has
# the request passes page_context(event) as `context` so the page keeps the reader's display settings.
_DEFAULTS: dict[str, Any] = {"preferences": Preferences(), "notice": None, "current_path": "/"}
RETRY_AFTER_SECONDS = 30


def _context(context: dict[str, Any] | None) -> dict[str, Any]:
    return {**_DEFAULTS, **(context or {})}


def not_found(context: dict[str, Any] | None = None) -> Response:
    return page("pages/not_found.html", status=404, cache=NO_STORE, title="Page not found", **_context(context))


def method_not_allowed(allowed: tuple[str, ...], context: dict[str, Any] | None = None) -> Response:
    return page(
        "pages/method_not_allowed.html",
        status=405,
        cache=NO_STORE,
        headers={"Allow": ", ".join(allowed)},
        title="This action is not available",
        **_context(context),
    )


def server_error(reference: str | None = None, context: dict[str, Any] | None = None) -> Response:
    """The 500 page; `reference` (the request's correlation id) lets the reader quote it and us find the log."""
    return page(
        "pages/server_error.html",
        status=500,
        cache=NO_STORE,
        title="Sorry, there is a problem",
        reference=reference,
        **_context(context),
    )


# What each refusal tells the reader: what happened and what to do.
_REFUSALS = {
    400: ("This request could not be read", "The web address or form contained something we cannot read."),
    403: (
        "Please use the site's own address",
        "This address only answers through the site's web address. Go to the home page and find the page from there.",
    ),
    409: (
        "This changed while you were working",
        "Something else changed it at the same moment. Go back, reload the page and try again.",
    ),
    413: ("What you sent is too large", "Our forms only ever send a few words and numbers."),
    414: ("This web address is too long", "Check the address, or go to the home page and find the page from there."),
    415: ("This form could not be read", "It was sent in a way we do not accept. Please use the form on our page."),
    431: (
        "Your browser sent too much information",
        "Clearing this site's cookies in your browser settings usually fixes this.",
    ),
    500: (
        "Sorry, this page is too large to send",
        "It holds more than we can send in one go. Please tell us which page it was.",
    ),
}


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


def cross_site_form(context: dict[str, Any] | None = None) -> Response:
    """The 403 for a form another website sent: a page can post to us without the reader knowing."""
    return page(
        "pages/request_refused.html",
        status=403,
        cache=NO_STORE,
        title="This form came from another website",
        heading="This form came from another website",
        explanation=(
            "To keep your settings and our pages safe, we only accept forms sent from our own pages. "
            "If you meant to use this form, go to the page on our site and use it there."
        ),
        **_context(context),
    )


def refusal_page(status: int, cookies: list[str] | None, over_https: bool) -> Response:
    """A refusal of the request guard, in the display settings its (already sanitised) cookies ask for."""
    return request_refused(status, {"preferences": preferences.from_cookies(cookies, over_https)})


def service_unavailable(context: dict[str, Any] | None = None) -> Response:
    return page(
        "pages/service_unavailable.html",
        status=503,
        cache=NO_STORE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        title="Sorry, the service is busy",
        **_context(context),
    )


def install(
    app: MethodsResolver,
    logger: Any,
    unavailable: Callable[[dict[str, Any], Unavailable], Response] = lambda context, _: service_unavailable(context),
) -> None:
    """The one error map for a function's resolver (`unavailable`: the function's own "try again" page)."""

    def context() -> dict[str, Any]:
        try:
            return page_context(app.current_event)
        except Exception:  # the error page must render whatever else is broken
            return {}

    @app.not_found
    def unknown(_: NotFoundError) -> Response:
        event = app.current_event
        allowed = app.allowed_at(event.path)
        if event.http_method not in KNOWN and allowed is not None:
            return method_not_allowed(allowed, context())
        return not_found(context())

    @app.exception_handler(Unavailable)
    def busy(error: Unavailable) -> Response:
        logger.warning("DynamoDB unavailable after retries while serving %s: %r", app.current_event.path, error)
        return unavailable(context(), error)

    @app.exception_handler(CrossSite)
    def cross_site(_: CrossSite) -> Response:
        logger.info("A form from another site was refused")
        return cross_site_form(context())

    @app.exception_handler(Conflict)
    def conflict(error: Conflict) -> Response:
        logger.warning("A write lost a race while serving %s: %r", app.current_event.path, error)
        return request_refused(409, context())

    @app.exception_handler(LimitExceeded)
    def too_large(error: LimitExceeded) -> Response:
        logger.error("Over a DynamoDB limit while serving %s: %r", app.current_event.path, error)
        return server_error(logger.get_correlation_id(), context())

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        logger.exception("Unhandled error while serving %s", app.current_event.path)
        return server_error(logger.get_correlation_id(), context())
