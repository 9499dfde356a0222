"""Markdown to HTML at publish time (markdown-it-py, CommonMark + tables, raw HTML off)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

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
    return md


def render(text: str) -> str:
    return _parser().render(text)
