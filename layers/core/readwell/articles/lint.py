"""Content lint: accessibility and editorial rules checked on every article before it is published.

Rules read the markdown-it token stream (the same one the page is rendered from), so a finding's
line is the Markdown line an editor fixes. Errors stop a publish; warnings are reported and published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from markdown_it.token import Token

from readwell.articles import markdown, reading_level
from readwell.articles.glossary import GLOSSARY_PATH, Glossary, abbreviations_in
from readwell.articles.model import Article, Community, ContentProblem, ContentSet, HelpPage
from readwell.articles.review import is_overdue

# Flesch-Kincaid grade 10 is roughly a reading age of 15-16; health writing aims lower.
DEFAULT_MAX_GRADE = 10.0
VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "read more", "more", "click", "link", "this link", "this", "learn more", "this page"}
)
_URL_IN_TEXT = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_ARTICLE_LINK = "/articles/"


@dataclass
class LintReport:
    problems: list[ContentProblem] = field(default_factory=list)
    grades: dict[str, float] = field(default_factory=dict)  # article path -> Flesch-Kincaid grade

    @property
    def errors(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Findings:
    def __init__(self, article: Article, report: LintReport) -> None:
        self.article = article
        self.report = report

    def error(self, line: int, message: str) -> None:
        self.report.problems.append(ContentProblem(self.article.path, line, message, "error"))

    def warning(self, line: int, message: str) -> None:
        self.report.problems.append(ContentProblem(self.article.path, line, message, "warning"))


def lint(content: ContentSet, today: date | None = None, max_grade: float = DEFAULT_MAX_GRADE) -> LintReport:
    report = LintReport()
    # A withdrawn article is no link target, and its text is no longer shown: nothing in it may hold up a withdrawal.
    known = {a.slug for a in content.articles if not a.withdrawn}
    communities = {c.slug: c for c in content.communities}
    glossary = Glossary(content.glossary)
    for article in (a for a in content.articles if a.withdrawn):
        _check_abbreviations(article.withdrawn_reason, 1, _Findings(article, report), glossary)
    for article in (a for a in content.articles if not a.withdrawn):
        found = _Findings(article, report)
        _check_body(article, found, _Known(known, glossary))
        _check_abbreviations_in_fields(article, found, glossary)
        _check_see_also(article, found, known)
        _check_policy(article, communities.get(article.community), found)
        _check_review(article, found, today or date.today())
        _check_reviewer(article, found)
        _check_sources(article, found)
        report.grades[article.path] = _check_grade(article, found, max_grade)
    if content.help is not None:
        _check_help(content.help, report, max_grade)
    return report


def _check_help(page: HelpPage, report: LintReport, max_grade: float) -> None:
    """The help page is read by someone who may be unwell or worried: as plain as an article, and with a telephone
    number a phone can call."""
    grade = reading_level.grade(page.body_markdown)
    report.grades[page.path] = grade
    if grade > max_grade:
        message = f"reading grade {grade:.1f} is above {max_grade:.0f}: use shorter sentences and everyday words"
        report.problems.append(ContentProblem(page.path, page.body_line, message, "error"))
    if "](tel:" not in page.body_markdown:
        message = "no telephone link: write each number as [1-800-422-6237](tel:+18004226237) so a phone can call it"
        report.problems.append(ContentProblem(page.path, page.body_line, message, "error"))


@dataclass(frozen=True)
class _Known:
    articles: set[str]
    glossary: Glossary


def _check_body(article: Article, found: _Findings, known: _Known) -> None:
    previous_level = 1  # the page title is the h1
    for token in markdown.tokens(article.body_markdown):
        line = article.body_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                found.error(
                    line, "a level 1 heading (#) in the body: the title is the page's only h1; use ## for sections"
                )
            elif level > previous_level + 1:
                found.error(
                    line, f"heading level skips from h{previous_level} to h{level}: use {'#' * (previous_level + 1)}"
                )
            previous_level = level
        elif token.type == "inline":
            _check_inline(token, line, found, known)


def _lines(children: list[Token], first_line: int) -> list[int]:
    """The file line of each inline child: a paragraph's soft and hard breaks start new lines."""
    lines, line = [], first_line
    for child in children:
        lines.append(line)
        if child.type in ("softbreak", "hardbreak"):
            line += 1
    return lines


def _links(children: list[Token]) -> Iterator[tuple[int, Token, str]]:
    """(position, link_open, the text it shows) for each link."""
    for index, child in enumerate(children):
        if child.type != "link_open":
            continue
        text = []
        for inner in children[index + 1 :]:
            if inner.type == "link_close":
                break
            if inner.type in ("text", "code_inline", "image"):
                text.append(inner.content)
        yield index, child, "".join(text).strip()


def _check_inline(inline: Token, first_line: int, found: _Findings, known: _Known) -> None:
    children = inline.children or []
    lines = _lines(children, first_line)
    in_link = False  # a URL inside a link's text is judged with the link below
    for child, line in zip(children, lines, strict=True):
        in_link = (in_link or child.type == "link_open") and child.type != "link_close"
        if child.type == "image" and not child.content.strip():
            src = child.attrGet("src")
            found.error(line, f"image '{src}' has no alt text: write ![what the image shows]({src})")
        elif child.type == "text" and not in_link and _URL_IN_TEXT.search(child.content):
            found.error(line, "a bare URL in the text: make it a link whose text names where it goes")
        if child.type == "text":
            _check_abbreviations(child.content, line, found, known.glossary)
    for index, link, text in _links(children):
        line = lines[index]
        href = str(link.attrGet("href") or "")
        words = " ".join(text.lower().strip(" .:!?").split())
        if link.markup == "autolink" or _URL_IN_TEXT.fullmatch(text) or text == href:
            found.error(line, f"link text is a bare URL ({href}): say where the link goes")
        elif words in VAGUE_LINK_TEXT:
            found.error(line, f"link text '{text}' does not say where the link goes")
        if href.startswith(_ARTICLE_LINK):
            slug = href[len(_ARTICLE_LINK) :].split("#")[0].split("?")[0].strip("/")
            if slug not in known.articles:
                found.warning(line, f"link to unknown article '{slug}'")
        if href.startswith(GLOSSARY_PATH + "#"):
            entry = href.partition("#")[2]
            if entry not in known.glossary.by_slug():
                found.error(line, f"link to glossary entry '{entry}', which does not exist in content/glossary/")


def _check_abbreviations(text: str, line: int, found: _Findings, glossary: Glossary) -> None:
    """WCAG 3.1.4: every abbreviation a reader meets has its expansion in the glossary, to be shown at first use."""
    expanded = glossary.expansions()
    for abbreviation in dict.fromkeys(abbreviations_in(text)):
        if abbreviation not in expanded:
            found.error(
                line,
                f"abbreviation '{abbreviation}' has no expansion: add content/glossary/{abbreviation.lower()}.md "
                "with 'term' and 'expansion'",
            )


def _check_abbreviations_in_fields(article: Article, found: _Findings, glossary: Glossary) -> None:
    for name in ("title", "summary", "plain_summary", "source", "disclaimer", "change_note"):
        _check_abbreviations(getattr(article, name), 1, found, glossary)


def _check_see_also(article: Article, found: _Findings, known: set[str]) -> None:
    for entry in article.see_also:
        if entry.slug not in known:
            found.warning(entry.line, f"see-also target '{entry.slug}' is not published; shown as plain text")


def _check_policy(article: Article, community: Community | None, found: _Findings) -> None:
    if community is None:
        return
    if community.requires_source and not article.source:
        found.error(1, f"community '{community.slug}' requires a 'source' on every article")
    if community.requires_disclaimer and not article.disclaimer:
        found.error(1, f"community '{community.slug}' requires a 'disclaimer' on every article")


def _check_review(article: Article, found: _Findings, today: date) -> None:
    if is_overdue(article.next_review_due, today):
        found.warning(
            article.next_review_line,
            f"review overdue: 'next_review_due' was {article.next_review_due.isoformat()}",
        )


def _check_reviewer(article: Article, found: _Findings) -> None:
    if article.reviewed_by is None:
        found.warning(
            1,
            "no 'reviewed_by': once a named person (a nurse, a doctor) has checked this article, add their "
            "name and role; never name anyone who has not",
        )


def _check_sources(article: Article, found: _Findings) -> None:
    if not article.sources:
        found.warning(1, "no 'sources': list the pages this article's facts come from, each a title and https url")
    for source in article.sources:
        address = urlsplit(source.url)
        if address.scheme != "https" or not address.hostname:
            found.error(source.line, f"source '{source.title}' has the address {source.url!r}: use its https address")


def _check_grade(article: Article, found: _Findings, max_grade: float) -> float:
    grade = reading_level.grade(article.body_markdown)
    if reading_level.needs_plain_summary(grade) and not article.plain_summary:
        found.error(
            article.body_line,
            f"reading grade {grade:.1f} (Flesch-Kincaid) needs more than lower secondary school "
            f"(grade {reading_level.PLAIN_SUMMARY_ABOVE_GRADE}): add a 'plain_summary' in everyday words "
            "to the front matter; the page shows it first",
        )
    if grade > max_grade:
        found.warning(
            article.body_line,
            f"reading grade {grade:.1f} (Flesch-Kincaid) is above the target of {max_grade:g}: "
            "shorter sentences and everyday words help tired readers",
        )
    return grade
