"""The content lint: each rule with a failing and a passing fixture, reported as `path:line: message`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from local import content_check
from readwell.articles.content import load_content
from readwell.articles.lint import LintReport, lint
from readwell.articles.model import ContentError
from tests.conftest import CONTENT

PATH = "content/articles/an-article.md"
FRONT = """---
title: "An article"
community: a-community
summary: "What it is about."
published: 2020-01-02
published_by: An Editor
revised: 2020-02-03
revised_by: An Editor
last_reviewed: 2021-03-04
next_review_due: 2024-03-04
{extra}{reviewed}---
"""
# A reviewer and a source, so a fixture is clean unless it is about them (fixture words, not a real person).
REVIEWED = (
    'reviewed_by: {name: "A Reviewer", role: "A role"}\nsources: [{title: "A page", url: "https://example.org/a"}]\n'
)
BODY_LINE = 14  # the first body line of an article written with FRONT and no extra fields
SIMPLE_BODY = "We can help. You can read this.\n\n## What is it?\n\nIt is a test.\n"
# For fixtures whose few words read as hard (a URL is one long word): the body then starts a line later.
PLAIN = 'plain_summary: "A short plain summary."\n'


def write(
    root: Path,
    body: str = SIMPLE_BODY,
    extra: str = "",
    community_flags: str = "",
    others: tuple[str, ...] = (),
    reviewed: str = REVIEWED,
) -> Path:
    (root / "communities").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "communities" / "a-community.md").write_text(
        f'---\ntitle: "A community"\ncallout_name: "A community"\nsummary: "For tests."\n{community_flags}---\nAbout.\n'
    )
    (root / "articles" / "an-article.md").write_text(FRONT.format(extra=extra, reviewed=reviewed) + body)
    for slug in others:
        (root / "articles" / f"{slug}.md").write_text(FRONT.format(extra="", reviewed=REVIEWED) + SIMPLE_BODY)
    return root


def check(tmp_path: Path, body: str = SIMPLE_BODY, today: date = date(2023, 1, 1), **options: str) -> LintReport:
    return lint(load_content(write(tmp_path / "content", body, **options)), today=today, max_grade=12)


def found(report: LintReport) -> list[str]:
    return [p.describe() for p in report.problems]


def test_a_clean_article_has_no_findings_and_a_reading_grade(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert found(report) == []
    assert list(report.grades) == [PATH]


def test_image_without_alt_text_is_an_error_on_its_line(tmp_path: Path) -> None:
    report = check(tmp_path, "Intro.\n\n![](scan.png)\n")
    assert found(report) == [
        f"{PATH}:{BODY_LINE + 2}: error: image 'scan.png' has no alt text: write ![what the image shows](scan.png)"
    ]


def test_a_finding_inside_a_paragraph_names_its_own_line(tmp_path: Path) -> None:
    report = check(tmp_path, "Intro.\n\nA paragraph that\nruns over lines and\nsays [here](https://x.org/) at last.\n")
    assert [(p.line, p.severity) for p in report.problems] == [(BODY_LINE + 4, "error")]


def test_image_with_alt_text_passes(tmp_path: Path) -> None:
    assert found(check(tmp_path, "Intro.\n\n![A scan of the lungs](scan.png)\n")) == []


def test_an_h1_in_the_body_is_an_error(tmp_path: Path) -> None:
    report = check(tmp_path, "Intro.\n\n# A second title\n")
    assert [(p.line, p.severity) for p in report.problems] == [(BODY_LINE + 2, "error")]
    assert "level 1 heading" in report.problems[0].message


def test_a_skipped_heading_level_is_an_error(tmp_path: Path) -> None:
    report = check(tmp_path, "Intro.\n\n## Section\n\nText.\n\n#### Too deep\n")
    assert found(report) == [f"{PATH}:{BODY_LINE + 6}: error: heading level skips from h2 to h4: use ###"]


def test_a_body_starting_at_h3_skips_a_level(tmp_path: Path) -> None:
    assert "skips from h1 to h3" in found(check(tmp_path, "### Starts too deep\n"))[0]


def test_headings_in_order_pass(tmp_path: Path) -> None:
    assert found(check(tmp_path, "Intro.\n\n## Section\n\n### Part\n\n## Next section\n")) == []


@pytest.mark.parametrize("text", ["click here", "Here", "read more", "Read more."])
def test_vague_link_text_is_an_error(tmp_path: Path, text: str) -> None:
    report = check(tmp_path, f"For details [{text}](https://www.cancer.gov/).\n")
    assert found(report) == [f"{PATH}:{BODY_LINE}: error: link text '{text}' does not say where the link goes"]


@pytest.mark.parametrize(
    "body",
    [
        "See <https://www.cancer.gov/>.\n",
        "See [https://www.cancer.gov/](https://www.cancer.gov/).\n",
        "See https://www.cancer.gov/ for more.\n",
    ],
)
def test_a_bare_url_is_an_error(tmp_path: Path, body: str) -> None:
    report = check(tmp_path, body, extra=PLAIN)
    assert len(report.errors) == 1 and "bare URL" in report.errors[0].message
    assert report.errors[0].line == BODY_LINE + 1


def test_descriptive_link_text_passes(tmp_path: Path) -> None:
    assert (
        found(
            check(
                tmp_path,
                "Read the [National Cancer Institute's page on metastasis](https://www.cancer.gov/).\n",
                extra=PLAIN,
            )
        )
        == []
    )


def test_a_link_to_an_unknown_article_is_a_warning(tmp_path: Path) -> None:
    report = check(tmp_path, "Read [how scans work](/articles/how-scans-work).\n")
    assert found(report) == [f"{PATH}:{BODY_LINE}: warning: link to unknown article 'how-scans-work'"]
    assert report.errors == []


def test_a_link_to_a_known_article_passes(tmp_path: Path) -> None:
    report = check(tmp_path, "Read [how scans work](/articles/how-scans-work#tests).\n", others=("how-scans-work",))
    assert found(report) == []


def test_an_unknown_see_also_target_is_a_warning_and_a_known_one_passes(tmp_path: Path) -> None:
    extra = 'see_also:\n  - slug: known-one\n    title: "Known"\n  - slug: missing-one\n    title: "Missing"\n'
    report = check(tmp_path, extra=extra, others=("known-one",))
    assert found(report) == [f"{PATH}:14: warning: see-also target 'missing-one' is not published; shown as plain text"]


def test_a_community_that_requires_source_and_disclaimer_fails_articles_without_them(tmp_path: Path) -> None:
    report = check(tmp_path, community_flags="requires_source: true\nrequires_disclaimer: true\n")
    assert found(report) == [
        f"{PATH}:1: error: community 'a-community' requires a 'source' on every article",
        f"{PATH}:1: error: community 'a-community' requires a 'disclaimer' on every article",
    ]


def test_articles_with_the_required_source_and_disclaimer_pass(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        community_flags="requires_source: true\nrequires_disclaimer: true\n",
        extra='source: "The National Cancer Institute."\ndisclaimer: "Not medical advice."\n',
    )
    assert found(report) == []


def test_no_policy_means_source_and_disclaimer_are_optional(tmp_path: Path) -> None:
    assert found(check(tmp_path, community_flags="requires_source: false\n")) == []


HARD = (
    "Notwithstanding considerable methodological heterogeneity, contemporary epidemiological investigations "
    "consistently demonstrate statistically significant associations between socioeconomic deprivation and "
    "disproportionately unfavourable oncological prognostication across heterogeneous international populations.\n"
)


def test_a_reading_grade_above_the_target_is_a_warning(tmp_path: Path) -> None:
    report = check(tmp_path, HARD, extra=PLAIN)
    assert report.grades[PATH] > 12
    assert [(p.line, p.severity) for p in report.problems] == [(BODY_LINE + 1, "warning")]
    assert "reading grade" in report.problems[0].message and "above the target of 12" in report.problems[0].message


def test_a_plain_article_is_below_the_target(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert report.grades[PATH] < 12 and report.problems == []


def test_an_overdue_review_is_a_warning_on_the_next_review_line(tmp_path: Path) -> None:
    report = check(tmp_path, today=date(2024, 3, 5))
    assert found(report) == [f"{PATH}:10: warning: review overdue: 'next_review_due' was 2024-03-04"]


def test_a_review_due_today_is_not_overdue(tmp_path: Path) -> None:
    assert found(check(tmp_path, today=date(2024, 3, 4))) == []


def test_the_real_content_has_no_lint_errors() -> None:
    report = lint(load_content(CONTENT))
    assert report.errors == []
    assert all(0 < grade < 30 for grade in report.grades.values())


def test_content_check_exits_0_on_the_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert content_check.main([]) == 0
    out = capsys.readouterr().out
    assert "reading grade" in out and "0 error(s)" in out


def test_content_check_names_each_error_with_its_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path / "content", "Intro.\n\n![](scan.png)\n")
    assert content_check.main(["--content", str(root)]) == 1
    assert f"{PATH}:{BODY_LINE + 2}: error: image 'scan.png' has no alt text" in capsys.readouterr().err


def test_an_article_nobody_has_reviewed_and_with_no_sources_is_warned_not_stopped(tmp_path: Path) -> None:
    report = check(tmp_path, reviewed="")
    assert found(report) == [
        f"{PATH}:1: warning: no 'reviewed_by': once a named person (a nurse, a doctor) has checked this article, "
        "add their name and role; never name anyone who has not",
        f"{PATH}:1: warning: no 'sources': list the pages this article's facts come from, each a title and https url",
    ]
    assert report.errors == []


@pytest.mark.parametrize(
    "url",
    ["http://www.cancer.gov/types/metastatic-cancer", "ftp://x.org/a", "https://", "www.cancer.gov/a", "/glossary"],
)
def test_a_source_whose_address_is_not_https_is_an_error_on_its_line(tmp_path: Path, url: str) -> None:
    sources = (
        'reviewed_by: {name: "A Reviewer", role: "A role"}\n'
        f'sources:\n  - title: "Fine"\n    url: "https://example.org/"\n  - title: "Plain"\n    url: "{url}"\n'
    )
    report = check(tmp_path, reviewed=sources)
    assert found(report) == [f"{PATH}:15: error: source 'Plain' has the address {url!r}: use its https address"]


def test_the_reviewer_and_sources_are_read_from_the_front_matter(tmp_path: Path) -> None:
    article = load_content(write(tmp_path / "content")).articles[0]
    assert (article.reviewed_by.name, article.reviewed_by.role) == ("A Reviewer", "A role")  # type: ignore[union-attr]
    assert [(source.title, source.url) for source in article.sources] == [("A page", "https://example.org/a")]


@pytest.mark.parametrize(
    ("reviewed", "line", "message"),
    [
        (
            'reviewed_by: "Dr Someone"\n',
            11,
            "'reviewed_by' must have exactly 'name' and 'role' (for example a nurse's name)",
        ),
        ('reviewed_by: {name: "", role: "Nurse"}\n', 11, "'reviewed_by' needs a non-empty 'name' and 'role'"),
        ('sources: "https://example.org"\n', 11, "'sources' must be a list of {title, url} entries"),
        ("sources:\n  - url: https://example.org\n", 12, "sources entry 1 must have exactly 'title' and 'url'"),
    ],
)
def test_a_malformed_reviewer_or_source_list_is_an_error_naming_its_line(
    tmp_path: Path, reviewed: str, line: int, message: str
) -> None:
    with pytest.raises(ContentError) as raised:
        load_content(write(tmp_path / "content", reviewed=reviewed))
    assert [str(problem) for problem in raised.value.problems] == [f"{PATH}:{line}: {message}"]


def test_a_review_dated_after_the_next_review_date_is_an_error_on_that_line(tmp_path: Path) -> None:
    root = write(tmp_path / "content")
    article = root / "articles" / "an-article.md"
    article.write_text(article.read_text().replace("last_reviewed: 2021-03-04", "last_reviewed: 2024-05-01"))
    with pytest.raises(ContentError) as raised:
        load_content(root)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{PATH}:10: 'next_review_due' must be after 'last_reviewed'"
    ]
