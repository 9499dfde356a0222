"""The made-up content priming answers DynamoDB with (priming.py): an article and a glossary.

The article uses every part of the article page (contents list, glossary link, plain summary, see-also, the
overdue-review notice, reviewer, sources and printed definitions),
so the whole template is compiled and run once; readers never see it. Any other read gets DynamoDB's
empty answer (storage/in_process.py).
"""

from __future__ import annotations

from typing import Any

from readwell.snapstart import MADE_UP_ARTICLE
from readwell.storage.dynamodb import to_item
from readwell.storage.in_process import Answer

SLUG = MADE_UP_ARTICLE
_BODY = (
    '<p>A <a href="/glossary#tumor" class="glossary-term">tumor</a> and its '
    '<abbr title="an abbreviation">ABBR</abbr> (an abbreviation).</p>'
    + "".join(f'<h2 id="part-{n}">Part {n}</h2><p>Text of part {n}.</p>' for n in range(1, 4))
)
ARTICLE: dict[str, Any] = {
    "PK": f"ARTICLE#{SLUG}",
    "SK": "CURRENT",
    "slug": SLUG,
    "title": "Priming article",
    "heading": "Priming article",
    "summary": "Made up to warm the page before a snapshot.",
    "plain_summary": "Made up to warm the page.",
    "reading_grade": "5.0",
    "reading_level": "easy to read",
    "community": {"slug": "priming", "title": "Priming", "callout_name": "Priming community"},
    "published": "2020-01-01",
    "published_by": "Readwell",
    "revised": "2020-01-02",
    "revised_by": "Readwell",
    "last_reviewed": "2020-01-03",
    "next_review_due": "2020-06-03",
    "sections": [{"id": f"part-{n}", "text": f"Part {n}"} for n in range(1, 4)],
    "source": "Readwell",
    "disclaimer": "Not medical advice.",
    "see_also": [{"slug": "another", "title": "Another", "published": False}],
    "body_html": _BODY,
    "reviewed_by": {"name": "Priming reviewer", "role": "made up"},
    "sources": [{"title": "Made up", "url": "https://example.org/made-up"}],
    "words_used": [{"slug": "tumor", "term": "Tumor", "expansion": "", "definition_html": "<p>A lump.</p>"}],
    "revision": 1,
}
GLOSSARY: dict[str, Any] = {
    "PK": "GLOSSARY",
    "SK": "CURRENT",
    "entries": [
        {"slug": "tumor", "term": "Tumor", "expansion": "", "definition_html": "<p>A lump.</p>", "source": "Readwell"}
    ],
}


def get_item(request: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB's answer to a GetItem of the priming article or glossary (nothing for any other key)."""
    key = request.get("Key", {}).get("PK", {}).get("S")
    item = {ARTICLE["PK"]: ARTICLE, GLOSSARY["PK"]: GLOSSARY}.get(key)
    return {"Item": to_item(item)} if item else {}


ANSWERS: dict[str, Answer] = {"GetItem": get_item}
