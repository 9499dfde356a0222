"""Every page x every text size x both contrasts, in Chromium: axe (AA + AAA), reflow at 320 px,
text spacing, forced colours and the keyboard. One page load per variant; all problems reported at once."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser

from readwell.preferences import TEXT_SIZES, Preferences
from tests.browser import checks
from tests.browser.browsing import NARROW, new_context
from tests.browser.pages import PAGES, SitePage

pytestmark = pytest.mark.browser

CONTRASTS = ("standard", "high")
VARIANTS = [
    Preferences(text_size=size, contrast=contrast) for size, contrast in itertools.product(TEXT_SIZES, CONTRASTS)
]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.text_size}-{v.contrast}")
@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.name)
def test_page_in_every_variant(browser: Browser, base_url: str, site_page: SitePage, variant: Preferences) -> None:
    context = new_context(browser, base_url, variant)
    try:
        page = context.new_page()
        site_page.open(page, base_url)
        rendered = page.evaluate(
            "() => [document.documentElement.dataset.textSize, document.documentElement.dataset.contrast]"
        )
        assert rendered == [variant.text_size, variant.contrast], "the server did not render the chosen variant"

        problems = checks.keyboard_start(page)
        checks.open_display_settings(page)  # so the form's controls are checked too
        problems += checks.axe_violations(page)
        problems += checks.clipped_text_with_spacing(page)

        page.set_viewport_size(NARROW)
        problems += checks.horizontal_scroll(page, NARROW["width"])

        page.emulate_media(forced_colors="active")
        problems += checks.controls_visible(page)
        problems += checks.focus_visible_everywhere(page)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
