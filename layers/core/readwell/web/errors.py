"""Error pages in the site layout: never a stack trace, always a way home."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from readwell.web.responses import NO_STORE, page

READ_METHODS = ("GET", "HEAD")
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def not_found() -> Response:
    return page("pages/not_found.html", status=404, cache=NO_STORE, title="Page not found")


def method_not_allowed(allowed: tuple[str, ...] = READ_METHODS) -> Response:
    return page(
        "pages/method_not_allowed.html",
        status=405,
        cache=NO_STORE,
        headers={"Allow": ", ".join(allowed)},
        title="This action is not available",
    )


def method_not_allowed_route(**_path_parameters: str) -> Response:
    """Route handler form of method_not_allowed, for registering against any rule."""
    return method_not_allowed()


def server_error() -> Response:
    return page("pages/server_error.html", status=500, cache=NO_STORE, title="Sorry, there is a problem")
