"""The content model shared by loading, publishing and page rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 100


def is_valid_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX_LENGTH and SLUG_PATTERN.fullmatch(value) is not None


@dataclass(frozen=True)
class SeeAlso:
    slug: str
    title: str
    line: int = 1


@dataclass(frozen=True)
class Community:
    slug: str
    title: str
    callout_name: str
    summary: str
    about_html: str
    path: str


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
    see_also: tuple[SeeAlso, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ContentSet:
    communities: tuple[Community, ...]
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class ContentProblem:
    """One finding about a content file, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content that cannot be published; nothing is written."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
