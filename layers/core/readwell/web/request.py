"""What every page needs to know about the request it answers (preferences, one-off notices)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell import preferences
from readwell.tracker import summary
from readwell.web.origin import site_origin


def page_context(event: BaseProxyEvent) -> dict[str, Any]:
    """Keyword arguments for responses.page(): pass them on every page render."""
    cookies = getattr(event, "cookies", None)
    return {
        "preferences": preferences.from_cookies(cookies),
        "notice": None,
        "current_path": event.path,
        "canonical_url": site_origin(event) + event.path,
        "tracker_summary": summary.from_cookies(cookies),
    }
