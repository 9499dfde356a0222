"""Discovery documents built from the content listings: sitemap, Atom feed, robots.txt.

XML is built with ElementTree (never string concatenation), so titles are always escaped.
"""

from __future__ import annotations

from typing import Any, Protocol
from xml.etree import ElementTree  # builds XML only, never parses input  # nosec B405

from readwell.articles.structured_data import PUBLISHER

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50


class ListingReader(Protocol):
    def list_communities(self) -> list[dict[str, Any]]: ...

    def list_articles(self, community_slug: str) -> list[dict[str, Any]]: ...


def _articles(reader: ListingReader) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    communities = reader.list_communities()
    articles = [
        {**article, "community_title": community["title"]}
        for community in communities
        for article in reader.list_articles(community["slug"])
    ]
    return communities, articles


def _xml(root: ElementTree.Element) -> bytes:
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def sitemap_xml(reader: ListingReader, origin: str) -> bytes:
    communities, articles = _articles(reader)
    urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NS)
    pages = [("/", None)] + [(f"/communities/{c['slug']}", None) for c in communities]
    pages += [(f"/articles/{a['slug']}", a.get("revised")) for a in articles]
    for path, modified in pages:
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = origin + path
        if modified:
            ElementTree.SubElement(url, "lastmod").text = modified
    return _xml(urlset)


def _atom_time(day: str) -> str:
    return f"{day}T00:00:00Z"


def feed_xml(reader: ListingReader, origin: str) -> bytes:
    """Atom: one entry per article, newest revision first; a revised article moves to the top."""
    _, articles = _articles(reader)
    articles.sort(key=lambda a: (a.get("revised", ""), a["slug"]), reverse=True)
    articles = articles[:FEED_ENTRIES]
    ElementTree.register_namespace("", ATOM_NS)

    def tag(name: str) -> str:
        return f"{{{ATOM_NS}}}{name}"

    feed = ElementTree.Element(tag("feed"))
    ElementTree.SubElement(feed, tag("id")).text = origin + "/"
    ElementTree.SubElement(feed, tag("title")).text = f"{PUBLISHER}: new and revised articles"
    updated = articles[0]["revised"] if articles else "1970-01-01"
    ElementTree.SubElement(feed, tag("updated")).text = _atom_time(updated)
    ElementTree.SubElement(ElementTree.SubElement(feed, tag("author")), tag("name")).text = PUBLISHER
    ElementTree.SubElement(feed, tag("link"), rel="self", type="application/atom+xml", href=origin + "/feed.xml")
    ElementTree.SubElement(feed, tag("link"), rel="alternate", type="text/html", href=origin + "/")
    for article in articles:
        url = f"{origin}/articles/{article['slug']}"
        entry = ElementTree.SubElement(feed, tag("entry"))
        ElementTree.SubElement(entry, tag("id")).text = url
        ElementTree.SubElement(entry, tag("title")).text = article["title"]
        ElementTree.SubElement(entry, tag("updated")).text = _atom_time(article["revised"])
        ElementTree.SubElement(entry, tag("link"), rel="alternate", type="text/html", href=url)
        ElementTree.SubElement(entry, tag("category"), term=article["community_title"])
        ElementTree.SubElement(entry, tag("summary")).text = article.get("summary", "")
    return _xml(feed)


def robots_txt(origin: str) -> str:
    # Search results and the private tracker are not pages to index.
    return f"User-agent: *\nDisallow: /search\nDisallow: /tracker\n\nSitemap: {origin}/sitemap.xml\n"
