"""The browser suite's set-up: the site started as `make serve` starts it, and one shared Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.browser.browsing import AXE, VNU, launch
from tests.browser.site import running_site


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with running_site() as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the whole suite: each test opens its own context (cookies, viewport, media)."""
    if not AXE.exists() or not VNU.exists():
        pytest.fail("node_modules is missing: `make browser-deps` installs it (npm ci); `make test` does too")
    launched = launch(playwright)
    yield launched
    launched.close()
