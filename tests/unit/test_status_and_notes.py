"""The front matter of withdrawal and corrections: `status`, `withdrawn_reason`, `change_note`, each mistake named
`path:line: message`; and the lint's and the search index's view of a withdrawn article."""

from __future__ import annotations

from pathlib import Path

import pytest

from readwell.articles.content import CHANGE_NOTE_MAX_LENGTH, load_content
from readwell.articles.lint import lint
from readwell.articles.model import WITHDRAWN
from readwell.articles.withdrawal import missing_files
from tests.unit.test_content import ARTICLE, problems_for, write_tree

PATH = "content/articles/a-test-article.md"
LAST_FIELD = "next_review_due: 2099-02-03\n"


def with_fields(fields: str) -> str:
    """The test article with `fields` added after its last field: the first of them is on line 11."""
    return ARTICLE.replace(LAST_FIELD, LAST_FIELD + fields)


def test_a_withdrawn_article_without_a_reason_is_reported_on_its_status_line(tmp_path: Path) -> None:
    assert problems_for(tmp_path, with_fields("status: withdrawn\n")) == [
        f"{PATH}:11: a withdrawn article needs 'withdrawn_reason': plain words, shown to readers, saying why it was "
        "withdrawn"
    ]


def test_an_empty_reason_is_no_reason(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, with_fields('status: withdrawn\nwithdrawn_reason: " "\n'))
    assert problems == [f"{PATH}:12: 'withdrawn_reason' must be non-empty text"]


def test_an_unknown_status_is_reported_with_the_ones_there_are(tmp_path: Path) -> None:
    assert problems_for(tmp_path, with_fields("status: draft\n")) == [
        f"{PATH}:11: 'status' must be published or withdrawn, not 'draft'"
    ]


def test_a_change_note_over_the_limit_is_reported_with_the_limit(tmp_path: Path) -> None:
    note = "x" * (CHANGE_NOTE_MAX_LENGTH + 1)
    assert problems_for(tmp_path, with_fields(f"change_note: {note}\n")) == [
        f"{PATH}:11: 'change_note' is longer than {CHANGE_NOTE_MAX_LENGTH} characters"
    ]
    assert CHANGE_NOTE_MAX_LENGTH == 300


def test_a_note_at_the_limit_and_a_withdrawal_with_its_reason_load(tmp_path: Path) -> None:
    note = "x" * CHANGE_NOTE_MAX_LENGTH
    fields = f"status: withdrawn\nwithdrawn_reason: It was out of date.\nchange_note: {note}\n"
    [article] = load_content(write_tree(tmp_path / "content", with_fields(fields))).articles
    assert (article.status, article.withdrawn_reason, article.change_note) == (WITHDRAWN, "It was out of date.", note)
    assert article.withdrawn


def test_the_lint_holds_up_no_withdrawal_and_warns_of_a_see_also_to_a_withdrawn_article(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "content", with_fields("status: withdrawn\nwithdrawn_reason: Out of date.\n"))
    # A body the lint would refuse in a published article: a withdrawn one is not shown, so it may stay.
    text = (root / "articles" / "a-test-article.md").read_text().replace("Intro paragraph.", "![](scan.png)")
    (root / "articles" / "a-test-article.md").write_text(text)
    linking = ARTICLE.replace(LAST_FIELD, LAST_FIELD + "see_also:\n  - slug: a-test-article\n    title: T\n")
    (root / "articles" / "linking.md").write_text(linking)
    report = lint(load_content(root))
    assert report.errors == []
    assert [str(w) for w in report.warnings if "see-also" in w.message] == [
        "content/articles/linking.md:12: see-also target 'a-test-article' is not published; shown as plain text"
    ]


def test_missing_files_names_each_listed_article_without_a_file_by_where_its_file_was(tmp_path: Path) -> None:
    content = load_content(write_tree(tmp_path / "content"))
    listed = [{"slug": "gone", "title": "Gone away"}, {"slug": "a-test-article", "title": "A test article"}]
    assert [str(problem) for problem in missing_files(content, listed)] == [
        "content/articles/gone.md: 'Gone away' was published and has no file; to withdraw it, set status: withdrawn"
    ]


def test_content_check_says_when_it_did_not_compare_with_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    from local import content_check

    assert content_check.main([]) == 0
    assert "Not compared with what is published (set AWS_ENDPOINT_URL_DYNAMODB" in capsys.readouterr().out
