"""Markdown to HTML at publish time (markdown-it-py, CommonMark + tables, raw HTML off).

The token stream is shared with the content lint, the contents list and the search index, so every
one of them reads the Markdown exactly as the page renders it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from readwell.articles import glossary as glossary_terms
from readwell.articles import hyphenation

_NOT_ID_CHARS = re.compile(r"[^a-z0-9]+")


def heading_id(text: str) -> str:
    return _NOT_ID_CHARS.sub("-", text.lower()).strip("-") or "section"


def _add_heading_ids(state: StateCore) -> None:
    """Give every heading a stable id so sections can be linked to."""
    seen: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        base = heading_id(tokens[index + 1].content)
        seen[base] = seen.get(base, 0) + 1
        token.attrSet("id", base if seen[base] == 1 else f"{base}-{seen[base]}")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML is off: authors write Markdown, and nothing they type becomes markup by accident.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.core.ruler.push("heading_ids", _add_heading_ids)
    md.core.ruler.push("glossary", glossary_terms.mark_first_uses)
    md.core.ruler.push("hyphenation", hyphenation.hyphenate_headings)
    return md


def render(text: str, glossary: glossary_terms.Glossary | None = None, language: str | None = None) -> str:
    """The HTML of `text`; with a glossary, the first use of each of its terms is linked to its entry; with a
    language, the long words of its headings get soft hyphens where that language breaks them."""
    env: dict[str, object] = {}
    if glossary is not None:
        env["glossary"] = glossary
    if language is not None:
        env["language"] = language
    return _parser().render(text, env)


def tokens(text: str) -> list[Token]:
    """Block tokens (with `map` line ranges, 0-based within `text`) and their inline children."""
    return _parser().parse(text)


def inline_text(inline: Token) -> str:
    """The words an inline token shows a reader (text and code, not markup)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def sections(text: str) -> list[dict[str, str]]:
    """The h2 headings in order, each with the id the rendered page gives it."""
    stream = tokens(text)
    return [
        {"id": str(token.attrGet("id") or ""), "text": inline_text(stream[index + 1])}
        for index, token in enumerate(stream)
        if token.type == "heading_open" and token.tag == "h2" and index + 1 < len(stream)
    ]


def plain_text(text: str) -> str:
    """The body as a reader hears it: one paragraph or heading per line, no markup."""
    return "\n".join(inline_text(token) for token in tokens(text) if token.type == "inline")
