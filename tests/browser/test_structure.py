"""What a screen reader meets (ARIA snapshot golden files), one h1, unique titles and the skip link, for every page.

Valid HTML (the Nu checker) is checked on every page in every variant by test_variants.py."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from readwell.dates import human_date
from tests.browser.browsing import new_context
from tests.browser.pages import GOLDEN, PAGES, SitePage
from tests.browser.test_variants import PAGE_TEST, STRUCTURE_RECORDS
from tests.support import run_records

pytestmark = pytest.mark.browser

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def stable(snapshot: str) -> str:
    """Today's date appears in the tracker widget's example; the golden file says <today> instead."""
    today = date.today()
    return snapshot.replace(human_date(today.isoformat()), "<today>").replace(today.isoformat(), "<today>")


@pytest.mark.parametrize("site_page", [p for p in PAGES if p.name in GOLDEN], ids=lambda p: p.name)
def test_aria_snapshot_matches_the_golden_file(browser: Browser, base_url: str, site_page: SitePage) -> None:
    """Read the golden file as a screen reader user would hear the page; rewrite with UPDATE_GOLDEN=1."""
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        site_page.open(page, base_url)
        snapshot = stable(page.locator("body").aria_snapshot()) + "\n"
    finally:
        context.close()
    golden = GOLDEN_DIR / f"{site_page.name}.aria.yml"
    if UPDATE or not golden.exists():
        GOLDEN_DIR.mkdir(exist_ok=True)
        golden.write_text(snapshot)
        if not UPDATE:
            pytest.fail(f"{golden} did not exist: written now; read it, then commit it")
    assert snapshot == golden.read_text(), f"{golden.name} changed: read the new tree, then UPDATE_GOLDEN=1 to accept"


@pytest.mark.after_everything
def test_every_page_has_one_h1_and_a_title_of_its_own(request: pytest.FixtureRequest) -> None:
    """From each page as test_variants.py first served it (which also checks, in every variant, that the skip link
    moves focus to the main content). One address in two states (an article with and without a tracker, the
    tracker empty or with entries) is one page with one title; two different addresses never share a title."""
    records = run_records.Records(request.config)
    names = [p.name for p in PAGES]
    pages = records.of_tests(request.session, PAGE_TEST, STRUCTURE_RECORDS, names)
    assert {name: page["h1"] for name, page in pages.items() if page["h1"] != 1} == {}, "pages without exactly one h1"
    paths_by_title: dict[str, set[str]] = {}
    for page in pages.values():
        paths_by_title.setdefault(page["title"], set()).add(page["path"])
    shared = {title: paths for title, paths in paths_by_title.items() if len(paths) > 1}
    assert shared == {}, shared
    assert all(page["title"].endswith(" - Readwell") for page in pages.values()), [p["title"] for p in pages.values()]
