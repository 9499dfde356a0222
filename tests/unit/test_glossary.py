"""The glossary (WCAG 3.1.3, 3.1.4) and reading level (3.1.5): marking at publish, and the lint that guards them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readwell.articles import markdown, reading_level
from readwell.articles.content import load_content
from readwell.articles.glossary import Glossary, GlossaryEntry, abbreviations_in
from readwell.articles.lint import lint
from readwell.articles.model import ContentError
from tests.unit.test_lint import BODY_LINE, HARD, PATH, check, found, write

TUMOR = GlossaryEntry("tumor", "Tumor", "<p>A lump.</p>", "NCI", variants=("tumors", "tumour"))
PRIMARY = GlossaryEntry("primary-tumor", "Primary tumor", "<p>Where it began.</p>", "NCI")
CUP = GlossaryEntry("cup", "CUP", "<p>Unknown start.</p>", "NCI", expansion="cancer of unknown primary origin")
GLOSSARY = Glossary([TUMOR, PRIMARY, CUP])


def link(slug: str, text: str) -> str:
    return f'<a href="/glossary#{slug}" class="glossary-term">{text}</a>'


def test_only_the_first_use_of_a_term_links_to_its_entry() -> None:
    html = markdown.render("A tumour grew.\n\nThe tumors grew, and the tumor too.", GLOSSARY)
    assert html.count("glossary-term") == 1
    assert f"A {link('tumor', 'tumour')} grew." in html


def test_the_longest_form_wins_and_is_used_up_as_a_whole() -> None:
    html = markdown.render("The primary tumor is here. Then a tumor.", GLOSSARY)
    assert link("primary-tumor", "primary tumor") in html and link("tumor", "tumor") in html


def test_headings_links_and_code_are_left_as_written() -> None:
    html = markdown.render("## About tumors\n\n[Tumor news](/articles/x) and `tumor`, then tumor.", GLOSSARY)
    assert '<h2 id="about-tumors">About tumors</h2>' in html
    assert '<a href="/articles/x">Tumor news</a> and <code>tumor</code>, then ' + link("tumor", "tumor") in html


def test_an_abbreviation_is_expanded_in_the_text_at_first_use() -> None:
    html = markdown.render("We found CUP. CUP again.", GLOSSARY)
    abbr = '<abbr title="cancer of unknown primary origin">CUP</abbr>'
    assert f"We found {link('cup', abbr)} (cancer of unknown primary origin). CUP again." in html


def test_an_abbreviation_spelled_out_before_is_not_expanded_twice() -> None:
    html = markdown.render("It is cancer of unknown\nprimary origin (CUP).", GLOSSARY)
    assert "(cancer of unknown primary origin)" not in html and "<abbr" in html


def test_abbreviations_match_capitals_only_and_terms_whole_words_only() -> None:
    assert "glossary-term" not in markdown.render("A cup of tea in the tumorous ward.", GLOSSARY)


def test_roman_numerals_are_not_abbreviations() -> None:
    assert abbreviations_in("Stage IV, CUP, HER2 and NIH, not Mi or MIX") == ["CUP", "HER2", "NIH"]


def glossary_file(root: Path, slug: str, front: str, body: str = "In plain words.") -> None:
    (root / "glossary").mkdir(exist_ok=True)
    (root / "glossary" / f"{slug}.md").write_text(f"---\n{front}---\n{body}\n")


def test_a_published_article_links_its_glossary_terms(tmp_path: Path) -> None:
    root = write(tmp_path / "content", "A tumor was found.\n")
    glossary_file(root, "tumor", 'term: "Tumor"\nsource: "NCI Dictionary of Cancer Terms"\n')
    content = load_content(root)
    assert link("tumor", "tumor") in content.articles[0].body_html
    assert content.glossary[0].definition_html == "<p>In plain words.</p>\n"


@pytest.mark.parametrize(
    ("front", "body", "message"),
    [
        ('term: "CUP"\nsource: "NCI"\n', "x", "'CUP' is an abbreviation: add 'expansion'"),
        ('term: "Tumor"\n', "x", "missing required field 'source'"),
        ('term: "Tumor"\nsource: "NCI"\nvariants: tumors\n', "x", "'variants' must be a list of words"),
        ('term: "Tumor"\nsource: "NCI"\n', "", "the entry has no definition"),
    ],
)
def test_a_malformed_glossary_entry_stops_loading(tmp_path: Path, front: str, body: str, message: str) -> None:
    root = write(tmp_path / "content")
    glossary_file(root, "entry", front, body)
    with pytest.raises(ContentError) as error:
        load_content(root)
    assert any(message in problem.message for problem in error.value.problems)


def test_a_word_may_belong_to_one_entry_only(tmp_path: Path) -> None:
    root = write(tmp_path / "content")
    glossary_file(root, "tumor", 'term: "Tumor"\nsource: "NCI"\nvariants: [growth]\n')
    glossary_file(root, "growth", 'term: "Growth"\nsource: "NCI"\n')
    with pytest.raises(
        ContentError, match=r"tumor.md:1: 'growth' is also a form of 'Growth' \(content/glossary/growth.md\)"
    ):
        load_content(root)


def test_an_abbreviation_without_an_expansion_fails_the_lint(tmp_path: Path) -> None:
    report = check(tmp_path, "We can help.\n\nThe NHS can help too.\n")
    assert found(report) == [
        f"{PATH}:{BODY_LINE + 2}: error: abbreviation 'NHS' has no expansion: "
        "add content/glossary/nhs.md with 'term' and 'expansion'"
    ]


def test_an_abbreviation_in_a_front_matter_field_needs_an_expansion_too(tmp_path: Path) -> None:
    report = check(tmp_path, extra='source: "From the NCI."\n')
    assert [p.message for p in report.errors] == [
        "abbreviation 'NCI' has no expansion: add content/glossary/nci.md with 'term' and 'expansion'"
    ]


def test_an_abbreviation_with_a_glossary_expansion_passes(tmp_path: Path) -> None:
    root = write(tmp_path / "content", "We can help.\n\nThe NHS can help too.\n")
    glossary_file(root, "nhs", 'term: "NHS"\nexpansion: "National Health Service"\nsource: "NHS"\n')
    assert lint(load_content(root), today=date(2023, 1, 1), max_grade=12).problems == []


def test_a_glossary_link_to_a_missing_entry_fails_the_lint(tmp_path: Path) -> None:
    report = check(tmp_path, "See [what a tumor is](/glossary#tumour).\n")
    assert found(report) == [
        f"{PATH}:{BODY_LINE}: error: link to glossary entry 'tumour', which does not exist in content/glossary/"
    ]


def test_a_hard_article_without_a_plain_summary_fails_the_lint(tmp_path: Path) -> None:
    report = check(tmp_path, HARD)
    assert reading_level.needs_plain_summary(report.grades[PATH])
    assert [p.line for p in report.errors] == [BODY_LINE]
    assert "add a 'plain_summary'" in report.errors[0].message


def test_a_plain_article_needs_no_plain_summary(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert not reading_level.needs_plain_summary(report.grades[PATH]) and report.errors == []


@pytest.mark.parametrize(
    ("grade", "words"),
    [
        (3.0, "primary school"),
        (6.0, "primary school"),
        (6.1, "lower secondary"),
        (9.0, "lower secondary"),
        (9.1, "upper secondary"),
        (12.0, "upper secondary"),
        (12.1, "college"),
        (40.0, "college"),
    ],
)
def test_reading_levels_are_told_in_plain_words(grade: float, words: str) -> None:
    assert words in reading_level.describe(grade)
    assert reading_level.needs_plain_summary(grade) == (grade > reading_level.PLAIN_SUMMARY_ABOVE_GRADE)
