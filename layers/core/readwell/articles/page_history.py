"""An article's page history: every revision's date, author and change note, newest first, from ONE Query.

Publishing writes a small history line beside each revision (storage.content, SK=HISTORY#n), so the page
reads those, bounded to the newest SHOWN, and never the whole revisions.
"""

from __future__ import annotations

from typing import Any, Protocol

from readwell.articles.slugs import is_valid_slug

# The newest changes the page lists: one Query, whatever the article's age; older ones are kept, not listed.
SHOWN = 50


class HistoryReader(Protocol):
    def history(self, slug: str, newest: int) -> tuple[list[dict[str, Any]], bool]: ...


def history(content: HistoryReader, slug: str) -> dict[str, Any] | None:
    """What the history page shows, or None when the article has none (no such article)."""
    if not is_valid_slug(slug):
        return None
    lines, older = content.history(slug, SHOWN)
    if not lines:
        return None
    newest = lines[0]
    return {
        "slug": slug,
        "article_title": newest["title"],
        "community": newest["community"],
        "community_title": newest["community"]["title"],
        "changes": [
            _change(line, lines[position + 1] if position + 1 < len(lines) else None)
            for position, line in enumerate(lines)
        ],
        "older_not_shown": older,
        "shown_limit": SHOWN,
    }


def _change(line: dict[str, Any], before: dict[str, Any] | None) -> dict[str, str]:
    """One line: when, by whom, and what changed in plain words."""
    note = str(line.get("change_note", ""))
    if line.get("withdrawn_on"):
        reason = str(line.get("withdrawn_reason", ""))
        return {"date": line["withdrawn_on"], "by": line["revised_by"], "note": f"Withdrawn. {reason}".strip()}
    if before is not None and before.get("withdrawn_on"):
        what = "Published again."
    elif int(line.get("revision", 0)) == 1:
        what = "First published."
    else:
        what = "" if note else "Updated. No note was written about this change."
    return {"date": line["revised"], "by": line["revised_by"], "note": " ".join(part for part in (what, note) if part)}
