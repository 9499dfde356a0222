"""Site function: home, communities, articles, search, discovery files and the stylesheet. Parse, call, respond."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell import config, preferences, snapstart
from readwell.articles import view_models
from readwell.articles.view_models import article_context
from readwell.pages import error_pages
from readwell.pages.context import page_context
from readwell.pages.function import PageFunction
from readwell.preferences import saving
from readwell.storage.content import ContentRepository
from readwell.web import static
from readwell.web.forms import form_fields
from readwell.web.methods import READ
from readwell.web.origin import site_origin
from readwell.web.request import forwarded_proto, over_https, safe_return_path
from readwell.web.responses import PAGE_CACHE, page, with_security_headers

function = PageFunction("site")
app, metrics = function.app, function.metrics
content = ContentRepository(config.content_table())
function.prime("/", f"/articles/{snapstart.MADE_UP_ARTICLE}", "/glossary")


@app.route("/", method=READ)
def home() -> Response:
    return page(
        "pages/home.html", title="Health articles", **page_context(app.current_event), **view_models.home(content)
    )


@app.route("/communities/<slug>", method=READ)
def community(slug: str) -> Response:
    found = view_models.community(content, slug)
    if found is None:
        return error_pages.not_found(page_context(app.current_event))
    return page("pages/community.html", title=found["community"]["title"], **page_context(app.current_event), **found)


@app.route("/articles/<slug>", method=READ)
def article(slug: str) -> Response:
    found = view_models.article(content, slug)
    if found is None:
        return error_pages.not_found(page_context(app.current_event))
    metrics.add_metric(name="ArticleView", unit=MetricUnit.Count, value=1)
    return page("pages/article.html", **article_context(found, app.current_event))


@app.route("/search", method=READ)
def search() -> Response:
    # Imported here, not above: the stemmer's import is the dearest in this module, and most
    # cold starts serve an article (make bench measures it).
    from readwell.search import query

    found = query.search(content, app.current_event.get_query_string_value("q"))
    title = "Search" if not found.asked or found.error else f"Search results for {found.query[:60]}"
    return page(
        "pages/search.html",
        **page_context(app.current_event),
        title=("Error: " if found.error else "") + title,
        search=found,
        max_results=query.MAX_RESULTS,
    )


def _document(body: str | bytes, content_type: str) -> Response:
    headers = with_security_headers({"Cache-Control": PAGE_CACHE})
    return Response(status_code=200, content_type=content_type, body=body, headers=headers)


@app.route("/sitemap.xml", method=READ)
def sitemap() -> Response:
    from readwell.articles import discovery  # ElementTree, for crawlers only: off the readers' cold path

    xml = discovery.sitemap_xml(content, site_origin(app.current_event))
    return _document(xml.decode("utf-8"), "application/xml; charset=utf-8")


@app.route("/feed.xml", method=READ)
def feed() -> Response:
    from readwell.articles import discovery  # as in sitemap()

    xml = discovery.feed_xml(content, site_origin(app.current_event))
    return _document(xml.decode("utf-8"), "application/atom+xml; charset=utf-8")


@app.route("/robots.txt", method=READ)
def robots() -> Response:
    from readwell.articles import discovery  # as in sitemap()

    return _document(discovery.robots_txt(site_origin(app.current_event)), "text/plain; charset=utf-8")


@app.route("/privacy", method=READ)
def privacy() -> Response:
    # Imported here: the tracker's rules it quotes cost 15 ms at import, and most cold starts serve an article.
    from readwell.tracker import privacy as tracker_privacy

    facts = tracker_privacy.facts(config.region())
    return page("pages/privacy.html", title="Privacy", **page_context(app.current_event), facts=facts)


@app.route("/glossary", method=READ)
def glossary() -> Response:
    return page(
        "pages/glossary.html", title="Glossary", **page_context(app.current_event), **view_models.glossary(content)
    )


@app.route("/preferences", method="POST")
def save_preferences() -> Response:
    """The display-settings form: keep the allowlisted choices in a cookie, then go back (303) to the page."""
    event = app.current_event
    form = form_fields(event)
    current = preferences.from_cookies(event.cookies, over_https(event))
    choice = preferences.choose(current, form)
    location = {"Location": safe_return_path(form.get("return_to")), "Cache-Control": "no-store"}
    cookies = saving.cookies_for(choice, forwarded_proto(event))
    return Response(status_code=303, headers=with_security_headers(location), cookies=cookies)


@app.route("/preferences", method=READ)
def preferences_address() -> Response:
    """Someone who opens /preferences directly (a bookmark, a reload) is sent home rather than to an error."""
    return Response(status_code=303, headers=with_security_headers({"Location": "/", "Cache-Control": "no-store"}))


@app.route("/static/<name>", method=READ)
def asset(name: str) -> Response:
    found = static.asset(name)
    if found is None:
        return error_pages.not_found()
    content_type, body = found
    headers = with_security_headers({"Cache-Control": static.IMMUTABLE})
    return Response(status_code=200, content_type=content_type, body=body, headers=headers)


@app.route("/favicon.ico", method=READ)
def favicon() -> Response:
    """Browsers and crawlers ask for /favicon.ico whatever a page links to: send them to the hashed icon."""
    headers = with_security_headers({"Location": static.url(static.ICON), "Cache-Control": PAGE_CACHE})
    return Response(status_code=301, headers=headers)


lambda_handler = function.handler()

init_phase.end()
