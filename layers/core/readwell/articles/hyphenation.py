"""Soft hyphens in the long words of headings, put in at publish time.

Chromium on Linux has no hyphenation dictionary, so `hyphens: auto` does nothing there, and a heading word
wider than the line is torn wherever it overflows ("Metastati / c"). A soft hyphen (U+00AD) is invisible
until the line breaks at it, where it shows as a hyphen, in every browser. pyphen places them with the
LibreOffice hyphenation patterns of the text's language.

Only text that is read as words gets them: never link text (some screen readers spell out a word with a
soft hyphen in it, and a link's name is what they announce), code, or abbreviations.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from readwell.articles.inline_tokens import with_link_state

SOFT_HYPHEN = "\u00ad"
# The narrowest heading line the site supports is the h1 at 200% text on a 320 px screen: 256 px of 52 px
# bold type, 4.9 em. A bold letter averages about 0.6 em, so an average word of 8 letters is already as
# wide as that line, and one of 7 with wide letters ("hormone") is wider in DejaVu Sans, the font Linux
# browsers use. Shorter words always fit a line of their own, and the browser moves them down whole. They
# get no soft hyphens, because every soft hyphen is also a break the browser takes whenever the first part
# fits at a line's end: a word split across lines is harder to read, so it must buy something.
MIN_WORD_LENGTH = 7
# At least 2 letters before a break and 3 after it (TeX's English default): a line that starts with two
# letters of the word above ("ic", "is") reads as a word of its own.
_LEFT_MIN, _RIGHT_MIN = 2, 3
_WORD = re.compile(r"\w+")
_CAPITAL = re.compile(r"[A-Z]")


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen:
    """pyphen's patterns for a language tag ("en", "es", "en-GB"); "en" is pyphen's en_GB, which splits
    medical words at their parts ("meta-static", "dia-gnosis") where en_US leaves "metastatic" whole."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    if found is None:
        raise ValueError(f"no hyphenation patterns for the language {language!r}")
    return pyphen.Pyphen(lang=found, left=_LEFT_MIN, right=_RIGHT_MIN)


def _is_abbreviation(word: str) -> bool:
    """NCI, HER2, mRNA: read letter by letter or as written, so never split. Two capitals are enough."""
    return len(_CAPITAL.findall(word)) >= 2 or any(character.isdigit() for character in word)


def hyphenate(text: str, language: str) -> str:
    """`text` with soft hyphens at the break points of each word of MIN_WORD_LENGTH letters or more."""
    dictionary = _dictionary(language)

    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        if len(found) < MIN_WORD_LENGTH or _is_abbreviation(found):
            return found
        return dictionary.inserted(found, hyphen=SOFT_HYPHEN)

    return _WORD.sub(word, text)


def hyphenate_headings(state: StateCore) -> None:
    """markdown-it core rule: soft hyphens in the words of every heading, outside links and code.

    Runs only when the caller passes `env={"language": <tag>}`: the contents list, the search index and
    the lint read the same headings without it, as plain words.
    """
    language = state.env.get("language") if isinstance(state.env, dict) else None
    if not isinstance(language, str):
        return
    in_heading = False
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif in_heading and token.type == "inline" and token.children is not None:
            _hyphenate_text(token.children, language)


def _hyphenate_text(children: list[Token], language: str) -> None:
    for child, plain_text in with_link_state(children):
        if plain_text:
            child.content = hyphenate(child.content, language)
