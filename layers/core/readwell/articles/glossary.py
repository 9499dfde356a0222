"""The glossary: unusual words and abbreviations explained in plain language (WCAG 3.1.3 and 3.1.4).

Publishing marks the first use of each term in each article as a link to its entry, and the first use
of each abbreviation with its expansion in the text as well as in `<abbr title>` (a title is not
announced by every screen reader, and never shown on touch screens). The marking is a markdown-it core
rule over the token stream, so headings, links and code are left alone exactly as the page renders them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from readwell.articles.inline_tokens import with_link_state

GLOSSARY_PATH = "/glossary"
LINK_CLASS = "glossary-term"
# Two or more capitals (digits allowed after the first letter): NCI, CUP, HER2. Roman numerals
# (Stage IV) are numbers, not abbreviations.
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\b")
_ROMAN_NUMERAL = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


@dataclass(frozen=True)
class GlossaryEntry:
    slug: str
    term: str
    definition_html: str
    source: str
    path: str = ""
    variants: tuple[str, ...] = field(default_factory=tuple)
    expansion: str = ""  # set for an abbreviation: the words its letters stand for

    @property
    def is_abbreviation(self) -> bool:
        return bool(self.expansion)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    @property
    def href(self) -> str:
        return entry_href(self.slug)


def entry_href(slug: str) -> str:
    return f"{GLOSSARY_PATH}#{slug}"


def abbreviations_in(text: str) -> list[str]:
    """The abbreviations a reader meets in `text`, in order (Roman numerals are not abbreviations)."""
    return [found for found in _ABBREVIATION.findall(text) if not _ROMAN_NUMERAL.fullmatch(found)]


class Glossary:
    """Finds glossary terms in text: longest form first, whole words, abbreviations in capitals only."""

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self._by_form: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                self._by_form[form if entry.is_abbreviation else form.lower()] = entry
        self._by_slug = {entry.slug: entry for entry in self.entries}
        self._expansions = {form: entry for entry in self.entries if entry.is_abbreviation for form in entry.forms}
        forms = sorted(self._by_form, key=len, reverse=True)
        alternatives = "|".join(re.escape(form) for form in forms)
        self._pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE) if forms else None

    def by_slug(self) -> dict[str, GlossaryEntry]:
        return self._by_slug  # built once: the lint asks for every link and every run of text

    def expansions(self) -> dict[str, GlossaryEntry]:
        """Each abbreviation (as written) and its entry."""
        return self._expansions

    def find(self, text: str) -> Iterator[tuple[int, int, GlossaryEntry]]:
        """(start, end, entry) of each glossary form in `text`, left to right, never overlapping."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            found = match.group(0)
            entry = self._by_form.get(found) or self._by_form.get(found.lower())
            if entry is not None and (not entry.is_abbreviation or found in entry.forms):
                yield match.start(), match.end(), entry


def mark_first_uses(state: StateCore) -> None:
    """markdown-it core rule: link the first use of each glossary entry; expand each abbreviation once.

    Runs only when the caller passes `env={"glossary": Glossary}`; headings, link text and code stay as
    written. An abbreviation already spelled out earlier in the article ("cancer of unknown primary
    origin (CUP)") is not expanded a second time.
    """
    glossary = state.env.get("glossary") if isinstance(state.env, dict) else None
    if not isinstance(glossary, Glossary):
        return
    used: set[str] = set()
    read_so_far: list[str] = []  # the text before the current point, to see if an expansion was written out
    in_heading = False
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and token.children is not None:
            if not in_heading:
                token.children = _mark_children(token.children, glossary, used, read_so_far)
            read_so_far.append(token.content.lower())


def _mark_children(children: list[Token], glossary: Glossary, used: set[str], read_so_far: list[str]) -> list[Token]:
    marked: list[Token] = []
    for child, plain_text in with_link_state(children):
        if not plain_text:
            marked.append(child)
            continue
        position = 0
        for start, end, entry in glossary.find(child.content):
            if entry.slug in used:
                continue
            used.add(entry.slug)
            marked.append(_text(child.content[position:start]))
            expansion = " ".join(entry.expansion.lower().split())
            written_out = entry.is_abbreviation and expansion in _before(read_so_far, marked)
            marked += _first_use(entry, child.content[start:end], explain=entry.is_abbreviation and not written_out)
            position = end
        marked.append(_text(child.content[position:]))
    return [token for token in marked if token.type != "text" or token.content]


def _before(read_so_far: list[str], marked: list[Token]) -> str:
    """Everything read up to here, in lower case with single spaces (an expansion may span a line break)."""
    here = "".join(token.content if token.type == "text" else " " for token in marked if token.type != "link_open")
    return " ".join(" ".join([*read_so_far, here]).lower().split())


def _first_use(entry: GlossaryEntry, written: str, explain: bool) -> list[Token]:
    link = Token("link_open", "a", 1)
    link.attrs = {"href": entry.href, "class": LINK_CLASS}
    inner = [_text(written)]
    if entry.is_abbreviation:
        abbr = Token("abbr_open", "abbr", 1)
        abbr.attrs = {"title": entry.expansion}
        inner = [abbr, *inner, Token("abbr_close", "abbr", -1)]
    tokens = [link, *inner, Token("link_close", "a", -1)]
    return [*tokens, _text(f" ({entry.expansion})")] if explain else tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


_ENTRY_LINK = re.compile(r'href="' + re.escape(GLOSSARY_PATH) + r'#([a-z0-9-]+)"')


def linked_entries(body_html: str, entries: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries a rendered article links to, in the order a reader meets them (a printed page defines them)."""
    by_slug = {entry.slug: entry for entry in entries}
    slugs = dict.fromkeys(_ENTRY_LINK.findall(body_html))
    return [by_slug[slug] for slug in slugs if slug in by_slug]
