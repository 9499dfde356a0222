"""Small helpers shared by tests: calling the gateway as a browser would, links in a page, synthetic content, a
distribution."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def call(
    gateway: Any, method: str, target: str, headers: list[tuple[str, str]] | None = None, body: bytes = b""
) -> Reply:
    return Reply(*gateway(method, target, headers or [], body))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href:
            self.links.append(href)


def without_soft_hyphens(html: str) -> str:
    """The page as a reader sees its words: headings carry soft hyphens (as &shy; or U+00AD) where a word may break."""
    return html.replace("&shy;", "").replace("\u00ad", "")


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


# Synthetic content: one place that knows which front-matter fields publishing requires, so tests
# that need throwaway articles do not each carry a copy that goes stale when the schema grows.
COMMUNITY_FRONT = "title: Test\ncallout_name: Test group\nsummary: A test community.\n"
ARTICLE_FRONT = (
    "title: T\ncommunity: test\nsummary: S\npublished: 2020-01-01\npublished_by: E\n"
    "revised: 2020-01-02\nrevised_by: E\nlast_reviewed: 2020-01-03\nnext_review_due: 2099-01-03\n"
    # Synthetic bodies are word soup, whose reading grade says nothing: the lint then asks for this.
    "plain_summary: P\n"
)


def article_front(title: str = "T", summary: str = "S") -> str:
    """Valid front matter for an article in the 'test' community (a review date far in the future)."""
    return ARTICLE_FRONT.replace("title: T\n", f"title: {title}\n").replace("summary: S\n", f"summary: {summary}\n")


def write_synthetic_content(root: Path, articles: dict[str, str]) -> Path:
    """A content folder with the 'test' community and one valid article per slug -> body text."""
    (root / "communities").mkdir(parents=True, exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    (root / "communities" / "test.md").write_text(f"---\n{COMMUNITY_FRONT}---\nAbout.\n", encoding="utf-8")
    for slug, body in articles.items():
        front = article_front(title=slug.replace("-", " ").capitalize(), summary=f"About {slug}.")
        (root / "articles" / f"{slug}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return root


def make_distribution(cloudfront: Any, reference: str = "readwell-test") -> str:
    """A CloudFront distribution in front of an API (made with an administrator's client); its id."""
    created = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": reference,
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "api",
                        "DomainName": "api.example.org",
                        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
                    }
                ],
            },
            "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "redirect-to-https"},
        }
    )
    return str(created["Distribution"]["Id"])
