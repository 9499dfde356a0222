"""Draw the home-screen icon (a 180 x 180 PNG, which phones require) from the SVG favicon, in Chromium.

`make icons` runs it after the SVG changes; the PNG is committed so neither a build nor a request draws it.
"""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from readwell.web.static import ICON, STATIC_DIR, TOUCH_ICON
from tests.browser.browsing import launch

SIZE = 180


def main() -> int:
    svg = (STATIC_DIR / ICON).read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        sized = svg.replace("<svg ", f"<svg width={SIZE} height={SIZE} ", 1)
        page.set_content(f'<body style="margin:0">{sized}</body>')
        page.screenshot(path=str(STATIC_DIR / TOUCH_ICON), clip={"x": 0, "y": 0, "width": SIZE, "height": SIZE})
        browser.close()
    print(f"{STATIC_DIR / TOUCH_ICON}: {SIZE} x {SIZE} from {ICON}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
