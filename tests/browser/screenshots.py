"""`make screenshots`: pages as a person would see them, for a person to look at.

- docs/gallery/ (committed; the README links it): the article and the tracker in every colour scheme at
  the smallest and the largest text size, as the first screen of a 1280 x 900 window, and the article's
  first screen on a 375 x 740 phone at every text size, with an index page.
- screenshots/ (git-ignored): every page, full length, in a few variants and at 320 px.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from readwell.preferences import SCHEME, TEXT_SIZE, TEXT_SIZES, Preferences
from tests.browser.browsing import NARROW, PHONE, ROOT, WIDE, launch, new_context
from tests.browser.pages import PAGES, SitePage
from tests.browser.site import running_site

GALLERY = ROOT / "docs" / "gallery"
OUT = ROOT / "screenshots"
GALLERY_PAGES = {"article": "The article", "tracker-entries": "The weight tracker"}
GALLERY_SIZES = (TEXT_SIZES[0], TEXT_SIZES[-1])
# "Same as my device" is shown on a device that prefers dark: on a light one it is the standard scheme.
DEVICE = "dark"
# name: (preferences, window, display settings opened)
EVERY_PAGE: dict[str, tuple[Preferences, dict[str, int], bool]] = {
    "standard": (Preferences(scheme="standard"), WIDE, False),
    "dark-largest": (Preferences(text_size="largest", scheme="dark"), WIDE, False),
    "low-glare-widest": (Preferences(scheme="low-glare", spacing="widest"), WIDE, False),
    "320px": (Preferences(scheme="standard"), NARROW, False),
    "320px-largest-high-settings-open": (Preferences(text_size="largest", scheme="high"), NARROW, True),
}


def shoot(
    browser: Browser, base_url: str, site_page: SitePage, preferences: Preferences, file: Path, **how: object
) -> None:
    viewport = how.get("viewport", WIDE)
    context = new_context(browser, base_url, preferences, viewport=viewport, bypass_csp=False)
    try:
        page = context.new_page()
        page.emulate_media(color_scheme=DEVICE)  # type: ignore[arg-type]
        site_page.open(page, base_url)
        if how.get("settings_open"):
            page.locator("details.display-settings__more > summary").click()
        if file.suffix == ".jpg":
            page.screenshot(path=file, type="jpeg", quality=70)
        else:
            page.screenshot(path=file, full_page=True)
    finally:
        context.close()


def gallery(browser: Browser, base_url: str) -> list[Path]:
    GALLERY.mkdir(parents=True, exist_ok=True)
    pages = {p.name: p for p in PAGES}
    written, rows = [], []
    for name, title in GALLERY_PAGES.items():
        rows += [
            f"\n## {title}\n",
            "| Colours | " + " | ".join(f"Text {TEXT_SIZE.options[s]}" for s in GALLERY_SIZES) + " |",
        ]
        rows.append("|---|" + "---|" * len(GALLERY_SIZES))
        for scheme, label in SCHEME.options.items():
            cells = []
            for size in GALLERY_SIZES:
                file = GALLERY / f"{name}-{scheme}-{size}.jpg"
                shoot(browser, base_url, pages[name], Preferences(text_size=size, scheme=scheme), file)
                written.append(file)
                cells.append(f"![{title}, {label}, text {TEXT_SIZE.options[size]}]({file.name})")
            rows.append(f"| {label} | " + " | ".join(cells) + " |")
    rows += [
        f"\n## The article on a phone ({PHONE['width']} x {PHONE['height']}), first screen\n",
        "| " + " | ".join(f"Text {TEXT_SIZE.options[s]}" for s in TEXT_SIZES) + " |",
        "|" + "---|" * len(TEXT_SIZES),
    ]
    cells = []
    for size in TEXT_SIZES:
        file = GALLERY / f"article-phone-{size}.jpg"
        shoot(browser, base_url, pages["article"], Preferences(text_size=size, scheme="standard"), file, viewport=PHONE)
        written.append(file)
        cells.append(f"![The article on a phone, text {TEXT_SIZE.options[size]}]({file.name})")
    rows.append("| " + " | ".join(cells) + " |")
    index = [
        "# Readwell in every colour scheme",
        "",
        'Written by `make screenshots`: the first screen of a 1280 x 900 window. "Same as my device" is shown'
        f" on a device that prefers {DEVICE} colours.",
        *rows,
    ]
    (GALLERY / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return written


def every_page(browser: Browser, base_url: str) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    written = []
    for site_page in PAGES:
        for name, (preferences, viewport, settings_open) in EVERY_PAGE.items():
            file = OUT / f"{site_page.name}-{name}.png"
            shoot(browser, base_url, site_page, preferences, file, viewport=viewport, settings_open=settings_open)
            written.append(file)
    return written


def main() -> int:
    with running_site() as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            shown = gallery(browser, base_url)
            every = every_page(browser, base_url)
        finally:
            browser.close()
    print(f"{len(shown)} screenshots in {GALLERY.relative_to(ROOT)}/ (README.md indexes them)")
    print(f"{len(every)} screenshots in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
