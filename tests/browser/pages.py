"""Every page the browser suite checks: ONE list. Add a page with one line.

Each entry is (name, path, setup). `setup`, when given, runs in the browser page before the path is
opened, for pages that need something done first (for example a form POST), and must leave the
browser able to open `path`. Use `submit_form(path, fields)` for a POST done in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
COMMUNITY = "/communities/breast-cancer-stage-3-4"

Setup = Callable[[Page, str], None]


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    setup: Setup | None = None


def submit_form(path: str, fields: dict[str, str]) -> Setup:
    """A setup step: POST `fields` to `path` as a form, from the browser context (its cookies in and out)."""

    def run(page: Page, base_url: str) -> None:
        response = page.request.post(base_url + path, form=fields)
        assert response.ok, f"setup POST {path} answered {response.status}"

    return run


PAGES: list[SitePage] = [
    SitePage("home", "/"),
    SitePage("community", COMMUNITY),
    SitePage("article", ARTICLE),
    SitePage("not-found", "/no-such-page"),
]

# The pages whose accessibility tree is kept as a golden file (tests/browser/golden/<name>.aria.yml).
GOLDEN = ("home", "community", "article")
