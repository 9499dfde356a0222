"""Soft hyphens in long heading words, put in at publish: where pyphen breaks them, and nowhere a reader would
hear a spelt-out word (link text, code, abbreviations) or a plain title is needed (lists, links, the feed)."""

from __future__ import annotations

import pyphen
import pytest

from readwell.articles import markdown
from readwell.articles.content import load_content
from readwell.articles.glossary import Glossary, GlossaryEntry
from readwell.articles.hyphenation import MIN_WORD_LENGTH, SOFT_HYPHEN, hyphenate
from readwell.articles.publishing import article_record
from tests.conftest import CONTENT

SHY = SOFT_HYPHEN
TUMOR = GlossaryEntry("tumor", "Tumor", "<p>A lump.</p>", "NCI")


def breaks(hyphenated: str) -> list[int]:
    """Where the soft hyphens sit, as offsets into the word without them."""
    found, offset = [], 0
    for character in hyphenated:
        if character == SHY:
            found.append(offset)
        else:
            offset += 1
    return found


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Metastatic", f"Meta{SHY}static"),
        ("metastasis", f"meta{SHY}stasis"),
        ("information", f"in{SHY}form{SHY}a{SHY}tion"),
        ("chemotherapy", f"chemo{SHY}ther{SHY}apy"),
    ],
)
def test_a_long_word_gets_soft_hyphens_where_english_breaks_it(word: str, expected: str) -> None:
    assert hyphenate(word, "en") == expected


@pytest.mark.parametrize("word", ["Metastatic", "lymphatic", "recurrence", "oncologist", "hormone", "diagnosis"])
def test_every_soft_hyphen_is_at_one_of_pyphens_break_points(word: str) -> None:
    """Never a break the language's patterns do not allow; and none leaving fewer than 3 letters on the next line."""
    allowed = set(pyphen.Pyphen(lang="en").positions(word))
    found = breaks(hyphenate(word, "en"))
    assert found, f"{word} got no soft hyphen"
    assert set(found) <= allowed
    assert all(len(word) - position >= 3 for position in found)


def test_words_shorter_than_the_minimum_stay_whole() -> None:
    short = "Cancer"  # pyphen would break it: "Can-cer"
    assert len(short) < MIN_WORD_LENGTH and pyphen.Pyphen(lang="en").positions(short)
    assert hyphenate(f"{short} care", "en") == f"{short} care"


@pytest.mark.parametrize("word", ["METASTATIC", "NCCNGuidelines", "HER2positive"])
def test_abbreviations_and_words_with_digits_stay_whole(word: str) -> None:
    assert hyphenate(word, "en") == word


def test_punctuation_and_spaces_are_kept() -> None:
    assert hyphenate("Metastatic Breast Cancer: Metastasis?", "en") == (
        f"Meta{SHY}static Breast Cancer: Meta{SHY}stasis?"
    )


def test_the_language_chooses_the_patterns() -> None:
    assert hyphenate("información", "es") == f"in{SHY}for{SHY}ma{SHY}ción"
    assert hyphenate("information", "en") != hyphenate("information", "es")


def test_a_language_without_patterns_is_refused() -> None:
    with pytest.raises(ValueError, match="xx"):
        hyphenate("anything long", "xx")


def test_body_headings_get_soft_hyphens_and_their_ids_stay_plain() -> None:
    html = markdown.render("## What is metastasis?\n\n### Metastatic growth", language="en")
    assert f'<h2 id="what-is-metastasis">What is meta{SHY}stasis?</h2>' in html
    assert f'<h3 id="metastatic-growth">Meta{SHY}static growth</h3>' in html


def test_link_text_and_code_in_a_heading_stay_plain() -> None:
    html = markdown.render("## [Metastatic disease](/articles/spread), `metastasis` and metastasis", language="en")
    assert '<a href="/articles/spread">Metastatic disease</a>' in html
    assert "<code>metastasis</code>" in html
    assert html.count(SHY) == 1 and f"and meta{SHY}stasis</h2>" in html


def test_running_text_and_glossary_links_stay_plain() -> None:
    html = markdown.render("## Tumors\n\nA metastatic tumor, in information.", Glossary([TUMOR]), language="en")
    assert SHY not in html
    assert '<a href="/glossary#tumor" class="glossary-term">tumor</a>' in html


def test_without_a_language_nothing_is_hyphenated_and_the_contents_list_reads_plain_words() -> None:
    text = "## What is metastasis?\n\nText."
    assert SHY not in markdown.render(text)
    assert markdown.sections(text) == [{"id": "what-is-metastasis", "text": "What is metastasis?"}]
    assert SHY not in markdown.plain_text(text)


def test_the_stored_article_keeps_its_plain_title_beside_the_hyphenated_heading() -> None:
    content = load_content(CONTENT)
    article = next(a for a in content.articles if a.slug == "metastatic-breast-cancer-metastasis-and-primary-cancer")
    record = article_record(article, content)
    assert record["title"] == "Metastatic Breast Cancer: Metastasis and Primary Cancer"
    assert record["heading"] == f"Meta{SHY}static Breast Cancer: Meta{SHY}stasis and Primary Cancer"
    assert all(SHY not in entry["title"] for entry in record["see_also"])
    assert all(SHY not in section["text"] for section in record["sections"])
    assert SHY not in record["summary"] and f"meta{SHY}stasis" in record["body_html"]
