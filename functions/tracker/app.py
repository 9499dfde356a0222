"""Tracker function: the private weight tracker under /tracker. Parse, call (readwell.tracker.service), respond
(readwell.tracker.responses: every page private). Logs name what happened, never weights, tokens, codes or cookies."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from readwell import config
from readwell.pages.function import PageFunction
from readwell.storage.tracker import TrackerRepository
from readwell.tracker import http, identity, responses
from readwell.tracker.limits import Limited
from readwell.tracker.progress import Entry
from readwell.tracker.service import Open, Outcome, TrackerService
from readwell.tracker.view_models import cursor
from readwell.web.methods import READ

function = PageFunction("tracker", unavailable=responses.unavailable)
app, logger, metrics = function.app, function.logger, function.metrics
responses.answer_refusals(app, logger)
app.use(middlewares=[http.renewing])  # innermost: the guard then marks the renewed cookie as every other
# Keys the per-address limits on recovery tries and tracker starts (readwell/tracker/limits.py), derived on
# first use: reading its secret while loading would put it in a snapshot.
service = TrackerService(TrackerRepository(config.tracker_table()), lambda: config.secret_key("recovery attempts"))
function.prime("/tracker", "/tracker/open")
SPARE_MS = 3000  # stop deleting with this much of the function's time left, and go on at the next request


def held(tracker: Open) -> Open:
    """Note the tracker this request acts on: its cookie is renewed on the way out."""
    app.append_context(held=tracker.token)
    return tracker


def posted() -> tuple[Open, dict[str, str]]:
    tracker, fields = http.posted(app.current_event, service)
    return held(tracker), fields


def unsaved(tracker: Open, outcome: Outcome, fields: dict[str, str], entry: Entry | None = None) -> Response | None:
    """The page for an entry form that did not save (the add form comes back on the newest page); None when it did."""
    if outcome.failed:
        logger.warning("A tracker write failed; the reader was told it was not saved")
    if outcome.saved:
        return None
    shown = service.page(tracker.token) if entry is None and not outcome.conflict else None
    page = shown[1] if shown else None
    return responses.entry_problem_page(app.current_event, tracker, page, outcome, fields, service.today(), entry)


def done(message: str) -> Response:
    metrics.add_metric(name="TrackerWrite", unit=MetricUnit.Count, value=1)
    logger.info("Tracker changed", extra={"outcome": message})
    return responses.saved(message)


def more_time() -> bool:
    return bool(app.lambda_context.get_remaining_time_in_millis() > SPARE_MS)


@app.route("/tracker", method=READ)
def home() -> Response:
    event, token, today = app.current_event, http.token(app.current_event), service.today()
    query = event.query_string_parameters or {}
    found = service.page(token, cursor(query.get("before")), cursor(query.get("after")))
    if found is not None:
        return responses.tracker_page(event, held(found[0]), found[1], today)
    if token and (finishing := service.continue_delete(token, more_time)) is not None:
        return responses.deleted_page(event, token, finishing)  # a deletion cut short: the reader's visit finishes it
    return responses.start_page(event, today)


@app.post("/tracker/start")
def start() -> Response:
    event, fields = app.current_event, http.posted_form(app.current_event)
    if service.find(http.token(event)) is not None:  # already tracking here (or the form was sent twice)
        return http.redirect("/tracker")
    try:
        token, checked = service.start(fields, http.client_address(event))
    except Limited:
        logger.info("A tracker start was refused", extra={"outcome": "limited"})
        return responses.start_page(event, service.today(), responses.too_many_starts(fields))
    if token is None:
        return responses.start_page(event, service.today(), responses.SentBack(fields, checked.problems))
    metrics.add_metric(name="TrackerStarted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker started")
    return responses.started_page(event, token)


@app.post("/tracker/entries")
def add_entry() -> Response:
    tracker, fields = posted()
    outcome = service.add_entry(tracker, fields)
    return unsaved(tracker, outcome, fields) or done("replaced" if fields.get("confirm_replace") == "yes" else "added")


@app.route("/tracker/entries/<day>/edit", method=READ)
def edit_entry(day: str) -> Response:
    tracker = held(service.require(http.token(app.current_event)))
    return responses.edit_page(app.current_event, tracker, service.entry(tracker, day))


@app.post("/tracker/entries/<day>")
def update_entry(day: str) -> Response:
    tracker, fields = posted()
    entry = service.entry(tracker, day)
    outcome = service.change_entry(tracker, entry, fields)
    return unsaved(tracker, outcome, fields, entry) or done("updated")


@app.post("/tracker/entries/<day>/delete")
def delete_entry(day: str) -> Response:
    tracker, _ = posted()
    service.delete_entry(tracker, service.entry(tracker, day).day)
    return done("deleted")


@app.route("/tracker/export.csv", method=READ)
def export_csv() -> Response:
    tracker = held(service.require(http.token(app.current_event)))
    return responses.csv_download(tracker, service.history(tracker))


@app.route("/tracker/recovery-code", method=READ)
def recovery_code() -> Response:
    return responses.recovery_code_page(app.current_event, held(service.require(http.token(app.current_event))))


@app.route("/tracker/delete", method=READ)
def confirm_delete() -> Response:
    return responses.delete_page(app.current_event, held(service.require(http.token(app.current_event))))


@app.post("/tracker/delete")
def delete_tracker() -> Response:
    event, token = app.current_event, http.token(app.current_event)
    fields = http.posted_form(event)
    if token and identity.is_token(token) and identity.csrf_matches(token, fields.get("csrf_token", "")):
        finished = service.continue_delete(token, more_time)
        if finished is not None:  # a deletion that ran out of time before: go on with it
            return responses.deleted_page(event, token, finished)
    tracker, _ = posted()
    finished = service.delete(tracker, more_time)
    metrics.add_metric(name="TrackerDeleted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker deleted", extra={"outcome": "finished" if finished else "continues"})
    return responses.deleted_page(event, tracker.token, finished)


@app.route("/tracker/open", method=READ)
def open_form() -> Response:
    return responses.open_page(app.current_event)


@app.post("/tracker/open")
def open_tracker() -> Response:
    event, fields = app.current_event, http.posted_form(app.current_event)
    code = fields.get("recovery_code", "")
    found = service.recover(http.client_address(event), code)
    logger.info("A recovery code was tried", extra={"outcome": found.outcome})
    current = service.find(http.token(event))
    return responses.recovery_page(event, code, found, current, fields.get("confirm_switch") == "yes")


lambda_handler = function.handler()

init_phase.end()
