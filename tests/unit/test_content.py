"""Loading and validating content/: the real content loads; each kind of mistake is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from readwell.articles.content import load_content
from readwell.articles.model import ContentError
from readwell.articles.slugs import is_valid_slug
from tests.conftest import CONTENT

COMMUNITY = """---
title: "Test Community"
callout_name: "Test Community"
summary: "A community for tests."
---
About the test community.
"""

ARTICLE = """---
title: "A test article"
community: test-community
summary: "What the article is about."
published: 2020-01-02
published_by: An Editor
revised: 2020-02-03
revised_by: Another Editor
last_reviewed: 2020-02-03
next_review_due: 2099-02-03
---
Intro paragraph.

## A question?

An answer.
"""


def write_tree(root: Path, article: str = ARTICLE, name: str = "a-test-article") -> Path:
    (root / "communities").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "communities" / "test-community.md").write_text(COMMUNITY)
    (root / "articles" / f"{name}.md").write_text(article)
    return root


def problems_for(tmp_path: Path, article: str, name: str = "a-test-article") -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(write_tree(tmp_path / "content", article, name))
    return [str(p) for p in raised.value.problems]


def test_the_real_content_loads_with_the_reference_article() -> None:
    content = load_content(CONTENT)
    assert [c.title for c in content.communities] == ["Breast Cancer: Stage 3 & 4"]
    article = next(a for a in content.articles if a.slug == "metastatic-breast-cancer-metastasis-and-primary-cancer")
    assert article.title == "Metastatic Breast Cancer: Metastasis and Primary Cancer"
    assert str(article.published) == "2010-09-16" and article.published_by == "MedHelp Editor"
    assert str(article.revised) == "2010-09-16" and article.revised_by == "MedHelp Editor"
    assert article.source.startswith("Compiled from information from the National Cancer Institute")
    assert "does not necessarily represent endorsement" in article.disclaimer
    assert len(article.see_also) == 2
    words = article.body_html.replace("\u00ad", "")  # headings carry soft hyphens (test_hyphenation.py)
    for question in (
        "What is metastasis, and how does it happen?",
        "How does a doctor know whether a cancer is a primary or a metastatic tumor?",
        "Is it possible to have a metastatic tumor without having a primary cancer?",
    ):
        assert f">{question}</h2>" in words


def test_a_valid_tree_loads(tmp_path: Path) -> None:
    content = load_content(write_tree(tmp_path / "content"))
    assert content.articles[0].slug == "a-test-article"
    assert '<h2 id="a-question">A ques\u00adtion?</h2>' in content.articles[0].body_html


def test_missing_required_field_is_reported(tmp_path: Path) -> None:
    assert problems_for(tmp_path, ARTICLE.replace("revised_by: Another Editor\n", "")) == [
        "content/articles/a-test-article.md:1: missing required field 'revised_by'"
    ]


def test_bad_date_is_reported_on_its_line(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE.replace("published: 2020-01-02", "published: next tuesday"))
    assert found == ["content/articles/a-test-article.md:5: 'published' must be a date written as YYYY-MM-DD"]


def test_revised_before_published_is_reported(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE.replace("revised: 2020-02-03", "revised: 2019-02-03"))
    assert found == ["content/articles/a-test-article.md:7: 'revised' is earlier than 'published'"]


def test_unknown_community_is_reported(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE.replace("community: test-community", "community: nowhere"))
    assert found == ["content/articles/a-test-article.md:3: unknown community 'nowhere' (known: test-community)"]


def test_unknown_field_is_reported(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE.replace("summary:", "sumary:"))
    assert "content/articles/a-test-article.md:4: unknown field 'sumary'" in found[-1]


def test_bad_file_name_slug_is_reported(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE, name="Bad_Name")
    assert found[0].startswith("content/articles/Bad_Name.md:1: file name 'Bad_Name' is not a valid slug")


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    found = problems_for(tmp_path, ARTICLE.replace('summary: "What the article is about."', 'summary: "unclosed'))
    assert len(found) == 1 and found[0].startswith("content/articles/a-test-article.md:")
    assert "not valid YAML" in found[0]


def test_missing_front_matter_is_reported(tmp_path: Path) -> None:
    assert problems_for(tmp_path, "Just text.\n") == [
        "content/articles/a-test-article.md:1: missing YAML front matter (the file must start with a line '---')"
    ]


def test_raw_html_in_markdown_is_escaped(tmp_path: Path) -> None:
    content = load_content(write_tree(tmp_path / "content", ARTICLE + "\n<script>alert(1)</script>\n"))
    assert "<script>" not in content.articles[0].body_html
    assert "&lt;script&gt;" in content.articles[0].body_html


@pytest.mark.parametrize("slug", ["a", "metastatic-breast-cancer", "abc-123"])
def test_valid_slugs(slug: str) -> None:
    assert is_valid_slug(slug)


@pytest.mark.parametrize("slug", ["", "../x", "A", "a--b", "-a", "a-", "a_b", "%00", "é", "a" * 101, "a/b"])
def test_invalid_slugs(slug: str) -> None:
    assert not is_valid_slug(slug)
