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


def test_titles_are_unique_and_the_skip_link_moves_focus_to_the_main_content(browser: Browser, base_url: str) -> None:
    titles = {}
    for site_page in PAGES:
        context = new_context(browser, base_url)
        try:
            page = context.new_page()
            site_page.open(page, base_url)
            titles[site_page.name] = page.title()
            if page.locator(".error-summary").count():
                # The error summary holds focus on load; the skip link still works when reached.
                assert page.evaluate("() => document.activeElement.classList.contains('error-summary')"), site_page.name
                page.locator(".skip-link").focus()
            else:
                page.keyboard.press("Tab")
            assert page.evaluate("() => document.activeElement.className") == "skip-link", site_page.name
            page.keyboard.press("Enter")
            assert page.evaluate("() => document.activeElement.id") == "main-content", site_page.name
            assert page.locator("h1").count() == 1, f"{site_page.name} must have exactly one h1"
        finally:
            context.close()
    # One address in two states (an article with and without a tracker, the tracker empty or with
    # entries) is one page with one title; two different addresses must never share a title.
    paths_by_title: dict[str, set[str]] = {}
    for site_page in PAGES:
        paths_by_title.setdefault(titles[site_page.name], set()).add(site_page.path)
    shared = {title: paths for title, paths in paths_by_title.items() if len(paths) > 1}
    assert shared == {}, shared
    assert all(title.endswith(" - Readwell") for title in titles.values()), titles
