"""The content model shared by loading, linting and publishing (serving a page reads plain dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from readwell.articles.glossary import GlossaryEntry

# Pages are in English (layout.html's lang). An article still carries its language to everything that depends
# on it (where words break), so pages in another language need only set it.
DEFAULT_LANGUAGE = "en"
# An article's status: published (the default) or withdrawn (its address then answers 410 Gone).
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
STATUSES = (PUBLISHED, WITHDRAWN)


@dataclass(frozen=True)
class SeeAlso:
    slug: str
    title: str
    line: int = 1


@dataclass(frozen=True)
class Reviewer:
    """The named person who checked an article, and their role (shown as "Reviewed by")."""

    name: str
    role: str


@dataclass(frozen=True)
class Source:
    """A page an article's facts come from: its title and its https address."""

    title: str
    url: str
    line: int = 1


@dataclass(frozen=True)
class Community:
    slug: str
    title: str
    callout_name: str
    summary: str
    about_html: str
    path: str
    # Editorial policy: articles in this community must name their source / carry a disclaimer.
    requires_source: bool = False
    requires_disclaimer: bool = False


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    community: str
    summary: str
    published: date
    published_by: str
    revised: date
    revised_by: str
    body_html: str
    path: str
    source: str = ""
    disclaimer: str = ""
    # Required above the plain-language reading level (see articles.reading_level); shown first.
    plain_summary: str = ""
    see_also: tuple[SeeAlso, ...] = field(default_factory=tuple)
    last_reviewed: date = date.min
    next_review_due: date = date.min
    next_review_line: int = 1
    # The Markdown source and the file line it starts on, for the content lint.
    body_markdown: str = ""
    body_line: int = 1
    # The body's h2 sections ({"id", "text"}), for the "On this page" contents list.
    sections: tuple[dict[str, str], ...] = field(default_factory=tuple)
    # A language tag ("en", "es"): where the long words of its headings may break.
    language: str = DEFAULT_LANGUAGE
    # Who checked it (None until a real person has) and the pages its facts come from.
    reviewed_by: Reviewer | None = None
    sources: tuple[Source, ...] = field(default_factory=tuple)
    status: str = PUBLISHED
    # Plain words shown to readers at the withdrawn article's address (required when withdrawn).
    withdrawn_reason: str = ""
    # What this revision changed, in plain words; stored with the revision and shown as "Updated on".
    change_note: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.status == WITHDRAWN


@dataclass(frozen=True)
class HelpPage:
    """The "Getting help" page (/help), from content/help.md: who to contact, edited by the site's operators."""

    title: str
    summary: str
    body_markdown: str
    body_html: str
    path: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class ContentSet:
    communities: tuple[Community, ...]
    articles: tuple[Article, ...]
    glossary: tuple[GlossaryEntry, ...] = field(default_factory=tuple)
    help: HelpPage | None = None  # content/help.md, when the site has one
    # Where the article files are, as messages name them: a published article whose file is gone is named there.
    articles_folder: str = "content/articles"


@dataclass(frozen=True)
class ContentProblem:
    """One finding about a content file, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" stops a publish; "warning" is reported and published anyway
    # False for a file that is not there (no line to point at): printed as `path: message`.
    has_line: bool = True

    @property
    def _where(self) -> str:
        return f"{self.path}:{self.line}" if self.has_line else self.path

    def __str__(self) -> str:
        return f"{self._where}: {self.message}"

    def describe(self) -> str:
        """The compiler-style line editors and CI annotate: `path:line: severity: message`."""
        return f"{self._where}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Content that cannot be published; nothing is written."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
