"""Site function: home, communities, articles, search, privacy, the glossary and the help page; the discovery files,
static files and the display-settings form come from their features' routers. Parse, call, respond."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell import config, snapstart
from readwell.articles import page_history, view_models
from readwell.articles.discovery_routes import discovery_router
from readwell.pages import error_pages
from readwell.pages.context import page_context
from readwell.pages.function import PageFunction
from readwell.preferences.routes import preferences_router
from readwell.storage.content import ContentRepository
from readwell.web.methods import READ
from readwell.web.responses import page
from readwell.web.static_routes import static_router

function = PageFunction("site")
app, metrics = function.app, function.metrics
content = ContentRepository(config.content_table())
app.include_router(discovery_router(content))
app.include_router(static_router(not_found=error_pages.not_found))
app.include_router(preferences_router())
function.prime("/", f"/articles/{snapstart.MADE_UP_ARTICLE}", "/glossary")


@app.route("/", method=READ)
def home() -> Response:
    shown = view_models.home(content)
    return page("pages/home.html", title="Health articles", **page_context(app.current_event), **shown)


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
    if view_models.is_withdrawn(found):
        # Cached like any page: publishing it again invalidates this address at the edge.
        return page("pages/withdrawn.html", status=410, **view_models.withdrawn_context(found, app.current_event))
    metrics.add_metric(name="ArticleView", unit=MetricUnit.Count, value=1)
    return page("pages/article.html", **view_models.article_context(found, app.current_event))


@app.route("/articles/<slug>/history", method=READ)
def article_history(slug: str) -> Response:
    found = page_history.history(content, slug)
    if found is None:
        return error_pages.not_found(page_context(app.current_event))
    title = f"Page history: {found['article_title']}"
    return page("pages/history.html", title=title, **page_context(app.current_event), **found)


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


@app.route("/privacy", method=READ)
def privacy() -> Response:
    # Imported here: the tracker's rules it quotes cost 15 ms at import, and most cold starts serve an article.
    from readwell.feedback.privacy import feedback_facts
    from readwell.tracker.privacy import facts

    context = page_context(app.current_event)
    return page(
        "pages/privacy.html",
        title="Privacy",
        **context,
        facts=facts(config.region(), config.log_periods()),
        feedback=feedback_facts(),
    )


@app.route("/glossary", method=READ)
def glossary() -> Response:
    shown = view_models.glossary(content)
    return page("pages/glossary.html", title="Glossary", **page_context(app.current_event), **shown)


@app.route("/help", method=READ)
def help_page() -> Response:
    shown = content.get_help()  # content/help.md as published; none yet: the page's own short fallback
    return page(
        "pages/help.html",
        title=(shown or {}).get("title", "Getting help"),
        **page_context(app.current_event),
        help=shown,
    )


lambda_handler = function.handler()

init_phase.end()
