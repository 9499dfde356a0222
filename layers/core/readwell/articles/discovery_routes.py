"""The discovery routes: the sitemap, the Atom feed and robots.txt, for crawlers and feed readers.

discovery.py builds them with ElementTree, imported on the first such request only: most cold starts
serve a reader's page, and make bench measures what an import costs there. A router is made per
function (Powertools' Router keeps the one resolver it was included in).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.web.methods import READ
from readwell.web.origin import site_origin
from readwell.web.responses import document

if TYPE_CHECKING:
    from readwell.articles.discovery import ListingReader


def _discovery() -> ModuleType:
    from readwell.articles import discovery

    return discovery


def discovery_router(content: ListingReader) -> Router:
    router = Router()

    @router.route("/sitemap.xml", method=READ)
    def sitemap() -> Response:
        xml = _discovery().sitemap_xml(content, site_origin(router.current_event))
        return document(xml.decode("utf-8"), "application/xml; charset=utf-8")

    @router.route("/feed.xml", method=READ)
    def feed() -> Response:
        xml = _discovery().feed_xml(content, site_origin(router.current_event))
        return document(xml.decode("utf-8"), "application/atom+xml; charset=utf-8")

    @router.route("/robots.txt", method=READ)
    def robots() -> Response:
        return document(_discovery().robots_txt(site_origin(router.current_event)), "text/plain; charset=utf-8")

    return router
