"""Site function: home, communities, articles and the stylesheet. Parse, call, respond."""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError

from readwell import config
from readwell.articles import pages
from readwell.storage import dynamodb
from readwell.storage.content import ContentRepository
from readwell.web import errors, static
from readwell.web.observability import tools
from readwell.web.request import page_context
from readwell.web.request_guard import request_guard
from readwell.web.responses import page, with_security_headers

logger, tracer, metrics = tools("site")
app = APIGatewayHttpResolver()
app.use(middlewares=[request_guard(logger)])
content = ContentRepository(config.content_table())
READ = ["GET", "HEAD"]


@app.route("/", method=READ)
def home() -> Response:
    return page("pages/home.html", title="Health articles", **page_context(app.current_event), **pages.home(content))


@app.route("/communities/<slug>", method=READ)
def community(slug: str) -> Response:
    found = pages.community(content, slug)
    if found is None:
        return errors.not_found()
    return page("pages/community.html", title=found["community"]["title"], **page_context(app.current_event), **found)


@app.route("/articles/<slug>", method=READ)
def article(slug: str) -> Response:
    found = pages.article(content, slug)
    if found is None:
        return errors.not_found()
    metrics.add_metric(name="ArticleView", unit=MetricUnit.Count, value=1)
    return page(
        "pages/article.html",
        **page_context(app.current_event),
        title=found["title"],
        community_title=found["community"]["title"],
        description=found["summary"],
        article=found,
        today=date.today().isoformat(),
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


for rule in ("/", "/communities/<slug>", "/articles/<slug>", "/static/<name>"):
    app.route(rule, method=errors.OTHER_METHODS)(errors.method_not_allowed_route)


@app.not_found
def unknown_path(_: NotFoundError) -> Response:
    return errors.not_found()


@app.exception_handler([ClientError, BotoCoreError])
def storage_failed(error: Exception) -> Response:
    if dynamodb.is_temporary(error):
        logger.warning("DynamoDB unavailable after retries while serving %s: %r", app.current_event.path, error)
        return errors.service_unavailable()
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
