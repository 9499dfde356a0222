"""The site the browser suite reads: the local server (tests/support/local_server.py), each browser context a
reader at an address of its own."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.local_server import ROOT, local_site

# Each browser context is a reader of its own, at an address of its own (browsing.new_context), as readers are:
# the per-address limits (readwell/tracker/rate_limits.py) count them apart, not as one crowd at 127.0.0.1.
CLIENT_ADDRESS_HEADER = "x-test-client-address"


REFERENCE = "metastatic-breast-cancer-metastasis-and-primary-cancer"
WITHDRAWN_SLUG = "withdrawn-example"
# Test content only (never in content/): a withdrawn article, for its 410 page, and a change note on the reference
# article's copy, for its "Updated on" line and its page history.
CHANGE_NOTE = "change_note: In this test copy, a note says in plain words what a correction changed.\n"
WITHDRAWN_ARTICLE = """---
title: "An example of a withdrawn article"
community: breast-cancer-stage-3-4
summary: "A test article, withdrawn, so that the browser suite can check the page its address then shows."
published: 2020-01-02
published_by: Test editor
revised: 2020-02-03
revised_by: Test editor
last_reviewed: 2020-02-03
next_review_due: 2099-02-03
status: withdrawn
withdrawn_reason: "This test article stands for one whose advice was found to be out of date."
---
Withdrawn text, never shown.
"""


def browser_content(folder: Path) -> Path:
    """content/ with the browser suite's test content added, in `folder`."""
    root = folder / "content"
    shutil.copytree(ROOT / "content", root)
    reference = root / "articles" / f"{REFERENCE}.md"
    reference.write_text(reference.read_text(encoding="utf-8").replace("---\n", "---\n" + CHANGE_NOTE, 1))
    (root / "articles" / f"{WITHDRAWN_SLUG}.md").write_text(WITHDRAWN_ARTICLE, encoding="utf-8")
    return root


@contextmanager
def running_site() -> Iterator[str]:
    """The base URL of a freshly started local server that trusts CLIENT_ADDRESS_HEADER, serving content/ and the
    browser suite's test content; stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="readwell-browser-content-") as folder:
        content = browser_content(Path(folder))
        options = ("--host", "127.0.0.1", "--port", "0", "--client-address-header", CLIENT_ADDRESS_HEADER)
        with local_site(*options, "--content", str(content)) as site:
            yield site.url
