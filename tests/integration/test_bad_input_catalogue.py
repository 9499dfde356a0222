"""The bad-input catalogue: hostile and malformed requests against every route template.yaml declares.

Each case asserts: the status it documents (4xx; a same-site 303 for /preferences; 200 only where the
input is rightly ignored or searched for), never 5xx, nothing written in ANY table (full scans before
and after), no payload echoed unescaped. Cases for routes not yet built are listed here already
and skip, saying why, until template.yaml declares the route; then they run for real.
The last test prints the summary docs/reliability.md quotes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from local.template import declarations
from readwell.articles.content import load_content
from readwell.articles.model import ContentError
from readwell.articles.publishing import publish
from tests.helpers import COMMUNITY_FRONT, article_front, call
from tests.reliability.tables import changed_items, snapshot

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_Q = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
IMG_Q = "%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"
FORM = [("Content-Type", "application/x-www-form-urlencoded")]
ANY_4XX = tuple(range(400, 500))
GENERIC_404 = "<h1>Page not found</h1>"


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    target: str
    expect: tuple[int, ...]
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    needs: str | None = None  # a path template.yaml must route to its own handler (not $default)
    reaches_handler: bool = False  # the feature's handler must answer, not the generic 404 page
    why: str = ""
    counts_a_try: bool = False  # the one write allowed: the expiring counter that limits recovery tries


def _without_try_counters(tables: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The tables minus the recovery-attempt counters (a limit on tries needs them written)."""
    return {
        name: [item for item in items if not item.get("PK", {}).get("S", "").startswith("ATTEMPTS#")]
        for name, items in tables.items()
    }


class _Injected(HTMLParser):
    """Markup a payload would create if it came back unescaped: event-handler attributes, script text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"<{tag} {name}=...>" for name, _ in attrs if name.startswith("on")]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append("<script>alert(...)</script>")


def injected_markup(html: str) -> list[str]:
    parser = _Injected()
    parser.feed(html)
    return parser.found


def form(text: str) -> bytes:
    return text.encode("utf-8")


CASES = [
    # Paths: traversal, markup, encodings, lengths.
    Case("path-script", "GET", "/articles/" + SCRIPT_Q, (404,)),
    Case("path-img", "GET", "/articles/" + IMG_Q.replace("+", "%20"), (404,)),
    Case("path-raw-markup", "GET", "/communities/<b>x</b>", (404,)),
    Case("path-traversal", "GET", "/articles/../../etc/passwd", (404,)),
    Case("path-traversal-encoded", "GET", "/articles/..%2f..%2fetc%2fpasswd", (404,)),
    Case("static-traversal", "GET", "/static/..%2f..%2ftemplate.yaml", (404,)),
    Case("static-dot-dot", "GET", "/static/%2e%2e/%2e%2e/template.yaml", (404,)),
    Case("static-unhashed", "GET", "/static/readwell.css", (404,)),
    Case("path-nul", "GET", "/articles/%00", (400,)),
    Case("path-nul-middle", "GET", f"/articles/{SLUG}%00.html", (400,)),
    Case("path-invalid-utf8", "GET", "/articles/%ff%fe", (400,)),
    Case("path-overlong-utf8", "GET", "/communities/%c0%ae%c0%ae", (400,)),
    Case("path-crlf", "GET", "/articles/x%0d%0aSet-Cookie:%20a=1", (400,)),
    Case("path-broken-escape", "GET", "/articles/%zz", (400,)),
    Case("path-too-long", "GET", "/articles/" + "a" * 10_300, (414,)),
    Case("path-double-slash", "GET", "//evil.example.com", (404,)),
    Case("path-trailing-slash", "GET", f"/articles/{SLUG}/", (404,)),
    Case("path-uppercase", "GET", "/ARTICLES/" + SLUG, (404,)),
    Case("path-unicode-slug", "GET", "/articles/%C3%A9t%C3%A9", (404,)),
    Case("history-script", "GET", f"/articles/{SCRIPT_Q}/history", (404,)),
    Case("history-of-nothing", "GET", "/articles/no-such-article/history", (404,)),
    Case("history-deeper", "GET", f"/articles/{SLUG}/history/x", (404,)),
    # Query strings.
    Case("query-invalid-utf8", "GET", "/?a=%ff", (400,)),
    Case("query-nul", "GET", "/?a=%00", (400,)),
    Case("query-broken-escape", "GET", "/?a=%zz", (400,)),
    Case("query-repeated", "GET", "/?a=1&a=2", (400,)),
    Case("query-repeated-markup", "GET", f"/articles/{SLUG}?x={SCRIPT_Q}&x={IMG_Q}", (400,)),
    Case("query-too-long", "GET", "/?x=" + "a" * 10_300, (414,)),
    Case("query-control-chars", "GET", "/?a=%1b%5b2J", (400,)),
    # Headers and cookies.
    Case("header-huge", "GET", "/", (431,), headers=[("X-Padding", "a" * 5000)]),
    Case("headers-many", "GET", "/", (431,), headers=[(f"X-Pad-{i}", "a" * 2000) for i in range(10)]),
    # A garbage cookie gives the default variant and the page still renders; the guard drops
    # it (a reader cannot clear a cookie, so refusing would lock them out of the whole site).
    *[
        Case(f"cookie-{name}-dropped", "GET", "/", (200,), headers=[("Cookie", cookie)], why="dropped, not refused")
        for name, cookie in [
            ("huge", "rw_prefs=" + "a" * 5000),
            ("nul", "rw_prefs=a\x00b"),
            ("invalid-utf8", "rw_prefs=\udcff\udcfe"),
            ("control", "rw_prefs=\x1b[2J"),
        ]
    ],
    Case(
        "cookie-unknown-ignored",
        "GET",
        "/",
        (200,),
        headers=[("Cookie", f"nonsense={SCRIPT_Q}; rw_prefs={IMG_Q}")],
        why="unknown or malformed cookies are ignored: a broken cookie must never lock a reader out",
    ),
    Case(
        "cookie-prefs-garbage-ignored",
        "GET",
        f"/articles/{SLUG}",
        (200,),
        headers=[("Cookie", "rw_prefs=text_size%3Dhuge%26scheme%3D%3Cscript%3E")],
        why="preferences outside the allowlist fall back to the defaults",
    ),
    # Methods.
    Case("method-post-home", "POST", "/", (405,)),
    Case("method-delete-article", "DELETE", f"/articles/{SLUG}", (405,)),
    Case("method-put-static", "PUT", "/static/x.css", (405,)),
    Case("method-patch-community", "PATCH", "/communities/breast-cancer-stage-3-4", (405,)),
    Case("method-options", "OPTIONS", "/", (405,)),
    Case("method-trace", "TRACE", "/", (404, 405)),
    Case("method-unknown", "BREW", "/", (404, 405)),
    # Form bodies (the guard answers before any handler).
    Case("form-json", "POST", "/", (415,), [("Content-Type", "application/json")], b'{"text_size":"largest"}'),
    Case("form-multipart", "POST", "/", (415,), [("Content-Type", "multipart/form-data; boundary=x")], b"--x--"),
    Case("form-text-plain", "POST", "/", (415,), [("Content-Type", "text/plain")], b"a=1"),
    Case("form-latin1", "POST", "/", (415,), [("Content-Type", FORM[0][1] + "; charset=iso-8859-1")], b"a=\xe9"),
    Case("form-no-type", "POST", "/", (415,), [], b"a=1"),
    Case("form-oversize", "POST", "/", (413,), FORM, b"a=" + b"x" * 70_000),
    Case("form-raw-invalid-utf8", "POST", "/", (400,), FORM, b"a=\xff\xfe"),
    Case("form-escaped-invalid-utf8", "POST", "/", (400,), FORM, b"a=%ff"),
    Case("form-nul", "POST", "/", (400,), FORM, b"a=%00"),
    Case("form-broken-pair", "POST", "/", (400,), FORM, b"justaname"),
    Case("form-broken-escape", "POST", "/", (400,), FORM, b"a=%g1"),
    Case("form-repeated", "POST", "/", (400,), FORM, b"a=1&a=2"),
    Case("form-too-many-fields", "POST", "/", (400,), FORM, "&".join(f"f{i}=1" for i in range(60)).encode()),
    Case("form-markup-valid", "POST", f"/articles/{SLUG}", (405,), FORM, form(f"a={SCRIPT_Q}&b={IMG_Q}")),
    # Display preferences (the form on every page).
    Case(
        "prefs-markup-values",
        "POST",
        "/preferences",
        (303, 400),
        FORM,
        form(f"text_size={SCRIPT_Q}&scheme={IMG_Q}&return_to=/"),
        needs="/preferences",
        reaches_handler=True,
        why="values outside the allowlist are refused or ignored; the redirect stays on this site",
    ),
    *[
        Case(
            f"prefs-open-redirect-{n}",
            "POST",
            "/preferences",
            (303, 400),
            FORM,
            form("text_size=large&scheme=high&return_to=" + target),
            needs="/preferences",
            reaches_handler=True,
            why="return_to is a same-site relative path or the redirect goes home",
        )
        for n, target in enumerate(
            [
                "%2F%2Fevil.example.com",
                "https%3A%2F%2Fevil.example.com%2F",
                "%2F%5Cevil.example.com",
                "javascript%3Aalert(1)",
                "%2F%09%2Fevil.example.com",
                "%0d%0aLocation:%20https://evil.example.com",
            ]
        )
    ],
    Case("prefs-json", "POST", "/preferences", (415,), [("Content-Type", "application/json")], b"{}", "/preferences"),
    Case("prefs-oversize", "POST", "/preferences", (413,), FORM, b"text_size=" + b"l" * 70_000, "/preferences"),
    Case("prefs-repeated", "POST", "/preferences", (400,), FORM, b"scheme=high&scheme=standard", "/preferences"),
    Case(
        "prefs-get",
        "GET",
        "/preferences",
        (303,),
        needs="/preferences",
        why="/preferences answers a stray visit with a 303 to a same-site page (here /), never an error",
    ),
    # "Was this page useful?" (feedback on an article or the glossary): a page explains, nothing is kept.
    Case(
        "feedback-text-too-long",
        "POST",
        "/feedback",
        (400,),
        FORM,
        form(f"page=/articles/{SLUG}&answer=no&text=" + "x" * 501),
        needs="/feedback",
        reaches_handler=True,
        why="over 500 characters: the box comes back with the text and a summary linked to it",
    ),
    Case(
        "feedback-markup-text-too-long",
        "POST",
        "/feedback",
        (400,),
        FORM,
        form(f"page=/articles/{SLUG}&answer=no&text=" + SCRIPT_Q * 30),
        needs="/feedback",
        reaches_handler=True,
        why="the reader's text comes back escaped",
    ),
    Case(
        "feedback-unknown-answer",
        "POST",
        "/feedback",
        (400,),
        FORM,
        form(f"page=/articles/{SLUG}&answer={SCRIPT_Q}"),
        needs="/feedback",
        reaches_handler=True,
    ),
    *[
        Case(
            f"feedback-not-a-feedback-page-{n}",
            "POST",
            "/feedback",
            (400,),
            FORM,
            form(f"page={page}&answer=yes"),
            needs="/feedback",
            reaches_handler=True,
            why="only an article or the glossary asks for feedback",
        )
        for n, page in enumerate(
            ["%2Ftracker", "https%3A%2F%2Fevil.example%2Farticles%2Fx", "%2Farticles%2F..%2Ftracker", IMG_Q, ""]
        )
    ],
    Case(
        "feedback-missing-markup-page",
        "GET",
        "/feedback/missing?page=" + IMG_Q,
        (400,),
        needs="/feedback/missing",
        reaches_handler=True,
    ),
    Case("feedback-json", "POST", "/feedback", (415,), [("Content-Type", "application/json")], b"{}", "/feedback"),
    Case("feedback-get", "GET", "/feedback", (405,), needs="/feedback", reaches_handler=True),
    Case(
        "feedback-cross-site",
        "POST",
        "/feedback",
        (403,),
        [*FORM, ("Origin", "https://evil.example")],
        form(f"page=/articles/{SLUG}&answer=yes"),
        needs="/feedback",
        reaches_handler=True,
    ),
    Case(
        "prefs-cross-site",
        "POST",
        "/preferences",
        (403,),
        [*FORM, ("Sec-Fetch-Site", "cross-site")],
        form("text_size=largest&return_to=/"),
        needs="/preferences",
        reaches_handler=True,
        why="another site's page must not reset a reader's display settings",
    ),
    # Weight tracker (no tracker of ours exists in these requests: nothing may be created or changed).
    Case(
        "tracker-start-bad-unit",
        "POST",
        "/tracker/start",
        ANY_4XX,
        FORM,
        form(f"start_date=2026-01-01&unit={SCRIPT_Q}&height_cm=&goal="),
        needs="/tracker/start",
        reaches_handler=True,
    ),
    Case(
        "tracker-start-impossible-date",
        "POST",
        "/tracker/start",
        ANY_4XX,
        FORM,
        form("start_date=2026-02-30&unit=kg&height_cm=&goal="),
        needs="/tracker/start",
        reaches_handler=True,
    ),
    Case(
        "tracker-start-negative-height",
        "POST",
        "/tracker/start",
        ANY_4XX,
        FORM,
        form(f"start_date=2026-01-01&unit=kg&height_cm=-5&goal={IMG_Q}"),
        needs="/tracker/start",
        reaches_handler=True,
    ),
    *[
        Case(
            f"tracker-entry-no-tracker-{n}",
            "POST",
            "/tracker/entries",
            (303, *ANY_4XX),
            FORM,
            form(body),
            needs="/tracker/entries",
            why="without a tracker cookie an entry is refused or sent to the start page; nothing saved",
        )
        for n, body in enumerate(
            [
                "date=2026-01-01&weight=70&csrf_token=x",
                f"date={SCRIPT_Q}&weight={IMG_Q}&csrf_token=x",
                "date=2026-01-01&weight=1e309&csrf_token=x",
                "date=2026-01-01&weight=NaN&csrf_token=x",
            ]
        )
    ],
    Case(
        "tracker-entry-forged-cookie",
        "POST",
        "/tracker/entries",
        (303, *ANY_4XX),
        [*FORM, ("Cookie", "rw_tracker=" + "A" * 43)],
        form("date=2026-01-01&weight=70&csrf_token=forged"),
        needs="/tracker/entries",
    ),
    Case(
        "tracker-entry-markup-cookie",
        "POST",
        "/tracker/entries",
        (303, *ANY_4XX),
        [*FORM, ("Cookie", "rw_tracker=%3Cscript%3E")],
        form("date=2026-01-01&weight=70&csrf_token=x"),
        needs="/tracker/entries",
    ),
    Case(
        "tracker-entries-json",
        "POST",
        "/tracker/entries",
        (415,),
        [("Content-Type", "application/json")],
        b"{}",
        "/tracker",
    ),
    Case("tracker-oversize", "POST", "/tracker/entries", (413,), FORM, b"weight=" + b"9" * 70_000, "/tracker"),
    Case("tracker-repeated", "POST", "/tracker/entries", (400,), FORM, b"weight=70&weight=80", "/tracker"),
    Case("tracker-edit-markup-date", "GET", f"/tracker/entries/{SCRIPT_Q}/edit", (303, *ANY_4XX), needs="/tracker"),
    Case("tracker-edit-impossible-date", "GET", "/tracker/entries/2026-13-45/edit", (303, *ANY_4XX), needs="/tracker"),
    Case(
        "tracker-delete-traversal",
        "POST",
        "/tracker/entries/..%2f..%2fx/delete",
        (303, *ANY_4XX),
        FORM,
        b"csrf_token=x",
        "/tracker",
    ),
    Case("tracker-export-no-tracker", "GET", "/tracker/export.csv", (303, *ANY_4XX), needs="/tracker"),
    Case("tracker-delete-no-csrf", "POST", "/tracker/delete", (303, *ANY_4XX), FORM, b"confirm=yes", "/tracker"),
    *[
        Case(
            f"tracker-open-bad-code-{n}",
            "POST",
            "/tracker/open",
            ANY_4XX,
            FORM,
            form("recovery_code=" + code),
            needs="/tracker/open",
            reaches_handler=True,
            why="an unknown or malformed recovery code is a form error on the open page; the try is counted",
            counts_a_try=True,
        )
        for n, code in enumerate([SCRIPT_Q, "%27+OR+1%3D1+--", "A" * 200, ""])
    ],
    # Search, feeds and the sitemap.
    Case(
        "search-markup",
        "GET",
        "/search?q=" + SCRIPT_Q,
        (200,),
        needs="/search",
        reaches_handler=True,
        why="searching for markup is a valid search: it must come back escaped",
    ),
    Case("search-invalid-utf8", "GET", "/search?q=%ff", (400,), needs="/search"),
    Case("search-repeated", "GET", "/search?q=a&q=b", (400,), needs="/search"),
    Case("search-too-long", "GET", "/search?q=" + "a" * 10_300, (414,), needs="/search"),
    Case("feed-nul", "GET", "/feed.xml?x=%00", (400,), needs="/feed.xml"),
    Case("sitemap-post", "POST", "/sitemap.xml", (404, 405), needs="/sitemap.xml"),
]

RESULTS: list[dict[str, Any]] = []
# The cases and their summary (which reads RESULTS) run on one process, one after the other.
pytestmark = pytest.mark.xdist_group("bad-input-catalogue")


def _routed(path: str) -> bool:
    """template.yaml routes this path to a handler of its own (not just the $default fallback)."""
    return any(r.path != "$default" and r.pattern.match(path) for r in declarations.routes())


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_with_a_page_and_writes_nothing(gateway: Gateway, admin: Any, case: Case) -> None:
    if case.needs and not _routed(case.needs):
        pytest.skip(f"{case.needs} is not routed in template.yaml on this branch (runs once it is merged)")
    client = admin
    before = snapshot(client)
    reply = call(gateway, case.method, case.target, case.headers, case.body)
    after = snapshot(client)
    writes = changed_items(_without_try_counters(before), _without_try_counters(after))
    tries_counted = changed_items(before, after) - writes
    text = reply.body.decode("utf-8", errors="replace")
    RESULTS.append({"case": case.id, "status": reply.status, "writes": writes})

    assert reply.status < 500, f"{case.id}: {reply.status}"
    assert reply.status in case.expect, f"{case.id}: {reply.status}, expected {case.expect}"
    assert writes == 0, f"{case.id}: {writes} items changed"
    assert tries_counted == (1 if case.counts_a_try else 0), f"{case.id}: {tries_counted} try counters changed"
    # The payload's words may come back as escaped text (a form keeps the reader's input); markup may not.
    assert SCRIPT not in text and IMG not in text and injected_markup(text) == [], case.id
    assert "Traceback" not in text
    if reply.status >= 400:
        assert reply.header("Content-Type") == "text/html; charset=utf-8", case.id
        assert text.count("<h1>") == 1 and "<main" in text, f"{case.id}: not a page in the site layout"
    if reply.status == 303:
        location = reply.header("Location") or ""
        assert location.startswith("/") and not location.startswith(("//", "/\\")), f"open redirect: {location!r}"
        assert "\r" not in location and "\n" not in location and "evil" not in location
    if case.reaches_handler:
        assert GENERIC_404 not in text, f"{case.id}: answered by the generic 404 page, not the feature's handler"


# Content files: malformed front matter is reported as path:line and nothing is published.
GOOD_COMMUNITY = f"---\n{COMMUNITY_FRONT}---\nAbout.\n"
GOOD_FRONT = article_front()
CONTENT_CASES = {
    "no-front-matter": "Just a body.\n",
    "yaml-syntax": "---\ntitle: [unclosed\n---\nBody\n",
    "yaml-not-mapping": "---\n- a\n- b\n---\nBody\n",
    "unknown-field": f"---\n{GOOD_FRONT}colour: red\n---\nBody\n",
    "bad-date": "---\n" + GOOD_FRONT.replace("2020-01-01", "2020-02-30") + "---\nBody\n",
    "revised-before-published": "---\n" + GOOD_FRONT.replace("2020-01-02", "2019-01-01") + "---\nBody\n",
    "unknown-community": "---\n" + GOOD_FRONT.replace("test", "nope") + "---\nBody\n",
    "script-in-see-also-slug": f"---\n{GOOD_FRONT}see_also:\n  - slug: '{SCRIPT}'\n    title: x\n---\nBody\n",
    "empty-body": f"---\n{GOOD_FRONT}---\n",
    "yaml-python-tag": "---\ntitle: !!python/object/apply:os.system ['true']\n---\nBody\n",
    "nul-byte": f"---\n{GOOD_FRONT}---\nBody\x00\n",
    "field-named-content": f"---\n{GOOD_FRONT}content: x\nhandler: y\n---\nBody\n",
    "title-too-long": "---\n" + GOOD_FRONT.replace("title: T", "title: " + "T" * 300) + "---\nBody\n",
    "withdrawn-without-reason": f"---\n{GOOD_FRONT}status: withdrawn\n---\nBody\n",
    "unknown-status": f"---\n{GOOD_FRONT}status: draft\n---\nBody\n",
    "change-note-too-long": f"---\n{GOOD_FRONT}change_note: {'x' * 301}\n---\nBody\n",
}


@pytest.mark.parametrize("name", sorted(CONTENT_CASES))
def test_malformed_content_file_is_reported_and_nothing_is_published(
    content_repo: Any, admin: Any, tmp_path: Path, name: str
) -> None:
    (tmp_path / "communities").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "communities" / "test.md").write_text(GOOD_COMMUNITY, encoding="utf-8")
    (tmp_path / "articles" / "broken.md").write_text(CONTENT_CASES[name], encoding="utf-8")
    client = admin
    before = snapshot(client)
    with pytest.raises(ContentError) as raised:
        publish(load_content(tmp_path), content_repo)
    writes = changed_items(before, snapshot(client))
    RESULTS.append({"case": f"content-{name}", "status": "ContentError", "writes": writes})
    assert writes == 0
    assert all(str(problem).startswith(f"{tmp_path.name}/articles/broken.md:") for problem in raised.value.problems)


def test_catalogue_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this file: the figures for docs/reliability.md, from the cases that ran above."""
    http = [r for r in RESULTS if r["status"] != "ContentError"]
    summary = {
        "cases_defined": len(CASES) + len(CONTENT_CASES),
        "cases_run": len(RESULTS),
        "cases_skipped_route_absent": len(CASES) + len(CONTENT_CASES) - len(RESULTS),
        "answers_5xx": sum(1 for r in http if r["status"] >= 500),
        "writes_lost_or_made": sum(r["writes"] for r in RESULTS),
    }
    with capsys.disabled():
        print("\nbad-input catalogue:", json.dumps(summary))
    if not RESULTS:
        pytest.skip("run with the catalogue cases (this summarises them)")
    assert summary["cases_defined"] >= 60
    assert summary["answers_5xx"] == 0
    assert summary["writes_lost_or_made"] == 0
