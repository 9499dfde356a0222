"""Withdrawing an article behind the edge: its address answers 410 Gone with an accessible page, and it is gone
from its community's list, the home page, search, the sitemap, the feed and every see-also, each read through the
emulated edge, so only an invalidation of every changed path lets a reader see it; its revisions are kept; and
publishing it again restores it as a new revision. Published by the publish function, read by the site, each under
its own role on the IAM-enforcing moto."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.edge.emulator import HIT, EdgeCache
from local.serve.server import Gateway
from readwell.articles.content import load_content
from readwell.articles.release import release
from readwell.web.responses import PAGE_CACHE
from tests.helpers import COMMUNITY_FRONT, Reply, article_front, links
from tests.integration.edge_helpers import EDGE_STACK, SECRET, Clock, get

pytestmark = EDGE_STACK

REASON = "Our reviewers found that its advice is out of date. We are writing a new version."
WITHDRAWN = f"status: withdrawn\nwithdrawn_reason: {REASON}\n"
SEE_SWELLING = "see_also:\n  - slug: swelling\n    title: Swelling after surgery\n"
SWELLING = "/articles/swelling"
# Every page that shows the article, or shows it is gone: each must change when it is withdrawn.
SHOWING = [SWELLING, f"{SWELLING}/history", "/communities/test", "/", "/sitemap.xml", "/feed.xml", "/articles/fatigue"]
SEARCH = "/search?q=lymphoedema"


def write(root: Path, slug: str, title: str, body: str, extra: str = "") -> None:
    front = article_front(title=title, summary=f"About {title.lower()}.") + extra
    (root / "articles" / f"{slug}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def write_swelling(root: Path, extra: str = "") -> None:
    body = "Lymphoedema is swelling in the arm. It can follow surgery."
    write(root, "swelling", "Swelling after surgery", body, extra)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "communities").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "communities" / "test.md").write_text(f"---\n{COMMUNITY_FRONT}---\nAbout.\n", encoding="utf-8")
    write_swelling(root)
    write(root, "fatigue", "Feeling tired", "Tiredness is common. Rest helps.", SEE_SWELLING)
    return root


@pytest.fixture
def edge(aws: Account) -> EdgeCache:
    return EdgeCache(Gateway(aws), SECRET, clock=Clock())


class Publisher:
    """Publishes a content folder as a deploy does (release): the edge forgets each path publishing names."""

    def __init__(self, repo: Any, edge: EdgeCache) -> None:
        self.repo, self.edge, self.sent = repo, edge, list[list[str]]()

    def __call__(self, root: Path) -> None:
        def invalidate(paths: list[str], reference: str) -> str:
            self.sent.append(paths)
            self.edge.invalidate(paths)
            return f"invalidation-{len(self.sent)}"

        release(load_content(root), self.repo, invalidate)


def read(edge: EdgeCache, path: str) -> Reply:
    return get(edge, path, extra=[("Accept-Encoding", "identity")])


def shows_link(reply: Reply, path: str = SWELLING) -> bool:
    return path in links(reply.text) or f"<loc>https://readwell.example.org{path}</loc>" in reply.text


def test_a_withdrawn_article_answers_410_and_is_gone_from_every_page_behind_the_edge(
    content: Path, content_repo: Any, site_repo: Any, edge: EdgeCache
) -> None:
    publish = Publisher(content_repo, edge)
    publish(content)
    for path in [*SHOWING, SEARCH]:
        read(edge, path)
        assert read(edge, path).header("X-Cache") == HIT, path  # the edge keeps each of them now
    assert all(shows_link(read(edge, path)) for path in ["/communities/test", "/", "/articles/fatigue", SEARCH])
    assert SWELLING in read(edge, "/sitemap.xml").text and SWELLING in read(edge, "/feed.xml").text

    write_swelling(content, WITHDRAWN)
    publish(content)

    gone = read(edge, SWELLING)
    assert gone.status == 410 and gone.header("Cache-Control") == PAGE_CACHE
    assert "<title>Withdrawn: Swelling after surgery - Test - Readwell</title>" in gone.text
    assert "<h1>This article has been withdrawn</h1>" in gone.text and '<main id="main-content"' in gone.text
    today = date.today()
    assert f'<time datetime="{today.isoformat()}">{today.day} {today:%B %Y}</time>' in gone.text
    assert f"<p>{REASON}</p>" in gone.text
    assert "/communities/test" in links(gone.text) and f"{SWELLING}/history" in links(gone.text)
    for path in ["/communities/test", "/", "/sitemap.xml", "/feed.xml", "/articles/fatigue", SEARCH]:
        assert not shows_link(reply := read(edge, path)) and SWELLING not in reply.text, path
    assert 'Swelling after surgery <span class="hint">(withdrawn)</span>' in read(edge, "/articles/fatigue").text
    assert "Withdrawn. " + REASON in read(edge, f"{SWELLING}/history").text
    sent = set(publish.sent[-1])
    assert {*SHOWING, "/search*", "/articles/fatigue/history"} <= sent

    revisions = site_repo.revisions("swelling")
    assert [r["revision"] for r in revisions] == [1, 2]
    assert "Lymphoedema is swelling" in revisions[0]["body_html"] and revisions[1]["status"] == "withdrawn"


def test_publishing_it_again_restores_it_as_a_new_revision(
    content: Path, content_repo: Any, site_repo: Any, edge: EdgeCache
) -> None:
    publish = Publisher(content_repo, edge)
    publish(content)
    write_swelling(content, WITHDRAWN)
    publish(content)
    for path in [*SHOWING, SEARCH]:
        read(edge, path)

    write_swelling(content)
    publish(content)

    back = read(edge, SWELLING)
    assert back.status == 200 and "Lymphoedema is swelling in the arm" in back.text
    assert site_repo.get_article("swelling")["revision"] == 3
    assert [r["revision"] for r in site_repo.revisions("swelling")] == [1, 2, 3]
    assert all(shows_link(read(edge, path)) for path in ["/communities/test", "/", "/articles/fatigue", SEARCH])
    assert SWELLING in read(edge, "/sitemap.xml").text and SWELLING in read(edge, "/feed.xml").text
    history = read(edge, f"{SWELLING}/history").text
    assert history.index("Published again.") < history.index("Withdrawn. ") < history.index("First published.")


def test_publishing_a_withdrawn_article_again_another_day_writes_nothing(
    content: Path, content_repo: Any, edge: EdgeCache
) -> None:
    """The day it was withdrawn is kept out of the content hash: it stays the day it was first withdrawn."""
    from readwell.articles.publishing import publish

    write_swelling(content, WITHDRAWN)
    publish(load_content(content), content_repo, today=date(2026, 3, 5))
    again = publish(load_content(content), content_repo, today=date(2026, 3, 6))
    assert again.written == [] and again.writes == 0
    assert "5 March 2026" in read(edge, SWELLING).text
