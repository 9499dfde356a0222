"""Answer a search: validate the query, read each term's postings, rank, and describe the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from readwell.search.terms import terms

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 6  # caps the DynamoDB work one search can cause
MAX_POSTINGS_PER_TERM = 2000
MAX_RESULTS = 20


class SearchReader(Protocol):
    def search_postings(self, term: str, limit: int) -> list[tuple[str, int]]: ...

    def article_cards(self, slugs: list[str]) -> list[dict[str, Any]]: ...


@dataclass
class SearchResult:
    query: str = ""  # what the reader typed (shortened), for the form and the status message
    asked: bool = False  # whether a query was given at all
    error: str = ""  # a problem with the query itself, shown in the error summary
    results: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0  # matching articles, of which `results` are the best MAX_RESULTS


def _validate(raw: str) -> tuple[str, str, list[str]]:
    """(shown query, error message, terms)."""
    text = " ".join(raw.split())
    if len(text) > MAX_QUERY_LENGTH:
        return "", f"Enter {MAX_QUERY_LENGTH} characters or fewer", []
    if not text:
        return "", "Enter a word to search for, for example metastasis", []
    found = list(dict.fromkeys(terms(text)))
    if not found:
        return text, "Enter a word to search for: your search had only punctuation or very common words", []
    return text, "", found[:MAX_QUERY_TERMS]


def search(reader: SearchReader, raw: str | None) -> SearchResult:
    if raw is None:
        return SearchResult()
    shown, error, wanted = _validate(raw)
    if error:
        return SearchResult(query=shown, asked=True, error=error)
    matched: dict[str, list[int]] = {}  # slug -> [terms matched, total score]
    for term in wanted:
        for slug, score in reader.search_postings(term, MAX_POSTINGS_PER_TERM):
            totals = matched.setdefault(slug, [0, 0])
            totals[0] += 1
            totals[1] += score
    # Articles with more of the reader's words first, then the ones most about them.
    ranked = sorted(matched, key=lambda slug: (-matched[slug][0], -matched[slug][1], slug))
    best = ranked[:MAX_RESULTS]
    cards = {card["slug"]: card for card in reader.article_cards(best)}
    results = [cards[slug] for slug in best if slug in cards]
    return SearchResult(query=shown, asked=True, results=results, total=len(ranked))
