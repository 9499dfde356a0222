"""A Lambda function that answers HTTP requests with pages: everything but its routes, set up one way.

The resolver, with the request guard outermost (so whatever answers carries the security headers) and
HTTP caching inside it; the one error map; 405 pages for the methods a path's routes do not take (read
from the route decorators themselves, web/methods.py); and the Lambda handler wrapped in Powertools'
logger (correlation id from API Gateway), tracer and metrics, with storage's deadline taken from each
invocation's remaining time (storage/deadline.py), so DynamoDB being slow or hung ends in our own "try
again" page, never in Lambda's timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths

from readwell import snapstart
from readwell.pages import error_pages
from readwell.pages.context import page_context
from readwell.runtime.observability import tools
from readwell.storage import deadline
from readwell.storage.errors import Unavailable
from readwell.web import http_cache
from readwell.web.methods import MethodsResolver
from readwell.web.request_guard import request_guard


class PageFunction:
    def __init__(self, service: str, unavailable: Callable[[Any, Unavailable], Response] | None = None) -> None:
        """`unavailable(event, error)`: the function's own "try again" page (default: the site's)."""
        self.logger, self.tracer, self.metrics = tools(service)
        self.app = MethodsResolver()
        self.app.use(middlewares=[request_guard(self.logger, error_pages.refusal_page), http_cache.middleware])
        if unavailable is None:
            error_pages.install(self.app, self.logger)
        else:
            own = unavailable
            error_pages.install(self.app, self.logger, lambda _, error: own(self.app.current_event, error))

    def not_allowed(self, allowed: tuple[str, ...]) -> Response:
        return error_pages.method_not_allowed(allowed, page_context(self.app.current_event))

    def prime(self, *paths: str) -> None:
        """Pages to answer before a SnapStart snapshot (snapstart/priming.py), so it holds them warm.

        Only when Lambda is initialising a version for a snapshot: an on-demand cold start imports none of it."""
        if snapstart.snapshotting():
            from readwell.snapstart.priming import prime

            prime(self.app.resolve, paths, self.metrics.clear_metrics)

    def handler(self) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        """The Lambda entry point: call it last, once every route is registered (each path's other methods then
        get the 405 page)."""
        self.app.answer_other_methods(self.not_allowed)

        @self.logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
        @self.tracer.capture_lambda_handler
        @self.metrics.log_metrics(capture_cold_start_metric=True)
        def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            with deadline.invocation(context):
                result: dict[str, Any] = self.app.resolve(event, context)
            return result

        return lambda_handler
