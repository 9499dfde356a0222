"""Publishing into the content table under moto: idempotent, revisioned, all-or-nothing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from readwell.articles.content import load_content
from readwell.articles.model import ContentError
from readwell.articles.publishing import publish
from tests.conftest import CONTENT
from tests.reliability.tables import snapshot
from tests.support.dynamodb_calls import dynamodb_calls

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
OVERVIEW = "metastatic-breast-cancer-overview"
RISKS = "metastatic-breast-cancer-risk-factors-detection-prognosis-prevention"


def all_items(admin: Any) -> list[dict[str, Any]]:
    return admin.scan(TableName="ContentTable")["Items"]


def copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def test_first_publish_writes_communities_articles_and_revision_one(content_repo: Any, site_repo: Any) -> None:
    report = publish(load_content(CONTENT), content_repo)
    assert report.written == [
        "community breast-cancer-stage-3-4",
        f"article {SLUG}",
        f"article {OVERVIEW}",
        f"article {RISKS}",
        "glossary",
        "help",
    ]
    article = site_repo.get_article(SLUG)
    assert article["revision"] == 1
    assert [r["revision"] for r in site_repo.revisions(SLUG)] == [1]
    assert site_repo.list_articles("breast-cancer-stage-3-4")[0]["slug"] == SLUG


def test_the_stored_article_has_a_plain_title_and_a_hyphenated_heading(content_repo: Any, site_repo: Any) -> None:
    publish(load_content(CONTENT), content_repo)
    article = site_repo.get_article(SLUG)
    assert article["title"] == "Metastatic Breast Cancer: Metastasis and Primary Cancer"
    assert article["heading"] == "Meta\u00adstatic Breast Cancer: Meta\u00adstasis and Primary Cancer"
    assert "What is meta\u00adstasis, and how does it happen?</h2>" in article["body_html"]
    listed = [entry["title"] for entry in site_repo.list_articles("breast-cancer-stage-3-4")]
    assert article["title"] in listed and len(listed) == 3
    assert not [title for title in listed if "\u00ad" in title]


def test_unchanged_content_writes_nothing(content_repo: Any, admin: Any) -> None:
    publish(load_content(CONTENT), content_repo)
    before = all_items(admin)
    with dynamodb_calls(content_repo.client) as calls:
        report = publish(load_content(CONTENT), content_repo)
    assert report.written == [] and report.writes == 0
    assert set(calls) <= {"BatchGetItem", "GetItem", "Query"}, calls  # Query: what is listed, so nothing is lost
    assert all_items(admin) == before


def test_a_changed_article_gets_a_new_revision_and_keeps_the_old(
    content_repo: Any, tmp_path: Path, site_repo: Any
) -> None:
    content = copy_content(tmp_path)
    publish(load_content(content), content_repo)
    path = content / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("revised: 2010-09-16", "revised: 2011-01-05"))
    report = publish(load_content(content), content_repo)
    assert report.written == [f"article {SLUG}"]
    current = site_repo.get_article(SLUG)
    assert current["revision"] == 2 and current["revised"] == "2011-01-05"
    assert [(r["revision"], r["revised"]) for r in site_repo.revisions(SLUG)] == [
        (1, "2010-09-16"),
        (2, "2011-01-05"),
    ]


def test_a_published_article_whose_file_is_gone_stops_the_publish_and_nothing_is_written(
    content_repo: Any, tmp_path: Path, site_repo: Any, admin: Any
) -> None:
    content = copy_content(tmp_path)
    publish(load_content(content), content_repo)
    (content / "articles" / f"{SLUG}.md").unlink()
    entry = content / "glossary" / "tumor.md"  # a change that would be written, were the publish not refused
    entry.write_text(entry.read_text().rstrip() + " Changed.\n")
    before = snapshot(admin)
    with pytest.raises(ContentError) as raised:
        publish(load_content(content), content_repo)
    assert str(raised.value) == (
        f"content/articles/{SLUG}.md: 'Metastatic Breast Cancer: Metastasis and Primary Cancer' was published and "
        "has no file; to withdraw it, set status: withdrawn"
    )
    assert snapshot(admin) == before
    assert site_repo.get_article(SLUG) is not None


def test_a_malformed_file_fails_the_publish_and_writes_nothing(content_repo: Any, tmp_path: Path, admin: Any) -> None:
    content = copy_content(tmp_path)
    path = content / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("published: 2010-09-16", "published: someday"))
    with pytest.raises(ContentError) as raised:
        publish(load_content(content), content_repo)
    assert str(raised.value) == f"content/articles/{SLUG}.md:5: 'published' must be a date written as YYYY-MM-DD"
    assert all_items(admin) == []


def test_the_reference_articles_see_also_targets_are_published_with_their_own_titles(
    content_repo: Any, site_repo: Any
) -> None:
    report = publish(load_content(CONTENT), content_repo)
    assert [w for w in report.warnings if "see-also" in w.message] == []
    assert site_repo.get_article(SLUG)["see_also"] == [
        {"slug": OVERVIEW, "title": "Metastatic Breast Cancer: Overview", "published": True},
        {
            "slug": RISKS,
            "title": "Metastatic Breast Cancer: Risk factors, detection, prognosis, prevention",
            "published": True,
        },
    ]


def test_an_unpublished_see_also_target_is_a_warning_and_plain_text(
    content_repo: Any, tmp_path: Path, site_repo: Any
) -> None:
    content = copy_content(tmp_path)
    (content / "articles" / f"{RISKS}.md").unlink()
    report = publish(load_content(content), content_repo)
    assert [str(w) for w in report.warnings if "see-also" in w.message] == [
        f"content/articles/{SLUG}.md:17: see-also target '{RISKS}' is not published; shown as plain text",
        f"content/articles/{OVERVIEW}.md:22: see-also target '{RISKS}' is not published; shown as plain text",
    ]
    assert [entry["published"] for entry in site_repo.get_article(SLUG)["see_also"]] == [True, False]


def test_a_see_also_entry_shows_its_targets_own_title(content_repo: Any, tmp_path: Path, site_repo: Any) -> None:
    content = copy_content(tmp_path)
    path = content / "articles" / f"{SLUG}.md"
    path.write_text(path.read_text().replace('title: "Metastatic Breast Cancer: Overview"', 'title: "An old name"'))
    publish(load_content(content), content_repo)
    entry = site_repo.get_article(SLUG)["see_also"][0]
    assert entry == {"slug": OVERVIEW, "title": "Metastatic Breast Cancer: Overview", "published": True}


def test_a_changed_definition_rewrites_the_glossary_and_the_articles_that_define_it_in_print(
    content_repo: Any, tmp_path: Path, site_repo: Any
) -> None:
    """An article's printed "Words used" holds the definitions of the words it links, so the page stays one
    GetItem; a changed definition is then a new revision of each article that uses the word."""
    root = copy_content(tmp_path)
    publish(load_content(root), content_repo)
    entry = root / "glossary" / "tumor.md"
    entry.write_text(entry.read_text().rstrip() + " Most tumors are found by a scan or a lump.\n")
    report = publish(load_content(root), content_repo)
    using_tumor = [a.slug for a in load_content(root).articles if 'href="/glossary#tumor"' in a.body_html]
    assert SLUG in using_tumor
    assert report.written == [*(f"article {slug}" for slug in using_tumor), "glossary"]
    assert "found by a scan" in str(site_repo.get_glossary())
    words = {word["slug"]: word for word in site_repo.get_article(SLUG)["words_used"]}
    assert "found by a scan" in words["tumor"]["definition_html"]


def test_a_new_definition_no_article_uses_rewrites_the_glossary_alone(
    content_repo: Any, tmp_path: Path, site_repo: Any
) -> None:
    root = copy_content(tmp_path)
    publish(load_content(root), content_repo)
    (root / "glossary" / "zebrafish.md").write_text('---\nterm: "Zebrafish"\nsource: "Tests"\n---\nA small fish.\n')
    report = publish(load_content(root), content_repo)
    assert report.written == ["glossary"] and report.writes == 1


def test_a_glossary_over_the_item_limit_fails_before_anything_is_written(
    content_repo: Any, tmp_path: Path, admin: Any
) -> None:
    root = copy_content(tmp_path)
    for number in range(30):
        (root / "glossary" / f"long-word-{number}.md").write_text(
            f'---\nterm: "Longword{number}"\nsource: "Tests"\n---\n' + "A very long definition. " * 700 + "\n"
        )
    with pytest.raises(
        ContentError, match=r"the glossary is [\d,]+ KB as stored; DynamoDB items are limited to 400 KB"
    ):
        publish(load_content(root), content_repo)
    assert all_items(admin) == []
