"""Responses with the headers every Readwell page carries."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.shared.cookies import Cookie

from readwell.web.rendering import render

HTML = "text/html; charset=utf-8"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Browsers keep a page 5 minutes (nothing can recall it from them); the edge keeps it a week, because
# publishing invalidates exactly what changed there, and a new site version everything; make bench shows
# why a week: a day would send twice as many views to the origin on a steady day.
EDGE_SECONDS = 7 * 24 * 3600
# Past that, a cache may answer with its old copy while it fetches a new one (an hour: a browser shows an
# old page at most once more), and, when the origin fails (DynamoDB or Lambda down), for a week: readers
# keep the article through an outage. CloudFront honours both (RFC 5861; its Developer Guide, "Manage how
# long content stays in the cache (expiration)").
REVALIDATE_SECONDS = 3600
STALE_IF_ERROR_SECONDS = 7 * 24 * 3600
PAGE_CACHE = (
    f"public, max-age=300, s-maxage={EDGE_SECONDS}, "
    f"stale-while-revalidate={REVALIDATE_SECONDS}, stale-if-error={STALE_IF_ERROR_SECONDS}"
)
PRIVATE = "private, no-store"  # the tracker: never in a shared cache
NO_STORE = "no-store"
# Every page is rendered in the reader's chosen display settings (a cookie), so a cached copy
# must only be reused for the same cookies: otherwise a new choice would show the old variant.
VARY = "Cookie"


def with_security_headers(headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**SECURITY_HEADERS, **(headers or {})}


def document(body: str | bytes, content_type: str, cache: str = PAGE_CACHE) -> Response:
    """A 200 that is not a page (XML, text, a stylesheet, an icon), with the security headers."""
    headers = with_security_headers({"Cache-Control": cache})
    return Response(status_code=200, content_type=content_type, body=body, headers=headers)


def page(
    template: str,
    status: int = 200,
    cache: str = PAGE_CACHE,
    headers: dict[str, Any] | None = None,
    notice_shown: Cookie | None = None,
    **context: Any,
) -> Response:
    """An HTML page. `notice_shown` (from page_context) clears a one-off notice; such a page is never cached."""
    cookies = [notice_shown] if notice_shown is not None else None
    return Response(
        status_code=status,
        content_type=HTML,
        body=render(template, **context),
        headers=with_security_headers(
            {"Cache-Control": NO_STORE if notice_shown is not None else cache, "Vary": VARY, **(headers or {})}
        ),
        cookies=cookies,
    )
