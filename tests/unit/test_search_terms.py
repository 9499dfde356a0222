"""Search normalisation (case, accents, stemming, stop words) and query validation."""

from __future__ import annotations

from typing import Any

import pytest

from readwell.search import query
from readwell.search.terms import MAX_TERM_LENGTH, fold, terms


def test_case_and_accents_fold_to_the_same_terms() -> None:
    assert fold("Tumeur BÉNIGNE naïve") == "tumeur benigne naive"
    assert terms("Lymphédème") == terms("LYMPHEDEME")


@pytest.mark.parametrize(
    ("one", "other"),
    [("tumours", "tumour"), ("spreading", "spread"), ("Treatments", "treatment"), ("doctors", "Doctor")],
)
def test_simple_stemming_matches_word_forms(one: str, other: str) -> None:
    assert terms(one) == terms(other) != []


def test_stop_words_punctuation_and_markup_leave_only_words() -> None:
    assert terms("What is the <b>spread</b> of a tumour?!") == terms("spread tumour")
    assert terms("!!! ... ???") == []
    assert terms("the and of") == []


def test_over_long_runs_are_not_terms() -> None:
    assert terms("x" * (MAX_TERM_LENGTH + 1)) == []
    assert terms("a" * MAX_TERM_LENGTH) != []


class Recorder:
    """A SearchReader that remembers what it was asked, to show how much work a query causes."""

    def __init__(self, postings: dict[str, list[tuple[str, int]]] | None = None) -> None:
        self.postings = postings or {}
        self.asked: list[str] = []

    def search_postings(self, term: str, limit: int) -> list[tuple[str, int]]:
        self.asked.append(term)
        return self.postings.get(term, [])[:limit]

    def article_cards(self, slugs: list[str]) -> list[dict[str, Any]]:
        return [{"slug": slug, "title": slug.title(), "summary": "", "community": {"title": "C"}} for slug in slugs]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a word to search for"),
        ("   ", "Enter a word to search for"),
        ("x" * 10_000, "Enter 200 characters or fewer"),
        ("!!! ??? ...", "only punctuation or very common words"),
        ("<>&\"'", "only punctuation or very common words"),
    ],
)
def test_bad_queries_get_a_clear_message_and_cause_no_reads(raw: str, message: str) -> None:
    reader = Recorder()
    found = query.search(reader, raw)
    assert found.asked and message in found.error
    assert reader.asked == []
    assert len(found.query) <= query.MAX_QUERY_LENGTH


def test_no_query_at_all_is_a_blank_search_page() -> None:
    found = query.search(Recorder(), None)
    assert not found.asked and not found.error and found.results == []


def test_the_work_per_query_is_capped() -> None:
    reader = Recorder()
    query.search(reader, " ".join(f"w{n}" for n in range(40)))
    assert len(reader.asked) == query.MAX_QUERY_TERMS


def test_ranking_prefers_more_matched_words_then_higher_scores() -> None:
    [spread] = terms("spread")
    [tumour] = terms("tumour")
    reader = Recorder({spread: [("both", 1), ("loud", 40), ("quiet", 2)], tumour: [("both", 1)]})
    found = query.search(reader, "spread tumour")
    assert [r["slug"] for r in found.results] == ["both", "loud", "quiet"]
    assert found.total == 3
