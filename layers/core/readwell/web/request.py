"""What every page needs to know about the request it answers (preferences, one-off notices)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell import preferences
from readwell.preferences import read_cookie
from readwell.tracker import summary
from readwell.web import display
from readwell.web.origin import site_origin


def forwarded_proto(event: BaseProxyEvent) -> str | None:
    return (getattr(event, "headers", None) or {}).get("x-forwarded-proto")


def current_path(event: BaseProxyEvent) -> str:
    """The path and query of this page, to come back to after saving preferences (checked again on the way back)."""
    query = getattr(event, "raw_query_string", "") or ""
    # A query too long to come back to is dropped rather than echoed into every form on the page.
    if not query or len(event.path) + len(query) >= display.MAX_RETURN_PATH // 8:
        return event.path
    return f"{event.path}?{query}"


def page_context(event: BaseProxyEvent) -> dict[str, Any]:
    """Keyword arguments for responses.page(): pass them on every page render.

    A notice left by POST /preferences is shown once: `notice_shown` tells page() to clear it and
    keep the page out of caches.
    """
    cookies = getattr(event, "cookies", None)
    chosen = preferences.from_cookies(cookies)
    try:
        code = read_cookie(cookies, display.NOTICE_COOKIE)
    except Exception:  # a malformed cookie header must never break a page
        code = None
    notice = display.notice_text(code, chosen)
    context: dict[str, Any] = {
        "preferences": chosen,
        "notice": notice,
        "current_path": current_path(event),
        "canonical_url": site_origin(event) + event.path,
        "tracker_summary": summary.from_cookies(cookies),
    }
    if code is not None:
        context["notice_shown"] = display.expired_notice_cookie(forwarded_proto(event))
    return context
