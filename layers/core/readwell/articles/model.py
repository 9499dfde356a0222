"""The content model shared by loading, linting and publishing (serving a page reads plain dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from readwell.articles.glossary import GlossaryEntry

# Pages are in English (layout.html's lang). An article still carries its language to everything that depends
# on it (where words break), so pages in another language need only set it.
DEFAULT_LANGUAGE = "en"


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


@dataclass(frozen=True)
class ContentProblem:
    """One finding about a content file, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" stops a publish; "warning" is reported and published anyway

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def describe(self) -> str:
        """The compiler-style line editors and CI annotate: `path:line: severity: message`."""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Content that cannot be published; nothing is written."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
