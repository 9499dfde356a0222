"""Launching Debian's Chromium and opening contexts as a reader with given display preferences."""

from __future__ import annotations

import itertools
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from readwell.preferences import COOKIE, Preferences
from tests.browser.site import CLIENT_ADDRESS_HEADER

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The Nu checker, in one short JVM run: the quick compiler only and one GC thread use less than half the CPU of the
# JVM's defaults (which compile and collect on every core); the quick compiler's deeper frames need a larger stack.
NU_CHECKER = ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU)]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}
PHONE = {"width": 375, "height": 740}  # a common phone, in CSS px
_ADDRESSES = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())  # RFC 2544's test range


def reader_address() -> dict[str, str]:
    """The header that makes a context's requests come from an address no other reader of this run has."""
    return {CLIENT_ADDRESS_HEADER: next(_ADDRESSES)}


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium: Playwright never downloads a browser here."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_context(
    browser: Browser, base_url: str, preferences: Preferences | None = None, **options: object
) -> BrowserContext:
    """A fresh context (own cookies, own address); with `preferences`, as a reader who chose them on an earlier
    visit.

    CSP is bypassed by default so axe can be injected as a <script>: the site itself allows no scripts.
    """
    options.setdefault("extra_http_headers", reader_address())
    options.setdefault("viewport", WIDE)
    options.setdefault("locale", "en-GB")  # the site writes dates day first; native date fields should too
    options.setdefault("bypass_csp", True)
    context = browser.new_context(base_url=base_url, **options)  # type: ignore[arg-type]
    if preferences is not None:
        context.add_cookies([{"name": COOKIE, "value": preferences.cookie_value(), "url": base_url}])
    return context


def as_a_new_reader(context: BrowserContext, page: Page) -> None:
    """The context as a new reader's browser: no cookies, an empty HTTP cache, an address of its own (cheaper than
    a new context and page, which start a renderer and read every init script again)."""
    context.clear_cookies()
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("Network.clearBrowserCache")
    finally:
        cdp.detach()
    context.set_extra_http_headers(reader_address())
