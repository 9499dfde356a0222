"""Walking a Markdown line's inline tokens: the publish-time rewrites (glossary links, soft hyphens) change only
plain text, never the text of a link (a screen reader may spell out a link's altered word)."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.token import Token


def with_link_state(children: list[Token]) -> Iterator[tuple[Token, bool]]:
    """Each inline token, and whether it is plain text outside any link."""
    link_depth = 0
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        yield child, child.type == "text" and not link_depth
