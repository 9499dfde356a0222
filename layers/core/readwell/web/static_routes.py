"""The static files' routes: the stylesheet and the icons under their content-hashed names (static.py), and
/favicon.ico. A router is made per function (Powertools' Router keeps the one resolver it was included in)."""

from __future__ import annotations

from collections.abc import Callable

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.web import static
from readwell.web.methods import READ
from readwell.web.responses import PAGE_CACHE, document, with_security_headers


def static_router(not_found: Callable[[], Response]) -> Router:
    """`not_found()`: the page for an old or unknown name."""
    router = Router()

    @router.route("/static/<name>", method=READ)
    def asset(name: str) -> Response:
        found = static.asset(name)
        if found is None:
            return not_found()
        content_type, body = found
        return document(body, content_type, cache=static.IMMUTABLE)

    @router.route("/favicon.ico", method=READ)
    def favicon() -> Response:
        """Browsers and crawlers ask for /favicon.ico whatever a page links to: send them to the hashed icon."""
        headers = with_security_headers({"Location": static.url(static.ICON), "Cache-Control": PAGE_CACHE})
        return Response(status_code=301, headers=headers)

    return router
