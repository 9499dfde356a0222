"""Printing an article for an appointment (print media emulated): the summary, the body, every linked word
defined, the review status and sources; no site addresses, navigation or forms; the reader's text size kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from readwell.preferences import Preferences
from tests.browser.browsing import new_context
from tests.browser.pages import ARTICLE, OVERVIEW, PAGES, RISKS

pytestmark = pytest.mark.browser

ARTICLES = [ARTICLE, OVERVIEW, RISKS]

# Generated text (::before / ::after) is printed but is not in innerText: read it from the computed styles of
# every element that is shown.
GENERATED_TEXT = """() => [...document.body.querySelectorAll('*')]
    .filter((element) => element.checkVisibility())
    .flatMap((element) => ['::before', '::after'].map((part) => getComputedStyle(element, part).content))
    .filter((content) => content && content !== 'none' && content !== 'normal')"""


def printed(browser: Browser, base_url: str, path: str, preferences: Preferences | None = None) -> Iterator[Page]:
    context = new_context(browser, base_url, preferences)
    try:
        page = context.new_page()
        page.goto(path)
        page.emulate_media(media="print")
        yield page
    finally:
        context.close()


@pytest.fixture(params=ARTICLES, ids=["reference", "overview", "risk-factors"])
def paper(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    yield from printed(browser, base_url, request.param)


def test_the_printed_text_has_no_address_on_this_site(paper: Page) -> None:
    text = paper.inner_text("body")
    generated = paper.evaluate(GENERATED_TEXT)
    assert "(/" not in text
    assert not [content for content in generated if "(/" in content], generated


def test_every_glossary_word_linked_on_the_page_is_defined_under_words_used(paper: Page) -> None:
    linked = paper.eval_on_selector_all(
        "main a[href^='/glossary#']", "(links) => [...new Set(links.map((link) => link.hash.slice(1)))]"
    )
    assert linked, "the article links glossary words"
    words = paper.locator(".words-used")
    assert words.is_visible()
    assert words.locator("h2").inner_text() == "Words used in this article"
    defined = words.locator("dt")
    assert defined.count() == len(linked)
    text = paper.inner_text("body")
    for index in range(defined.count()):
        assert defined.nth(index).inner_text() in text
    assert words.locator("dd").count() == len(linked)
    assert all(definition.strip() for definition in words.locator("dd").all_inner_texts())


def test_navigation_settings_and_forms_are_not_printed(paper: Page) -> None:
    shown = paper.evaluate(
        """() => [...document.querySelectorAll('nav, form, .site-menu, .display-bar, .skip-link, .see-also')]
            .filter((element) => element.checkVisibility()).map((element) => element.outerHTML.slice(0, 80))"""
    )
    assert shown == []


def test_the_paper_reads_summary_body_words_then_review_status_and_sources(paper: Page) -> None:
    def top(selector: str) -> float:
        box = paper.locator(selector).first.bounding_box()
        assert box is not None, f"{selector} is printed"
        return float(box["y"])

    parts = ["h1", ".plain-summary", ".prose", ".words-used", ".review-dates"]
    tops = [top(selector) for selector in parts]
    assert tops == sorted(tops), dict(zip(parts, tops, strict=True))
    if paper.locator(".sources").count():
        assert top(".sources") > top(".words-used")
        assert paper.locator(".sources a").first.evaluate("(link) => getComputedStyle(link, '::after').content")
        assert "(https://" in " ".join(paper.evaluate(GENERATED_TEXT))  # an address off the site, printed


def test_the_overdue_notice_is_printed_with_the_review_dates(browser: Browser, base_url: str) -> None:
    for page in printed(browser, base_url, ARTICLE):
        notice = page.locator(".review-notice")
        assert notice.is_visible()
        assert "overdue for review since 16 September 2013" in notice.inner_text()


def test_printing_keeps_the_readers_text_size_and_line_spacing(browser: Browser, base_url: str) -> None:
    def body_text(preferences: Preferences) -> tuple[float, float]:
        for page in printed(browser, base_url, ARTICLE, preferences):
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.querySelector('.prose p'));"
                " return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; }"
            )
            return float(style[0]), float(style[1])
        raise AssertionError("no page")

    standard = body_text(Preferences())
    largest, widest = body_text(Preferences(text_size="largest", spacing="widest"))
    assert largest >= standard[0] * 1.9  # the largest step is twice the base size
    assert widest / largest > standard[1] / standard[0] + 0.4  # lines further apart, relative to the text


def test_the_variants_check_meets_the_overdue_notice_on_screen(browser: Browser, base_url: str) -> None:
    """test_variants.py checks the reference article in every variant: it must still be overdue for that check
    to cover the notice (if it is ever reviewed, give the browser suite another overdue page)."""
    assert ARTICLE in [site_page.path for site_page in PAGES]
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        assert page.locator(".review-notice").is_visible()
    finally:
        context.close()
