"""View models for the article pages: what each template shows. Each takes the content repository it reads from.

The article's (article_context) is the whole page from the one item plus the request's page context, so the
site, the bench's peer and its template-only limit all render the same page.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.articles.review import overdue_notice
from readwell.articles.slugs import is_valid_slug
from readwell.articles.structured_data import article_structured_data
from readwell.pages.context import page_context
from readwell.web.origin import site_origin


class ContentReader(Protocol):
    def get_article(self, slug: str) -> dict[str, Any] | None: ...

    def get_community(self, slug: str) -> dict[str, Any] | None: ...

    def list_communities(self) -> list[dict[str, Any]]: ...

    def list_articles(self, community_slug: str) -> list[dict[str, Any]]: ...

    def get_glossary(self) -> dict[str, Any] | None: ...


def home(content: ContentReader) -> dict[str, Any]:
    communities = [
        {**community, "articles": content.list_articles(community["slug"])} for community in content.list_communities()
    ]
    return {"communities": communities}


def community(content: ContentReader, slug: str) -> dict[str, Any] | None:
    """The community and its articles, or None when there is no such community."""
    if not is_valid_slug(slug):
        return None
    found = content.get_community(slug)
    if found is None:
        return None
    return {"community": found, "articles": content.list_articles(slug)}


def article(content: ContentReader, slug: str) -> dict[str, Any] | None:
    """The whole article page from one read, or None when there is no such article."""
    if not is_valid_slug(slug):
        return None
    return content.get_article(slug)


def article_context(article: dict[str, Any], event: BaseProxyEvent) -> dict[str, Any]:
    """Everything the article template needs for one request: the article item plus the page context.

    The review notice is worked out here, per request, so it is right on the day the review date passes."""
    today = date.today()
    return {
        **page_context(event),
        "title": article["title"],
        "community_title": article["community"]["title"],
        "description": article["summary"],
        "article": article,
        "structured_data": article_structured_data(article, site_origin(event)),
        "today": today.isoformat(),
        "overdue_review": overdue_notice(article, today),
    }


def is_withdrawn(article: dict[str, Any]) -> bool:
    """Whether the stored article was withdrawn: its address then answers 410 Gone with withdrawn_context."""
    return "withdrawn_on" in article


def withdrawn_context(article: dict[str, Any], event: BaseProxyEvent) -> dict[str, Any]:
    """The 410 page: what was withdrawn, why and when, and where its community's other articles are."""
    return {
        **page_context(event),
        "title": f"Withdrawn: {article['title']}",
        "community_title": article["community"]["title"],
        "article": article,
    }


def glossary(content: ContentReader) -> dict[str, Any]:
    """Every entry under its initial letter, A to Z (an empty glossary is an empty page, not an error)."""
    entries = (content.get_glossary() or {}).get("entries", [])
    letters: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        initial = entry["term"][:1].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append(entry)
    return {
        "letters": [
            {"letter": letter, "anchor": f"letter-{letter.lower() if letter.isalpha() else 'other'}", "entries": found}
            for letter, found in letters.items()
        ]
    }
