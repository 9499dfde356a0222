"""What every page needs to know about the request it answers: display settings, a one-off notice, its address."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell import preferences
from readwell.preferences import saving
from readwell.web.origin import site_origin
from readwell.web.request import current_path, forwarded_proto, over_https, request_cookie


def page_context(event: BaseProxyEvent) -> dict[str, Any]:
    """Keyword arguments for responses.page(): pass them on every page render.

    A notice left by POST /preferences is shown once: `notice_shown` tells page() to clear it and
    keep the page out of caches.
    """
    chosen = preferences.from_cookies(getattr(event, "cookies", None), over_https(event))
    try:
        code = request_cookie(event, saving.NOTICE_COOKIE)
    except Exception:  # a malformed cookie header must never break a page
        code = None
    context: dict[str, Any] = {
        "preferences": chosen,
        "notice": saving.notice_text(code, chosen),
        "current_path": current_path(event),
        "canonical_url": site_origin(event) + event.path,
    }
    if code is not None:
        context["notice_shown"] = saving.expired_notice_cookie(forwarded_proto(event))
    return context
