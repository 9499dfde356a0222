"""Which pages a publish changed, so the edge cache drops exactly those, and never loses track of them.

An article's page changes with it, and its page history; so do the lists and discovery files that show its
title or summary (home, its community, the sitemap, the feed, search results), whether it came, changed or was
withdrawn. An article whose see-also shows it changes too (its title, or plain text once withdrawn), and so is
written, and invalidated, as a change of its own. A community's change shows on its own
page and on the home page; the glossary's on /glossary. Nothing changed: nothing to invalidate.

The paths are recorded as a pending invalidation before the pages change (PendingStore: the content
table), and the record is cleared only once CloudFront has accepted the invalidation. A publish that
fails between the two, or whose invalidation CloudFront refuses, leaves the record, and the next
publish (CloudFormation's retry, the next deploy) sends it even when it has nothing new to write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

SHOWS_EVERY_ARTICLE = ("/", "/sitemap.xml", "/feed.xml", "/search*")
# CloudFront's limit on paths in one invalidation with wildcards (15 in progress per distribution): past
# it, one wildcard does the job.
MAX_PATHS = 15
EVERYTHING = ["/*"]


class Placed(Protocol):
    """An article as far as its paths go: its own, and its community's."""

    @property
    def slug(self) -> str: ...

    @property
    def community(self) -> str: ...


class Published(Protocol):
    """The content a publish wrote from (articles.model.ContentSet)."""

    @property
    def articles(self) -> Sequence[Placed]: ...


def changed_paths(written: list[str], content: Published) -> list[str]:
    """The paths to invalidate for a publish that wrote `written` ("article <slug>", "community <slug>", "glossary",
    "help")."""
    community_of = {article.slug: article.community for article in content.articles}
    paths: list[str] = []
    for what in written:
        kind, _, slug = what.partition(" ")
        if kind == "article":
            paths += [
                f"/articles/{slug}",
                f"/articles/{slug}/history",
                f"/communities/{community_of.get(slug, '')}",
                *SHOWS_EVERY_ARTICLE,
            ]
        elif kind == "community":
            paths += [f"/communities/{slug}", "/"]
        elif kind == "glossary":
            paths.append("/glossary")
        elif kind == "help":
            paths.append("/help")
    unique = list(dict.fromkeys(path for path in paths if not path.endswith("/communities/")))
    return unique if len(unique) <= MAX_PATHS else EVERYTHING


@dataclass(frozen=True)
class Invalidation:
    """Paths the edge must forget; `reference` is CloudFront's CallerReference, so a resend is not a second one."""

    paths: tuple[str, ...]
    reference: str


class PendingStore(Protocol):
    """Where the invalidation not yet accepted by CloudFront is kept (storage.content.ContentRepository)."""

    def pending_invalidation(self) -> tuple[list[str], str] | None: ...

    def record_pending_invalidation(self, paths: list[str], reference: str) -> None: ...

    def clear_pending_invalidation(self, reference: str) -> None: ...


def merged(pending: Sequence[str], new: Sequence[str]) -> list[str]:
    """The paths of both, once each; one wildcard when either is everything or together they pass the limit."""
    paths = list(dict.fromkeys([*pending, *new]))
    return EVERYTHING if EVERYTHING[0] in paths or len(paths) > MAX_PATHS else paths


def pending(store: PendingStore) -> Invalidation | None:
    found = store.pending_invalidation()
    return Invalidation(tuple(found[0]), found[1]) if found else None


def record(store: PendingStore, paths: Sequence[str], new_reference: Callable[[], str]) -> Invalidation | None:
    """Record `paths` (with whatever is pending already) before the pages change; returns what is now pending.

    An unchanged batch keeps its reference: CloudFront then takes a resend as the same invalidation.
    """
    before = pending(store)
    if not paths:
        return before
    wanted = tuple(merged(before.paths if before else (), paths))
    if before is not None and before.paths == wanted:
        return before
    invalidation = Invalidation(wanted, new_reference())
    store.record_pending_invalidation(list(invalidation.paths), invalidation.reference)
    return invalidation


def send(store: PendingStore, invalidation: Invalidation, create: Callable[[list[str], str], str]) -> str:
    """Ask the edge to forget the paths (`create(paths, reference)`); clear the record only once it accepted."""
    sent = create(list(invalidation.paths), invalidation.reference)
    store.clear_pending_invalidation(invalidation.reference)
    return sent
