"""Tracker function: the private weight tracker under /tracker. Parse, call (readwell.tracker.service), respond
(readwell.tracker.responses: every page private); readwell.tracker.requests does what every route does around
the service. Logs name what happened, never weights, tokens, codes or cookies."""

from __future__ import annotations

from readwell.runtime import init_phase

init_phase.begin()

from aws_lambda_powertools.event_handler import Response

from readwell import config
from readwell.pages.function import PageFunction
from readwell.storage.tracker import TrackerRepository
from readwell.storage.tracker_move import TrackerMoves
from readwell.tracker import http, responses
from readwell.tracker.care_routes import care_router
from readwell.tracker.device_routes import device_router
from readwell.tracker.new_code import RecoveryCodes
from readwell.tracker.record_routes import record_router
from readwell.tracker.requests import TrackerRequests
from readwell.tracker.service import TrackerService
from readwell.tracker.view_models import cursor
from readwell.web.methods import READ

function = PageFunction("tracker", unavailable=responses.unavailable)
app, logger = function.app, function.logger
responses.answer_refusals(app, logger)
app.use(middlewares=[http.renewing])  # innermost: the guard then marks the renewed cookie as every other
# Keys the per-address limits on recovery tries and tracker starts (readwell/tracker/rate_limits.py), derived on
# first use: reading its secret while loading would put it in a snapshot.
service = TrackerService(TrackerRepository(config.tracker_table()), lambda: config.secret_key("recovery attempts"))
request = TrackerRequests(app, service, logger, function.metrics)
app.include_router(care_router(request))  # settings (goal, own threshold) and the printable record
app.include_router(record_router(request))
app.include_router(device_router(request, RecoveryCodes(service, TrackerMoves(config.tracker_table()))))
function.prime("/tracker", "/tracker/open")


@app.route("/tracker", method=READ)
def home() -> Response:
    event, token, today = app.current_event, request.token(), service.today()
    query = event.query_string_parameters or {}
    found = service.page_and_recent(token, cursor(query.get("before")), cursor(query.get("after")))
    if found is not None:
        return responses.tracker_page(event, request.held(found[0]), found[1], today, recent=found[2])
    if token and (finishing := service.continue_delete(token, request.more_time)) is not None:
        return responses.deleted_page(event, token, finishing)  # a deletion cut short: the reader's visit finishes it
    return responses.start_page(event, today)


@app.post("/tracker/start")
def start() -> Response:
    return request.start()


@app.post("/tracker/entries")
def add_entry() -> Response:
    tracker, fields = request.posted()
    outcome = service.add_entry(tracker, fields)
    done = "replaced" if fields.get("confirm_replace") == "yes" else "added"
    return request.unsaved(tracker, outcome, fields) or request.done(done)


@app.route("/tracker/entries/<day>/edit", method=READ)
def edit_entry(day: str) -> Response:
    tracker = request.tracker()
    return responses.edit_page(app.current_event, tracker, service.entry(tracker, day))


@app.post("/tracker/entries/<day>")
def update_entry(day: str) -> Response:
    tracker, fields = request.posted()
    entry = service.entry(tracker, day)
    outcome = service.change_entry(tracker, entry, fields)
    return request.unsaved(tracker, outcome, fields, entry) or request.done("updated")


@app.post("/tracker/entries/<day>/delete")
def delete_entry(day: str) -> Response:
    tracker, _ = request.posted()
    service.delete_entry(tracker, service.entry(tracker, day).day)
    return request.done("deleted")


@app.route("/tracker/export.csv", method=READ)
def export_csv() -> Response:
    tracker = request.tracker()
    return responses.csv_download(tracker, service.history(tracker))


@app.route("/tracker/delete", method=READ)
def confirm_delete() -> Response:
    return responses.delete_page(app.current_event, request.tracker())


@app.post("/tracker/delete")
def delete_tracker() -> Response:
    return request.delete_tracker()


lambda_handler = function.handler()

init_phase.end()
