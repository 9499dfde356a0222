"""Every page the browser suite checks: ONE list. Add a page with one line.

Each entry is (name, path, setup, form, fill). `setup`, when given, runs in the browser page before
the path is opened, for pages that need something done first (for example a form POST), and must
leave the browser able to open `path`. Use `submit_form(path, fields)` for a POST done in the
browser. `form` + `fill` reach pages that only exist as the answer to a form (error states, the
recovery code): after opening `path`, the browser fills the form matched by the `form` selector and
submits it, as a reader would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from playwright.sync_api import Page, Response

from tests.browser.browsing import new_context

# The reference article is long overdue for review, so checking it checks the overdue-review notice too
# (tests/browser/test_print.py makes sure it still shows one).
ARTICLE = "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer"
OVERVIEW = "/articles/metastatic-breast-cancer-overview"
RISKS = "/articles/metastatic-breast-cancer-risk-factors-detection-prognosis-prevention"
COMMUNITY = "/communities/breast-cancer-stage-3-4"

Setup = Callable[[Page, str], None]


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    setup: Setup | None = None
    form: str | None = None
    fill: dict[str, str | Callable[[], str]] = field(default_factory=dict)  # a callable: known only after setup
    returns_to: str | None = None  # where a form answer's display settings go back to, when not `path`

    @property
    def repeatable(self) -> bool:
        """Whether opening it again in the same browser gives the same page (a form answer may change state)."""
        return self.form is None

    def open(self, page: Page, base_url: str, set_up: bool = True) -> Response | None:
        """Bring the browser to this page (setup, open, and submit the form if any); the last response."""
        if self.setup and set_up:
            self.setup(page, base_url)
        response = page.goto(self.path)
        if self.form is None:
            return response
        form = page.locator(self.form)
        for name, value in self.fill.items():
            form.locator(f'[name="{name}"]').fill(value() if callable(value) else value)
        with page.expect_navigation() as navigation:
            form.locator('[type="submit"]').click()
        return navigation.value


def submit_form(path: str, fields: dict[str, str]) -> Setup:
    """A setup step: POST `fields` to `path` as a form, from the browser context (its cookies in and out)."""

    def run(page: Page, base_url: str) -> None:
        response = page.request.post(base_url + path, form=fields)
        assert response.ok, f"setup POST {path} answered {response.status}"

    return run


def start_tracker(entries: int = 0) -> Setup:
    """A setup step: start a tracker in this browser and record `entries` daily weights before today."""

    def run(page: Page, base_url: str) -> None:
        today = date.today()
        submit_form("/tracker/start", {"start_date": (today - timedelta(days=entries + 1)).isoformat()})(page, base_url)
        if not entries:
            return
        html = page.request.get(base_url + "/tracker").text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token, "the tracker page has no form token"
        for day in range(entries):
            weight = f"{80 - day * 0.1:.1f}"
            day_iso = (today - timedelta(days=entries - day)).isoformat()
            submit_form("/tracker/entries", {"date": day_iso, "weight": weight, "csrf_token": token.group(1)})(
                page, base_url
            )

    return run


def tracker_form(path: str, fields: dict[str, str]) -> Setup:
    """A setup step: POST a tracker form (with the tracker's form token) from this browser."""

    def run(page: Page, base_url: str) -> None:
        html = page.request.get(base_url + "/tracker").text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token, "the tracker page has no form token"
        submit_form(path, {**fields, "csrf_token": token.group(1)})(page, base_url)

    return run


def tracker_with_loss(*then: Setup) -> Setup:
    """A setup step: a tracker whose newest weight is 6% below one two months before (the weight-loss notice
    shows), with a height set; then any further steps."""

    def run(page: Page, base_url: str) -> None:
        today = date.today()
        start = (today - timedelta(days=90)).isoformat()
        submit_form("/tracker/start", {"start_date": start, "height_cm": "170"})(page, base_url)
        for days, weight in ((70, "80"), (40, "78.5"), (1, "75.2")):
            day = (today - timedelta(days=days)).isoformat()
            tracker_form("/tracker/entries", {"date": day, "weight": weight})(page, base_url)
        for step in then:
            step(page, base_url)

    return run


SETTINGS = {"goal_kind": "steady", "steady_percent": "3", "alert_amount": "2", "alert_unit": "kg", "alert_days": "30"}


def another_tracker() -> Setup:
    """A setup step: this browser holds a tracker, and a tracker started elsewhere is the one to open."""

    def run(page: Page, base_url: str) -> None:
        start_tracker()(page, base_url)
        elsewhere = new_context(page.context.browser, base_url)  # type: ignore[arg-type]
        try:
            reply = elsewhere.request.post(base_url + "/tracker/start", form={"start_date": "2026-01-01"})
            found = re.search(r"<code>([A-Z2-7-]+)</code>", reply.text())
            assert found, "the started page shows a recovery code"
            OTHER_CODE["code"] = found.group(1)
        finally:
            elsewhere.close()

    return run


OTHER_CODE: dict[str, str] = {}
START_FORM = 'main form[action="/tracker/start"]'
ENTRY_FORM = 'main form[action="/tracker/entries"]'
FEEDBACK_FORM = 'main form[action="/feedback"]'

PAGES: list[SitePage] = [
    SitePage("home", "/"),
    SitePage("community", COMMUNITY),
    SitePage("article", ARTICLE),
    SitePage("article-overview", OVERVIEW),
    SitePage("article-risk-factors", RISKS),
    SitePage("not-found", "/no-such-page"),
    SitePage("search-results", "/search?q=metastatic+tumour"),
    SitePage("search-no-results", "/search?q=zebra"),
    SitePage("search-error", "/search?q=%21%21%21"),
    SitePage("tracker-start", "/tracker"),
    SitePage("tracker-start-errors", "/tracker", form=START_FORM, fill={"start_date": "2999-01-01", "height_cm": "12"}),
    SitePage("tracker-started", "/tracker", form=START_FORM, fill={"start_date": date.today().isoformat()}),
    SitePage("tracker-empty", "/tracker", start_tracker()),
    SitePage("tracker-entries", "/tracker", start_tracker(entries=55)),
    SitePage(
        "tracker-entry-errors",
        "/tracker",
        start_tracker(),
        form=ENTRY_FORM,
        fill={"weight": "-3", "date": "2999-01-01"},
    ),
    SitePage(
        "tracker-edit", f"/tracker/entries/{(date.today() - timedelta(days=1)).isoformat()}/edit", start_tracker(1)
    ),
    SitePage("tracker-delete", "/tracker/delete", start_tracker(2)),
    SitePage("tracker-open", "/tracker/open"),
    SitePage("tracker-recovery-code", "/tracker/recovery-code", start_tracker()),
    SitePage("tracker-forget", "/tracker/forget", start_tracker()),
    SitePage("tracker-new-code", "/tracker/new-code", start_tracker(2)),
    SitePage(
        "tracker-new-code-done",
        "/tracker/new-code",
        start_tracker(2),
        form='main form[action="/tracker/new-code"]',
        returns_to="/tracker",
    ),
    SitePage(
        "tracker-forgotten",
        "/tracker/forget",
        start_tracker(),
        form='main form[action="/tracker/forget"]',
        returns_to="/tracker",  # the question is gone with the cookie
    ),
    SitePage(
        "tracker-deleted",
        "/tracker/delete",
        start_tracker(1),
        form='main form[action="/tracker/delete"]',
        returns_to="/tracker",  # the deletion page is gone with the tracker
    ),
    SitePage("privacy", "/privacy"),
    SitePage("glossary", "/glossary"),
    SitePage(
        "tracker-switch",
        "/tracker/open",
        another_tracker(),
        form='main form[action="/tracker/open"]',
        fill={"recovery_code": lambda: OTHER_CODE["code"]},
    ),
    SitePage("article-with-tracker", ARTICLE, start_tracker(entries=1)),
    SitePage("tracker-notice", "/tracker", tracker_with_loss()),
    SitePage("tracker-settings", "/tracker/settings", tracker_with_loss(tracker_form("/tracker/settings", SETTINGS))),
    SitePage(
        "tracker-settings-errors",
        "/tracker/settings",
        start_tracker(),
        form='main form[action="/tracker/settings"]',
        fill={"alert_amount": "0", "alert_days": "400"},
    ),
    SitePage("tracker-print", "/tracker/print", tracker_with_loss()),
    SitePage("help", "/help"),
    SitePage("withdrawn", "/articles/withdrawn-example"),
    SitePage("history", ARTICLE + "/history"),
    SitePage("feedback-missing", f"/feedback/missing?page={ARTICLE}&answer=no"),
    SitePage(
        "feedback-missing-error", f"/feedback/missing?page={ARTICLE}", form=FEEDBACK_FORM, fill={"text": "x" * 501}
    ),
    SitePage("feedback-thanks", f"/feedback/thanks?page={ARTICLE}"),
]

# The pages whose accessibility tree is kept as a golden file (tests/browser/golden/<name>.aria.yml).
GOLDEN = ("home", "community", "article")
