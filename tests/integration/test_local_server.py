"""`make serve` as a newcomer meets it: a real HTTP server, an embedded moto server, content published."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import links, without_soft_hyphens
from tests.support.local_server import Site, local_site

ROOT = Path(__file__).resolve().parents[2]
SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
pytestmark = pytest.mark.xdist_group("local-server")  # one server for the module, on one process


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[Site]:
    """`python -m local.serve` exactly as `make serve` starts it, on a free port; it must stop cleanly on Ctrl-C."""
    port = free_port()
    with local_site("--port", str(port), start_timeout=60) as running:
        assert running.url == f"http://127.0.0.1:{port}"
        yield running
    assert running.process.returncode == 0, "the server did not exit cleanly:\n" + running.output()[-6000:]


@pytest.fixture
def site(server: Site) -> str:
    return server.url


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_home_links_reach_the_community_and_the_article(site: str) -> None:
    status, home = fetch(site + "/")
    assert status == 200
    community_link = next(href for href in links(home) if href.startswith("/communities/"))
    status, community = fetch(site + community_link)
    assert status == 200 and "About this community" in community
    article_link = next(href for href in links(community) if href.startswith("/articles/"))
    status, article = fetch(site + article_link)
    assert status == 200
    for text in ("What is metastasis, and how does it happen?", "Source:", "Disclaimer", "See also", "Last revision"):
        assert text in without_soft_hyphens(article)
    stylesheet = next(href for href in links(article) if href.startswith("/static/"))
    assert fetch(site + stylesheet)[0] == 200


def test_missing_article_is_an_html_404_linking_home(site: str) -> None:
    status, body = fetch(site + "/articles/does-not-exist")
    assert status == 404
    assert "<h1>Page not found</h1>" in body and 'href="/"' in body


def test_compressed_bodies_and_cache_headers_pass_through_the_server(site: str) -> None:
    import gzip

    request = urllib.request.Request(site + f"/articles/{SLUG}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
        assert int(response.headers["Content-Length"]) == len(raw)
        etag = response.headers["ETag"]
        assert "Accept-Encoding" in response.headers["Vary"]
    assert b"See also" in gzip.decompress(raw)
    revalidate = urllib.request.Request(site + f"/articles/{SLUG}", headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(revalidate, timeout=10)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 304


def test_an_oversize_form_gets_the_sites_413_page_not_a_bare_refusal(site: str) -> None:
    """The local server passes anything up to API Gateway's 10 MB on, as API Gateway does."""
    request = urllib.request.Request(
        site + "/",
        data=b"a=" + b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
        pytest.fail("an oversize form was accepted")
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        assert error.code == 413
        assert "<h1>What you sent is too large</h1>" in body and "Nothing has been saved." in body
        assert error.headers["Content-Security-Policy"]


def test_make_publish_publishes_into_the_served_moto_under_the_publish_role(server: Site, site: str) -> None:
    """`make serve` says where its moto is; `make publish` there runs as the publish function, IAM enforced."""
    found = re.search(r"AWS_ENDPOINT_URL_DYNAMODB=(http://127\.0\.0\.1:\d+) make publish", server.output())
    assert found, server.output()
    env = {**os.environ, "AWS_ENDPOINT_URL_DYNAMODB": found.group(1)}
    done = subprocess.run(
        [sys.executable, "-m", "local.publish"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 published, 6 unchanged" in done.stdout and "(as PublishFunction's role)" in done.stdout
    with urllib.request.urlopen(f"{site}/articles/{SLUG}") as reply:
        assert reply.status == 200


def test_make_publish_and_make_content_check_refuse_to_lose_a_published_article_with_its_file(
    server: Site, site: str, tmp_path: Path
) -> None:
    found = re.search(r"AWS_ENDPOINT_URL_DYNAMODB=(http://127\.0\.0\.1:\d+) make publish", server.output())
    assert found, server.output()
    env = {**os.environ, "AWS_ENDPOINT_URL_DYNAMODB": found.group(1)}
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / f"{SLUG}.md").unlink()
    entry = content / "glossary" / "tumor.md"  # a change that would be written, were the publish not refused
    entry.write_text(entry.read_text(encoding="utf-8").rstrip() + " Never published.\n", encoding="utf-8")
    where = f"content/articles/{SLUG}.md"
    why = "'Metastatic Breast Cancer: Metastasis and Primary Cancer' was published and has no file"

    def run(module: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", module, "--content", str(content)]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    published = run("local.publish")
    assert published.returncode == 1, published.stdout + published.stderr
    assert f"{where}: {why}; to withdraw it, set status: withdrawn\n" in published.stderr
    assert "Nothing was published." in published.stderr
    checked = run("local.content_check")
    assert checked.returncode == 1 and f"{where}: error: {why};" in checked.stderr, checked.stdout + checked.stderr
    assert fetch(f"{site}/articles/{SLUG}")[0] == 200
    assert "Never published." not in fetch(f"{site}/glossary")[1]


@pytest.mark.parametrize("method", ["TRACE", "FOO", "PATCH"])
def test_any_method_a_path_does_not_take_gets_the_sites_405_page(site: str, method: str) -> None:
    request = urllib.request.Request(f"{site}/articles/{SLUG}", method=method)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    reply = refused.value
    assert reply.code == 405 and reply.headers["Allow"] == "GET, HEAD"
    assert reply.headers["Content-Security-Policy"] and reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>This action is not available</h1>" in reply.read().decode()


def test_make_feedback_prints_what_readers_sent_the_served_site_as_csv(server: Site, site: str) -> None:
    """Feedback posted to the running site, then `make feedback` against its moto: CSV on standard output, with a
    reader's text that a spreadsheet would run as a formula escaped."""
    import csv
    import io
    from datetime import UTC, datetime
    from urllib.parse import urlencode

    sent = [
        {"page": f"/articles/{SLUG}", "answer": "no", "text": '=HYPERLINK("https://evil.example","more, please")'},
        {"page": "/glossary", "answer": "yes"},
    ]
    for fields in sent:
        request = urllib.request.Request(f"{site}/feedback", data=urlencode(fields).encode(), method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        with urllib.request.urlopen(request, timeout=10) as reply:  # follows the 303 to the thank-you page
            assert reply.status == 200 and reply.url.startswith(f"{site}/feedback/thanks?page=")
    found = re.search(r"AWS_ENDPOINT_URL_DYNAMODB=(http://127\.0\.0\.1:\d+) make feedback", server.output())
    assert found, server.output()
    env = {**os.environ, "AWS_ENDPOINT_URL_DYNAMODB": found.group(1)}
    done = subprocess.run(
        ["make", "--no-print-directory", "feedback"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    today = datetime.now(UTC).date().isoformat()
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["day", "page", "answer", "text"]
    assert sorted(rows[1:]) == [
        [today, f"/articles/{SLUG}", "no", "'" + sent[0]["text"]],
        [today, "/glossary", "yes", ""],
    ]
    assert "2 pieces of feedback from FeedbackTable" in done.stderr
