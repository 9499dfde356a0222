"""`make screenshots`: every page as a person would see it, for a person to look at.

Writes screenshots/<page>-<variant>.png (git-ignored): standard, high contrast, largest text and
a 320 px wide window, each as a full-page image, with the site started as `make serve` starts it.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from readwell.preferences import Preferences
from tests.browser.browsing import NARROW, ROOT, WIDE, launch, new_context
from tests.browser.pages import PAGES
from tests.browser.site import running_site

OUT = ROOT / "screenshots"
# name: (preferences, window, display settings opened)
VARIANTS: dict[str, tuple[Preferences, dict[str, int], bool]] = {
    "standard": (Preferences(contrast="standard"), WIDE, False),
    "high-contrast": (Preferences(contrast="high"), WIDE, False),
    "largest-text": (Preferences(text_size="largest", contrast="standard"), WIDE, False),
    "320px": (Preferences(contrast="standard"), NARROW, False),
    "320px-largest-high-settings-open": (Preferences(text_size="largest", contrast="high"), NARROW, True),
}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    written: list[Path] = []
    with running_site() as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for site_page in PAGES:
                for name, (preferences, viewport, settings_open) in VARIANTS.items():
                    context = new_context(browser, base_url, preferences, viewport=viewport, bypass_csp=False)
                    try:
                        page = context.new_page()
                        site_page.open(page, base_url)
                        if settings_open:
                            page.locator("details.display-settings > summary").click()
                        file = OUT / f"{site_page.name}-{name}.png"
                        page.screenshot(path=file, full_page=True)
                        written.append(file)
                    finally:
                        context.close()
        finally:
            browser.close()
    print(f"{len(written)} screenshots in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
