"""Site function: home, communities, articles, search, discovery files and the stylesheet. Parse, call, respond."""

from __future__ import annotations

from readwell.web import init_phase

init_phase.begin()

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError

from readwell import config, preferences
from readwell.articles import pages
from readwell.storage import dynamodb
from readwell.storage.content import ContentRepository
from readwell.web import display, errors, http_cache, static
from readwell.web.article_page import article_context
from readwell.web.forms import form_fields
from readwell.web.observability import tools
from readwell.web.origin import site_origin
from readwell.web.request import forwarded_proto, page_context
from readwell.web.request_guard import request_guard
from readwell.web.responses import PAGE_CACHE, page, with_security_headers

logger, tracer, metrics = tools("site")
app = APIGatewayHttpResolver()
# The guard is outermost, so whatever answers (a page, a refusal, a 304) carries its headers.
app.use(middlewares=[request_guard(logger), http_cache.middleware])
content = ContentRepository(config.content_table())
READ = ["GET", "HEAD"]


@app.route("/", method=READ)
def home() -> Response:
    return page("pages/home.html", title="Health articles", **page_context(app.current_event), **pages.home(content))


@app.route("/communities/<slug>", method=READ)
def community(slug: str) -> Response:
    found = pages.community(content, slug)
    if found is None:
        return errors.not_found(page_context(app.current_event))
    return page("pages/community.html", title=found["community"]["title"], **page_context(app.current_event), **found)


@app.route("/articles/<slug>", method=READ)
def article(slug: str) -> Response:
    found = pages.article(content, slug)
    if found is None:
        return errors.not_found(page_context(app.current_event))
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
    return Response(
        status_code=200,
        content_type=content_type,
        body=body,
        headers=with_security_headers({"Cache-Control": PAGE_CACHE}),
    )


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


@app.route("/preferences", method="POST")
def save_preferences() -> Response:
    """The display-settings form: keep the allowlisted choices in a cookie, then go back (303) to the page."""
    event = app.current_event
    form = form_fields(event)
    current = preferences.from_cookies(event.cookies)
    choice = preferences.choose(current, form.get("text_size"), form.get("contrast"))
    return Response(
        status_code=303,
        headers=with_security_headers(
            {"Location": display.safe_return_path(form.get("return_to")), "Cache-Control": "no-store"}
        ),
        cookies=display.cookies_for(choice, forwarded_proto(event)),
    )


@app.route("/static/<name>", method=READ)
def asset(name: str) -> Response:
    body = static.asset(name)
    if body is None:
        return errors.not_found()
    return Response(
        status_code=200,
        content_type="text/css; charset=utf-8",
        body=body,
        headers=with_security_headers({"Cache-Control": static.IMMUTABLE}),
    )


def reading_only() -> Response:
    """405 for a method these read-only pages do not take, in the reader's own display settings."""
    return errors.method_not_allowed(errors.READ_METHODS, page_context(app.current_event))


for rule in (
    "/",
    "/communities/<slug>",
    "/articles/<slug>",
    "/search",
    "/sitemap.xml",
    "/feed.xml",
    "/robots.txt",
    "/static/<name>",
):
    app.route(rule, method=errors.OTHER_METHODS)(lambda **_: reading_only())


@app.route("/preferences", method=READ)
def preferences_address() -> Response:
    """Someone who opens /preferences directly (a bookmark, a reload) is sent home rather than to an error."""
    return Response(status_code=303, headers=with_security_headers({"Location": "/", "Cache-Control": "no-store"}))


@app.route("/preferences", method=["PUT", "PATCH", "DELETE", "OPTIONS"])
def preferences_other_methods() -> Response:
    return errors.method_not_allowed(("POST",))


@app.not_found
def unknown_path(_: NotFoundError) -> Response:
    return errors.not_found(page_context(app.current_event))


@app.exception_handler([ClientError, BotoCoreError])
def storage_failed(error: Exception) -> Response:
    if dynamodb.is_temporary(error):
        logger.warning("DynamoDB unavailable after retries while serving %s: %r", app.current_event.path, error)
        return errors.service_unavailable(page_context(app.current_event))
    return unexpected(error)


@app.exception_handler(Exception)
def unexpected(error: Exception) -> Response:
    logger.exception("Unhandled error while serving %s", app.current_event.path)
    return errors.server_error()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_phase.end()
