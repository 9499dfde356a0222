"""One publish as a deploy runs it: write what changed, then make the edge forget those pages, losing nothing
between the two.

Behind an edge the paths are recorded as pending before anything changes them, and cleared only once
CloudFront took them (edge/invalidations.py): a retry, or the next deploy, sends what a failure left,
even when it has nothing new to write. A failure after something was written or recorded is raised as
WroteBeforeFailing, whose reason says what is kept (a rollback undoes none of it) and what the next run
will do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from readwell.articles.custom_resource import WroteBeforeFailing
from readwell.articles.model import ContentSet
from readwell.articles.publishing import PublishReport, PublishTarget, publish
from readwell.edge import invalidations

Invalidate = Callable[[list[str], str], str]  # (paths, reference) -> CloudFront's invalidation id


class Target(PublishTarget, invalidations.PendingStore, Protocol):
    """The content table: what publishing writes, and where the pending invalidation is kept."""


@dataclass
class Released:
    report: PublishReport
    invalidated: invalidations.Invalidation | None = None
    invalidation_id: str = ""


def release(
    content: ContentSet,
    target: Target,
    invalidate: Invalidate | None,
    site_changed: bool = False,
    new_reference: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> Released:
    """Publish `content`; with an edge (`invalidate`), have it forget what changed: everything when the site did."""
    released = Released(PublishReport())
    waiting: list[invalidations.Invalidation] = []  # what the edge must still forget, as last recorded
    published = False

    def note(paths: list[str]) -> None:
        if invalidate is not None:
            found = invalidations.record(target, paths, new_reference)
            waiting[:] = [found] if found else []

    try:
        note(invalidations.EVERYTHING if site_changed else [])  # and learn what an earlier run left pending
        publish(
            content,
            target,
            report=released.report,
            before_writing=lambda changes: note(invalidations.changed_paths(changes, content)),
        )
        published = True
        if waiting and invalidate is not None:
            released.invalidation_id = invalidations.send(target, waiting[0], invalidate)
            released.invalidated = waiting.pop()
    except Exception as error:
        if not (released.report.written or waiting):
            raise
        raise WroteBeforeFailing(error, _kept(released.report), _left(waiting, published)) from error
    return released


def after_rollback(
    target: invalidations.PendingStore,
    has_edge: bool,
    site_changed: bool,
    new_reference: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> str:
    """A rollback that moves the site back to its earlier version: the edge may hold pages the rolled-back version
    made, so every page is recorded as pending, for the next publish to send. Not sent now: the site's alias
    moves back only after this (PublishContent depends on it), and the edge would fetch the same pages again."""
    if not (has_edge and site_changed):
        return ""
    pending = invalidations.record(target, invalidations.EVERYTHING, new_reference)
    return f"The edge is to forget {', '.join(pending.paths) if pending else 'nothing'} at the next publish."


def _kept(report: PublishReport) -> str:
    if not report.written:
        return "nothing new was written"
    return f"{report.summary()} Written: {', '.join(report.written)}."


def _left(waiting: list[invalidations.Invalidation], published: bool) -> str:
    parts = [] if published else ["writing whatever of content/ the table does not hold yet"]
    parts += [
        f"invalidating {len(pending.paths)} edge paths ({', '.join(pending.paths)}), recorded as pending"
        for pending in waiting
    ]
    return "; ".join(parts) or "nothing"
