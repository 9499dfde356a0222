"""Tracker function: the private weight tracker under /tracker. Parse, call (readwell.tracker.service), respond
(readwell.tracker.views: every page private). Logs name what happened, never weights, tokens, codes or cookies."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell import config
from readwell.pages.function import PageFunction
from readwell.storage.tracker import TrackerRepository
from readwell.tracker import http, views
from readwell.tracker.progress import Entry
from readwell.tracker.service import Open, Outcome, TrackerService
from readwell.web.methods import READ

function = PageFunction("tracker", unavailable=views.unavailable)
app, logger, metrics = function.app, function.logger, function.metrics
views.answer_refusals(app, logger)
service = TrackerService(TrackerRepository(config.tracker_table()))


def posted() -> tuple[Open, dict[str, str]]:
    return http.posted(app.current_event, service)


def unsaved(tracker: Open, outcome: Outcome, fields: dict[str, str], entry: Entry | None = None) -> Response | None:
    if outcome.failed:
        logger.warning("A tracker write failed; the reader was told it was not saved")
    return views.entry_problem_page(app.current_event, tracker, outcome, fields, service.today(), entry)


def done(message: str, outcome: Outcome, tracker: Open) -> Response:
    metrics.add_metric(name="TrackerWrite", unit=MetricUnit.Count, value=1)
    logger.info("Tracker changed", extra={"outcome": message})
    return views.saved(app.current_event, message, outcome, tracker)


@app.route("/tracker", method=READ)
def home() -> Response:
    found, event, today = service.find(http.token(app.current_event)), app.current_event, service.today()
    return views.tracker_page(event, found, today) if found else views.start_page(event, today)


@app.post("/tracker/start")
def start() -> Response:
    event, fields = app.current_event, http.posted_form(app.current_event)
    if service.find(http.token(event)) is not None:  # already tracking here (or the form was sent twice)
        return http.redirect("/tracker")
    token, checked = service.start(fields)
    if token is None:
        return views.start_page(event, service.today(), fields, checked.problems, status=400)
    metrics.add_metric(name="TrackerStarted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker started")
    return views.started_page(event, token, checked.values["unit"])


@app.post("/tracker/entries")
def add_entry() -> Response:
    tracker, fields = posted()
    outcome = service.add_entry(tracker, fields)
    replaced = fields.get("confirm_replace") == "yes"
    return unsaved(tracker, outcome, fields) or done("replaced" if replaced else "added", outcome, tracker)


@app.route("/tracker/entries/<day>/edit", method=READ)
def edit_entry(day: str) -> Response:
    tracker = service.require(http.token(app.current_event))
    return views.edit_page(app.current_event, tracker, tracker.entry(day))


@app.post("/tracker/entries/<day>")
def update_entry(day: str) -> Response:
    tracker, fields = posted()
    entry = tracker.entry(day)
    outcome = service.change_entry(tracker, entry, fields)
    return unsaved(tracker, outcome, fields, entry) or done("updated", outcome, tracker)


@app.post("/tracker/entries/<day>/delete")
def delete_entry(day: str) -> Response:
    tracker, _ = posted()
    return done("deleted", Outcome(entries=service.delete_entry(tracker, tracker.entry(day))), tracker)


@app.route("/tracker/export.csv", method=READ)
def export_csv() -> Response:
    return views.csv_download(service.require(http.token(app.current_event)))


@app.route("/tracker/delete", method=READ)
def confirm_delete() -> Response:
    return views.delete_page(app.current_event, service.require(http.token(app.current_event)))


@app.post("/tracker/delete")
def delete_tracker() -> Response:
    tracker, _ = posted()
    service.delete(tracker)
    metrics.add_metric(name="TrackerDeleted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker deleted")
    return views.deleted_page(app.current_event)


@app.route("/tracker/open", method=READ)
def open_form() -> Response:
    return views.open_page(app.current_event)


@app.post("/tracker/open")
def open_tracker() -> Response:
    event = app.current_event
    code = http.posted_form(event).get("recovery_code", "")
    found = service.recover(event.request_context.http.source_ip or "unknown", code)
    logger.info("A recovery code was tried", extra={"outcome": found.outcome})
    return views.recovery_page(event, code, found)


function.only(READ, "/tracker", "/tracker/entries/<day>/edit", "/tracker/export.csv")
function.only(["GET", "HEAD", "POST"], "/tracker/delete", "/tracker/open")
function.only(["POST"], "/tracker/start", "/tracker/entries", "/tracker/entries/<day>", "/tracker/entries/<day>/delete")
lambda_handler = function.handler()


init_phase.end()
