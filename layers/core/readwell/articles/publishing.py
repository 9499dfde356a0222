"""Publish a validated ContentSet into the content table, idempotently.

The content lint runs first: any error stops the publish before anything is written, and so does a
published article whose file is gone (articles.withdrawal). Unchanged content writes nothing; a changed
article gets revision n+1 (REV#n+1, its HISTORY#n+1 line) and a new CURRENT, written together in one
transaction so an interrupted or concurrent publish never leaves a duplicate or half-written revision.
Then the search index is brought in line. No article is ever deleted: a withdrawn one is a new revision
that its lists, the search index and every see-also leave out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from readwell.articles import help_publishing, hyphenation, reading_level, withdrawal
from readwell.articles.glossary import GlossaryEntry, linked_entries
from readwell.articles.lint import DEFAULT_MAX_GRADE, lint
from readwell.articles.model import Article, Community, ContentError, ContentProblem, ContentSet
from readwell.search.index import IndexTarget, index_articles
from readwell.storage import limits

ArticleRecord = dict[str, Any]
CommunityRecord = dict[str, Any]
GlossaryRecord = dict[str, Any]


class PublishTarget(IndexTarget, help_publishing.HelpTarget, Protocol):
    """What publishing needs from storage (implemented by storage.content.ContentRepository)."""

    def current_hashes(self, kind: str, slugs: list[str]) -> dict[str, tuple[str, int]]: ...

    def put_communities(self, records: list[CommunityRecord]) -> int: ...

    def oversized(self, revisions: list[tuple[ArticleRecord, int]]) -> dict[str, int]: ...

    def put_article_revisions(self, revisions: list[tuple[ArticleRecord, int]]) -> list[str]: ...

    def glossary_hash(self) -> str: ...

    def listed_articles(self) -> list[ArticleRecord]: ...

    def glossary_size(self, record: GlossaryRecord) -> int: ...

    def put_glossary(self, record: GlossaryRecord) -> None: ...


@dataclass
class PublishReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[ContentProblem] = field(default_factory=list)
    grades: dict[str, float] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)
    writes: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.written)} published, {len(self.unchanged)} unchanged, "
            f"{len(self.indexed)} (re)indexed for search, {self.writes} items written."
        )


def content_hash(record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def community_record(community: Community) -> CommunityRecord:
    return {
        "slug": community.slug,
        "title": community.title,
        "callout_name": community.callout_name,
        "summary": community.summary,
        "about_html": community.about_html,
    }


def glossary_record(entries: tuple[GlossaryEntry, ...]) -> GlossaryRecord:
    """The whole glossary page, A to Z, so it is one GetItem."""
    ordered = sorted(entries, key=lambda entry: (entry.term.casefold(), entry.slug))
    return {
        "entries": [
            {
                "slug": entry.slug,
                "term": entry.term,
                "expansion": entry.expansion,
                "definition_html": entry.definition_html,
                "source": entry.source,
            }
            for entry in ordered
        ]
    }


def article_record(article: Article, content: ContentSet, published: dict[str, Article] | None = None) -> ArticleRecord:
    """Everything one article page needs, so a page view is a single GetItem.

    An unpublished see-also target is kept as plain text (the lint warns about it). `published` is
    the articles by slug: publish() builds it once (per article it made publishing quadratic).
    """
    published = published if published is not None else {a.slug: a for a in content.articles}
    community = next(c for c in content.communities if c.slug == article.community)
    see_also = []
    for entry in article.see_also:
        target = published.get(entry.slug)
        # A withdrawn target is plain text, as an unpublished one is, and says it was withdrawn.
        shown = target if target and not target.withdrawn else None
        see_also.append(
            {"slug": entry.slug, "title": shown.title if shown else entry.title, "published": shown is not None}
            | ({"withdrawn": True} if target and target.withdrawn else {})
        )
    grade = reading_level.grade(article.body_markdown)
    return {
        "slug": article.slug,
        "title": article.title,
        # The title as the page's h1 shows it, with soft hyphens; every other use (lists, links, <title>,
        # breadcrumbs, the feed, structured data) takes the plain title.
        "heading": hyphenation.hyphenate(article.title, article.language),
        "summary": article.summary,
        "plain_summary": article.plain_summary,
        "reading_grade": f"{grade:.1f}",  # text: DynamoDB takes no floats, and the hash must be stable
        "reading_level": reading_level.describe(grade),
        "community": {"slug": community.slug, "title": community.title, "callout_name": community.callout_name},
        "published": article.published.isoformat(),
        "published_by": article.published_by,
        "revised": article.revised.isoformat(),
        "revised_by": article.revised_by,
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review_due": article.next_review_due.isoformat(),
        "sections": [dict(section) for section in article.sections],
        "source": article.source,
        "disclaimer": article.disclaimer,
        "see_also": see_also,
        "body_html": article.body_html,
        "reviewed_by": {"name": article.reviewed_by.name, "role": article.reviewed_by.role}
        if article.reviewed_by
        else {},
        "sources": [{"title": source.title, "url": source.url} for source in article.sources],
        # Each glossary word the body links to, defined, so the printed page explains it without the site
        # (and the page stays one GetItem): a changed definition rewrites the articles that use it.
        "words_used": [
            {
                "slug": entry.slug,
                "term": entry.term,
                "expansion": entry.expansion,
                "definition_html": entry.definition_html,
            }
            for entry in linked_entries(article.body_html, content.glossary)
        ],
    } | _status_fields(article)


def _status_fields(article: Article) -> ArticleRecord:
    """Only what is set: an article without them keeps the content hash it was published with."""
    fields: ArticleRecord = {"change_note": article.change_note} if article.change_note else {}
    if article.withdrawn:
        fields |= {"status": article.status, "withdrawn_reason": article.withdrawn_reason}
    return fields


def publish(
    content: ContentSet,
    target: PublishTarget,
    today: date | None = None,
    max_grade: float = DEFAULT_MAX_GRADE,
    report: PublishReport | None = None,
    before_writing: Callable[[list[str]], None] | None = None,
) -> PublishReport:
    """Lint, find what changed, check it fits DynamoDB, and only then write: a failed check writes nothing.

    `before_writing(changes)` is told what is about to be written ("article <slug>", "community <slug>",
    "glossary"), before the first write. `report`, when given, is filled in as the writes succeed, so a
    caller still knows what was written when a later write fails.
    """
    checked = lint(content, today, max_grade)
    refused = checked.errors + withdrawal.missing_files(content, target.listed_articles())
    if refused:
        raise ContentError(refused)
    report = report if report is not None else PublishReport()
    report.warnings, report.grades = checked.warnings, checked.grades
    communities = [community_record(c) for c in content.communities]
    by_slug = {a.slug: a for a in content.articles}
    articles = [article_record(a, content, by_slug) for a in content.articles]

    known = target.current_hashes("community", [c["slug"] for c in communities])
    changed_communities = []
    for record in communities:
        record["content_hash"] = content_hash(record)
        if known.get(record["slug"], ("", 0))[0] == record["content_hash"]:
            report.unchanged.append(f"community {record['slug']}")
        else:
            changed_communities.append(record)
    current = target.current_hashes("article", [a["slug"] for a in articles])
    pending: list[tuple[ArticleRecord, int]] = []
    for record in articles:
        record["content_hash"] = content_hash(record)
        old_hash, old_revision = current.get(record["slug"], ("", 0))
        if old_hash == record["content_hash"]:
            report.unchanged.append(f"article {record['slug']}")
        else:
            # The day it was withdrawn, outside the hash: publishing again another day is no new revision.
            withdrawn_on = {"withdrawn_on": (today or date.today()).isoformat()} if "withdrawn_reason" in record else {}
            pending.append((record | withdrawn_on, old_revision))
    too_large = target.oversized(pending)
    if too_large:
        raise ContentError([_too_large(by_slug[slug].path, size) for slug, size in too_large.items()])
    glossary = glossary_record(content.glossary)
    glossary["content_hash"] = content_hash(glossary)
    stored = target.glossary_hash()
    # A site with no glossary yet writes none (the page then says it is empty).
    glossary_changed = stored != glossary["content_hash"] and bool(stored or content.glossary)
    glossary_bytes = target.glossary_size(glossary) if glossary_changed else 0
    if glossary_bytes > limits.MAX_ITEM_BYTES:
        raise ContentError([_too_large("content/glossary", glossary_bytes)])

    changes = [f"community {c['slug']}" for c in changed_communities] + [f"article {r['slug']}" for r, _ in pending]
    changes += ["glossary"] if glossary_changed else []
    help_page = help_publishing.help_record(content, content_hash)
    help_changed = help_publishing.changed(help_page, target)
    changes += [help_publishing.WRITTEN] if help_changed else []
    if changes and before_writing is not None:
        before_writing(changes)
    report.writes += target.put_communities(changed_communities)
    report.written += [f"community {c['slug']}" for c in changed_communities]
    written = target.put_article_revisions(pending)
    report.writes += 2 * len(written)
    report.written += [f"article {slug}" for slug in written]
    report.unchanged += [f"article {r['slug']}" for r, _ in pending if r["slug"] not in written]
    if glossary_changed:
        target.put_glossary(glossary)
        report.writes += 1
        report.written.append("glossary")
    elif content.glossary:
        report.unchanged.append("glossary")
    if help_changed and help_page is not None:
        target.put_help(help_page)
        report.writes += 1
        report.written.append(help_publishing.WRITTEN)
    elif help_page is not None:
        report.unchanged.append(help_publishing.WRITTEN)
    indexed = index_articles(content.articles, target)
    report.indexed = indexed.indexed
    report.writes += indexed.writes
    return report


def _too_large(path: str, size: int) -> ContentProblem:
    kib = limits.KIB
    what, remedy = (
        ("the glossary", "shorten its definitions")
        if "glossary" in path
        else ("the article", "split it into shorter articles")
    )
    return ContentProblem(
        path,
        1,
        f"{what} is {size / kib:,.0f} KB as stored; DynamoDB items are limited to "
        f"{limits.MAX_ITEM_BYTES // kib} KB: {remedy}",
    )
