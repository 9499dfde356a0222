"""Which pages a publish changed, so the edge cache drops exactly those (issue 16).

An article's page changes with it; so do the lists and discovery files that show its title or summary
(home, its community, the sitemap, the feed, search results). A community's change shows on its own
page and on the home page; the glossary's on /glossary. Nothing changed: nothing to invalidate.
"""

from __future__ import annotations

from readwell.articles.model import ContentSet

SHOWS_EVERY_ARTICLE = ("/", "/sitemap.xml", "/feed.xml", "/search*")
# CloudFront's limit on paths in one invalidation with wildcards (15 in progress per distribution): past
# it, one wildcard does the job.
MAX_PATHS = 15
EVERYTHING = ["/*"]


def changed_paths(written: list[str], content: ContentSet) -> list[str]:
    """The paths to invalidate for a publish that wrote `written` ("article <slug>", "community <slug>", "glossary")."""
    community_of = {article.slug: article.community for article in content.articles}
    paths: list[str] = []
    for what in written:
        kind, _, slug = what.partition(" ")
        if kind == "article":
            paths += [f"/articles/{slug}", f"/communities/{community_of.get(slug, '')}", *SHOWS_EVERY_ARTICLE]
        elif kind == "community":
            paths += [f"/communities/{slug}", "/"]
        elif kind == "glossary":
            paths.append("/glossary")
    unique = list(dict.fromkeys(path for path in paths if not path.endswith("/communities/")))
    return unique if len(unique) <= MAX_PATHS else EVERYTHING
