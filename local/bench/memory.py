"""An in-memory content repository behind the same interface as storage.content.ContentRepository.

It implements both ContentReader (pages) and PublishTarget (publishing), so the bench fills it with
the real publishing code. It imports nothing heavy: cold-start children load it before timing.
"""

from __future__ import annotations

from typing import Any


class MemoryContent:
    def __init__(self, communities: list[dict[str, Any]] | None = None, articles: list[dict[str, Any]] | None = None):
        self.communities = {c["slug"]: c for c in communities or []}
        self.articles = {a["slug"]: a for a in articles or []}
        self.search_hashes: dict[str, str] = {}
        self.search_scores: dict[str, dict[str, int]] = {}
        self.glossary: dict[str, Any] = {}
        self.help: dict[str, Any] = {}

    def get_article(self, slug: str) -> dict[str, Any] | None:
        return self.articles.get(slug)

    def get_community(self, slug: str) -> dict[str, Any] | None:
        return self.communities.get(slug)

    def list_communities(self) -> list[dict[str, Any]]:
        return sorted(self.communities.values(), key=lambda c: c["title"].lower())

    def list_articles(self, community_slug: str) -> list[dict[str, Any]]:
        # A record with a status (withdrawn) is in no list, as in the content table's sparse index.
        found = [a for a in self.articles.values() if a["community"]["slug"] == community_slug and "status" not in a]
        return [
            {k: a[k] for k in ("slug", "title", "summary", "revised")} for a in sorted(found, key=lambda a: a["title"])
        ]

    def current_hashes(self, kind: str, slugs: list[str]) -> dict[str, tuple[str, int]]:
        store = self.communities if kind == "community" else self.articles
        return {s: (store[s].get("content_hash", ""), int(store[s].get("revision", 0))) for s in slugs if s in store}

    def listed_articles(self) -> list[dict[str, Any]]:
        return [article for community in self.list_communities() for article in self.list_articles(community["slug"])]

    def put_communities(self, records: list[dict[str, Any]]) -> int:
        self.communities.update({r["slug"]: dict(r) for r in records})
        return len(records)

    def oversized(self, revisions: list[tuple[dict[str, Any], int]]) -> dict[str, int]:
        return {}  # the bench's articles are the reference article's size

    def get_glossary(self) -> dict[str, Any] | None:
        return self.glossary or None

    def glossary_hash(self) -> str:
        return str(self.glossary.get("content_hash", ""))

    def glossary_size(self, record: dict[str, Any]) -> int:
        return 0  # the bench's glossary is the seed glossary, far below the item limit

    def put_glossary(self, record: dict[str, Any]) -> None:
        self.glossary = dict(record)

    def get_help(self) -> dict[str, Any] | None:
        return self.help or None

    def help_hash(self) -> str:
        return str(self.help.get("content_hash", ""))

    def put_help(self, record: dict[str, Any]) -> None:
        self.help = dict(record)

    def put_article_revisions(self, revisions: list[tuple[dict[str, Any], int]]) -> list[str]:
        for record, previous in revisions:
            self.articles[record["slug"]] = {**record, "revision": previous + 1}
        return [record["slug"] for record, _ in revisions]

    # The search index (search.index.IndexTarget), kept per article as publishing hands it over.

    def search_index_hashes(self, slugs: list[str]) -> dict[str, str]:
        return {slug: self.search_hashes[slug] for slug in slugs if slug in self.search_hashes}

    def search_terms(self, slug: str) -> dict[str, int]:
        return dict(self.search_scores.get(slug, {}))

    def write_search_index(
        self, slug: str, stale: list[str], postings: dict[str, int], scores: dict[str, int], index_hash: str
    ) -> int:
        self.search_scores[slug] = dict(scores)
        self.search_hashes[slug] = index_hash
        return len(stale) + len(postings) + 1

    def dump(self) -> dict[str, Any]:
        return {"communities": list(self.communities.values()), "articles": list(self.articles.values())}
