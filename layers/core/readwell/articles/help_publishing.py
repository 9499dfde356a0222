"""Publishing the "Getting help" page (content/help.md) as one item, so /help is one GetItem; beside the
articles, the communities and the glossary, and like the glossary written only when it changed."""

from __future__ import annotations

from typing import Any, Protocol

from readwell.articles.model import ContentSet

HelpRecord = dict[str, Any]
WRITTEN = "help"  # what a publish reports, and what edge/invalidations.py invalidates /help for


class HelpTarget(Protocol):
    """What publishing the help page needs from storage (storage.content.ContentRepository)."""

    def help_hash(self) -> str: ...

    def put_help(self, record: HelpRecord) -> None: ...


def help_record(content: ContentSet, content_hash: Any) -> HelpRecord | None:
    """The stored page with its hash; None when the site has no help page."""
    page = content.help
    if page is None:
        return None
    record: HelpRecord = {"title": page.title, "summary": page.summary, "body_html": page.body_html}
    record["content_hash"] = content_hash(record)
    return record


def changed(record: HelpRecord | None, target: HelpTarget) -> bool:
    return record is not None and target.help_hash() != record["content_hash"]
