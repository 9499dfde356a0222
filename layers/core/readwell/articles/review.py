"""When an article is overdue for review: one rule for the content lint and for the page readers see.

The page works it out when it is rendered, from the stored dates and the day of the request, so the notice
appears on the day the review date has passed without a publish (the edge may keep an older copy for as long
as the article's cache lifetime: docs/content.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any


def is_overdue(next_review_due: date, today: date) -> bool:
    """Overdue from the day after the date it was due: on the day itself the review is due, not late."""
    return next_review_due != date.min and today > next_review_due


def overdue_notice(article: dict[str, Any], today: date) -> dict[str, str] | None:
    """The dates the article page's notice names, or None while the article is within its review date."""
    due = article.get("next_review_due", "")
    if not due or not is_overdue(date.fromisoformat(due), today):
        return None
    return {"last_reviewed": article["last_reviewed"], "next_review_due": due}
