"""Feedback function: "Was this page useful?" from the articles and the glossary. Parse, call (readwell.feedback),
respond (readwell.feedback.pages). It keeps the page, the answer, what was missing and the day: never an address,
a cookie or anything else of the sender's, and its logs say only what happened."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from datetime import UTC, datetime

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell import config
from readwell.feedback import pages, receiving
from readwell.pages.function import PageFunction
from readwell.storage.feedback import FeedbackRepository
from readwell.tracker.rate_limits import Limited
from readwell.web import same_site
from readwell.web.forms import form_fields
from readwell.web.methods import READ

function = PageFunction("feedback")
app, logger, metrics = function.app, function.logger, function.metrics
store = FeedbackRepository(config.feedback_table())


def limiter_key() -> bytes:
    """Keys the per-address count; derived when first counted: reading its secret while loading would put it in a
    snapshot."""
    return config.secret_key("feedback attempts")


@app.post("/feedback")
def receive() -> Response:
    event = app.current_event
    same_site.refuse_cross_site(event)
    fields = form_fields(event)
    try:
        checked = receiving.check(fields)
    except receiving.Unreadable as problem:
        logger.info("Feedback refused", extra={"outcome": str(problem)})
        return pages.unreadable(event)
    if checked.problem:
        return pages.missing(event, checked.page, checked.text, checked.problem)
    try:
        receiving.receive(store, checked, same_site.client_address(event), limiter_key, datetime.now(UTC).date())
    except Limited:
        logger.info("Feedback refused", extra={"outcome": "limited"})
        return pages.too_many(event, checked.page)
    metrics.add_metric(name="FeedbackReceived", unit=MetricUnit.Count, value=1)
    logger.info("Feedback received", extra={"answer": checked.answer})
    return pages.sent(checked.page)


@app.route("/feedback/missing", method=READ)
def missing() -> Response:
    event = app.current_event
    shown = pages.shown_page(event)
    return pages.missing(event, shown) if shown else pages.unreadable(event)


@app.route("/feedback/thanks", method=READ)
def thanks() -> Response:
    return pages.thanks(app.current_event, pages.shown_page(app.current_event))


lambda_handler = function.handler()

init_phase.end()
