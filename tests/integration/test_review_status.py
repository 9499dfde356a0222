"""Review status on the article page: the overdue notice on the right days, the reviewer and the sources shown,
and the lint's warnings and errors on a publish (the site function in process, against moto)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.model import ContentError
from readwell.articles.publishing import publish
from tests.conftest import CONTENT
from tests.helpers import call

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
PAGE = f"/articles/{SLUG}"
DUE = date(2013, 9, 16)  # the reference article's next_review_due
NOTICE = (
    'Last reviewed on <time datetime="2010-09-16">16 September 2010</time>, and overdue for review since '
    '<time datetime="2013-09-16">16 September 2013</time>. Some of this information may be out of date, so please '
    "check anything important with your care team."
)


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def page_on(gateway: Gateway, day: date) -> str:
    """The article page as a reader gets it on `day` (the whole process's clock fixed there, moto's too)."""
    with time_machine.travel(day, tick=False):
        reply = call(gateway, "GET", PAGE)
    assert reply.status == 200
    return reply.text


@pytest.mark.parametrize(
    ("day", "overdue"),
    [(date(2013, 9, 15), False), (DUE, False), (date(2013, 9, 17), True), (date(2026, 1, 1), True)],
    ids=["the-day-before", "the-day-it-is-due", "the-day-after", "years-later"],
)
def test_the_overdue_notice_shows_only_once_the_review_date_has_passed(
    gateway: Gateway, day: date, overdue: bool
) -> None:
    page = page_on(gateway, day)
    assert (NOTICE in page) is overdue
    assert ('class="review-notice"' in page) is overdue


def test_the_notice_sits_after_the_title_and_before_the_summary(gateway: Gateway) -> None:
    page = page_on(gateway, date(2013, 9, 17))
    title, notice, summary = (page.index(marker) for marker in ("</h1>", NOTICE, 'id="plain-summary-heading"'))
    assert title < notice < summary
    # Nothing but white space between the title and the notice: it is the first thing read after the h1.
    assert re.fullmatch(r"\s*<p class=\"review-notice\">", page[title + len("</h1>") : notice])


def test_an_unreviewed_article_names_no_reviewer(gateway: Gateway) -> None:
    page = call(gateway, "GET", PAGE).text
    assert "Reviewed by" not in page


def copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def with_front_matter(root: Path, fields: str) -> Path:
    """The reference article with `fields` added to its front matter (test words, not a real reviewer)."""
    path = root / "articles" / f"{SLUG}.md"
    text = path.read_text()
    path.write_text(text.replace("\nsee_also:", f"\n{fields}see_also:", 1))
    return root


REVIEWED = (
    'reviewed_by: {name: "Test Reviewer", role: "test role"}\n'
    "sources:\n"
    '  - title: "A first test source"\n    url: "https://example.org/first"\n'
    '  - title: "A second test source"\n    url: "https://example.org/second?a=1&b=2"\n'
)


def test_the_reviewer_and_every_source_are_shown_as_published(content_repo: Any, aws: Account, tmp_path: Path) -> None:
    report = publish(load_content(with_front_matter(copy_content(tmp_path), REVIEWED)), content_repo)
    mine = [w for w in report.warnings if w.path == f"content/articles/{SLUG}.md"]
    assert not [w for w in mine if "reviewed_by" in w.message or "'sources'" in w.message]
    page = call(Gateway(aws), "GET", PAGE).text
    assert '<p class="reviewed-by"><strong>Reviewed by:</strong> Test Reviewer, test role</p>' in page
    assert '<h2 id="sources-heading">Sources</h2>' in page
    assert '<a href="https://example.org/first">A first test source</a>' in page
    assert '<a href="https://example.org/second?a=1&amp;b=2">A second test source</a>' in page
    assert page.index("Reviewed by") < page.index("sources-heading")


def test_publishing_warns_of_no_reviewer_and_no_sources_and_still_publishes(
    content_repo: Any, site_repo: Any, tmp_path: Path
) -> None:
    report = publish(load_content(copy_content(tmp_path)), content_repo, today=date(2013, 1, 1))
    mine = [w.message for w in report.warnings if w.path == f"content/articles/{SLUG}.md" and w.line == 1]
    assert [message.split(":")[0] for message in mine] == ["no 'reviewed_by'", "no 'sources'"]
    assert site_repo.get_article(SLUG) is not None


def test_a_source_that_is_not_https_stops_the_publish_and_writes_nothing(
    content_repo: Any, admin: Any, tmp_path: Path
) -> None:
    root = with_front_matter(copy_content(tmp_path), REVIEWED.replace("https://example.org/second", "http://x.org/"))
    with pytest.raises(ContentError) as raised:
        publish(load_content(root), content_repo)
    lines = (root / "articles" / f"{SLUG}.md").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "A second test source" in text)
    assert [str(problem) for problem in raised.value.problems] == [
        f"content/articles/{SLUG}.md:{line}: source 'A second test source' has the address "
        "'http://x.org/?a=1&b=2': use its https address"
    ]
    assert admin.scan(TableName="ContentTable")["Items"] == []
