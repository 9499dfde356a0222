"""Build and revise the search index when articles are published.

One posting per (term, article): PK=TERM#<term>, SK=ARTICLE#<slug>, with the article's score for
that term. A query reads one partition per term (a Query, never a Scan). Each article's term map is
kept beside it (PK=ARTICLE#<slug>, SK=SEARCH) so a revision deletes the postings it no longer has
and rewrites only the scores that changed; an unchanged article writes nothing. A withdrawn article is
indexed under nothing: its postings are deleted, and it is found again once it is published again.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from readwell.articles import markdown
from readwell.articles.model import Article
from readwell.search.terms import terms

# Where a word appears says how much the article is about it.
WEIGHTS = {"title": 8, "heading": 4, "summary": 3, "body": 1}
# Keeps the SEARCH item far below DynamoDB's 400 KB item limit, whatever the article's length.
MAX_TERMS_PER_ARTICLE = 3000


class IndexTarget(Protocol):
    def search_index_hashes(self, slugs: list[str]) -> dict[str, str]: ...

    def search_terms(self, slug: str) -> dict[str, int]: ...

    def write_search_index(
        self, slug: str, stale: list[str], postings: dict[str, int], scores: dict[str, int], index_hash: str
    ) -> int: ...


@dataclass
class IndexReport:
    indexed: list[str]
    writes: int


def article_scores(article: Article) -> dict[str, int]:
    scores: Counter[str] = Counter()
    for term in terms(article.title):
        scores[term] += WEIGHTS["title"]
    for term in terms(article.summary):
        scores[term] += WEIGHTS["summary"]
    for section in markdown.sections(article.body_markdown):
        for term in terms(section["text"]):
            scores[term] += WEIGHTS["heading"]
    for term in terms(markdown.plain_text(article.body_markdown)):
        scores[term] += WEIGHTS["body"]
    return dict(sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS_PER_ARTICLE])


def scores_hash(scores: dict[str, int]) -> str:
    return hashlib.sha256(json.dumps(scores, sort_keys=True).encode("utf-8")).hexdigest()


def index_articles(articles: tuple[Article, ...] | list[Article], target: IndexTarget) -> IndexReport:
    """Bring the index in line with `articles`; articles not given are left as they are."""
    wanted = {a.slug: {} if a.withdrawn else article_scores(a) for a in articles}
    hashes = {slug: scores_hash(scores) for slug, scores in wanted.items()}
    current = target.search_index_hashes(list(wanted))
    report = IndexReport(indexed=[], writes=0)
    for slug, scores in wanted.items():
        if current.get(slug) == hashes[slug] or not (scores or slug in current):
            continue
        old = target.search_terms(slug) if slug in current else {}
        stale = sorted(set(old) - set(scores))
        changed = {term: score for term, score in scores.items() if old.get(term) != score}
        report.writes += target.write_search_index(slug, stale, changed, scores, hashes[slug])
        report.indexed.append(slug)
    return report
