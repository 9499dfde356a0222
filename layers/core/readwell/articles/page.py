"""Everything the article template needs for one request: the article item plus the page context.

One function, so the site, the bench's peer and its template-only limit all render the same page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.articles.structured_data import article_structured_data
from readwell.pages.context import page_context
from readwell.web.origin import site_origin


def article_context(article: dict[str, Any], event: BaseProxyEvent) -> dict[str, Any]:
    return {
        **page_context(event),
        "title": article["title"],
        "community_title": article["community"]["title"],
        "description": article["summary"],
        "article": article,
        "structured_data": article_structured_data(article, site_origin(event)),
        "today": date.today().isoformat(),
    }
