"""Normalise text into search terms: case, accents, simple stemming (Snowball English)."""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer

MIN_TERM_LENGTH = 2
MAX_TERM_LENGTH = 40
_WORD = re.compile(r"\w+")
# Words too common to tell articles apart; a query made only of these has nothing to look for.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "no",
        "not",
        "of",
        "on",
        "or",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    }
)


_per_thread = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """One stemmer per thread: a Snowball stemmer keeps its working word in itself, so threads sharing
    one (concurrent publishes) corrupt each other's words mid-stem (IndexError inside snowballstemmer)."""
    if not hasattr(_per_thread, "stemmer"):
        _per_thread.stemmer = snowballstemmer.stemmer("english")
    return _per_thread.stemmer


def fold(text: str) -> str:
    """Lowercase without accents: 'Tumeur Bénigne' -> 'tumeur benigne'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The searchable words of `text`, folded, in order, stop words and over-long runs dropped."""
    return [
        word
        for word in _WORD.findall(fold(text))
        if MIN_TERM_LENGTH <= len(word) <= MAX_TERM_LENGTH and word not in STOP_WORDS and word != "_" * len(word)
    ]


def terms(text: str) -> list[str]:
    """Stemmed search terms: 'Metastases spreading' -> ['metastas', 'spread']."""
    found = words(text)
    return [str(stem) for stem in _stemmer().stemWords(found)] if found else []
