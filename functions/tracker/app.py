"""Tracker function: the private weight tracker under /tracker. Parse, call, respond.

Every page is private (no-store). Identity is the secret in the rw_tracker cookie; only its hash
reaches DynamoDB. Logs name what happened, never weights, tokens, codes or cookies.
"""

from __future__ import annotations

from readwell.web import init_phase

init_phase.begin()

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.shared.cookies import Cookie
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError

from readwell import config
from readwell.storage.tracker import Tracker, TrackerRepository
from readwell.tracker import export, forms, identity, pages, summary
from readwell.tracker.progress import Entry
from readwell.web import errors, http_cache
from readwell.web import tracker_views as views
from readwell.web.observability import tools
from readwell.web.request import page_context
from readwell.web.request_guard import request_guard
from readwell.web.responses import NO_STORE, with_security_headers
from readwell.web.tracker_http import clear_cookie, cookie, form_fields, is_cross_site, redirect, set_cookie

logger, tracer, metrics = tools("tracker")
app = APIGatewayHttpResolver()
# As on the site: the guard is outermost, so refusals and 304s carry the security headers too.
app.use(middlewares=[request_guard(logger), http_cache.middleware])
repository = TrackerRepository(config.tracker_table())
READ = ["GET", "HEAD"]
PRIVATE = with_security_headers({"Cache-Control": NO_STORE})
RECOVERY_TRIES = 5
RECOVERY_WINDOW = 15 * 60
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AWS_FAILURES = (ClientError, BotoCoreError)


class Refused(Exception):
    """A request answered with another page than the one asked for (403, or back to the start page)."""

    def __init__(self, response: Response) -> None:
        self.response = response


def latest_allowed_day() -> date:
    """'Not in the future' for a reader anywhere: it is already tomorrow in UTC+14 before UTC midnight."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def forbidden() -> Response:
    logger.warning("Refused a tracker form: cross-site or without a valid form token")
    return views.forbidden(app.current_event)


def token_in_cookie() -> str | None:
    value = cookie(app.current_event, identity.COOKIE)
    return value if value and identity.is_token(value) else None


def current_tracker() -> tuple[str, Tracker] | None:
    token = token_in_cookie()
    if token is None:
        return None
    found = repository.load(identity.token_hash(token))
    return (token, found) if found is not None else None


def tracker_for_page() -> tuple[str, Tracker]:
    """The reader's tracker for a page that needs one; without one, Refused back to the start page."""
    found = current_tracker()
    if found is None:
        raise Refused(redirect("/tracker", PRIVATE))
    return found


def tracker_for_post() -> tuple[str, Tracker, dict[str, str]]:
    """The tracker behind a form post, after the cross-site and CSRF checks; else Refused."""
    event = app.current_event
    if is_cross_site(event):
        raise Refused(forbidden())
    fields = form_fields(event)
    token = token_in_cookie()
    if token is None:
        raise Refused(redirect("/tracker", PRIVATE))
    if not identity.csrf_matches(token, fields.get("csrf_token", "")):
        raise Refused(forbidden())
    found = repository.load(identity.token_hash(token))
    if found is None:
        raise Refused(redirect("/tracker", PRIVATE))
    return token, found, fields


def entry_on(found: Tracker, day: str) -> Entry | None:
    return pages.find(found.entries, day) if _DAY.match(day) else None


def latest_cookie(entries: list[Entry], unit: str) -> Cookie:
    last = pages.latest(entries)
    value = summary.cookie_value(last.day, last.grams, unit) if last else summary.cookie_value(None, None, unit)
    return set_cookie(app.current_event, summary.COOKIE, value, identity.COOKIE_MAX_AGE)


def done(message: str, entries: list[Entry], unit: str) -> Response:
    metrics.add_metric(name="TrackerWrite", unit=MetricUnit.Count, value=1)
    logger.info("Tracker changed", extra={"outcome": message})
    return redirect(f"/tracker?done={message}", PRIVATE, [latest_cookie(entries, unit)])


@app.route("/tracker", method=READ)
def home() -> Response:
    found = current_tracker()
    if found is None:
        return views.start_page(app.current_event)
    token, tracker = found
    return views.tracker_page(app.current_event, token, tracker.profile, tracker.entries)


@app.post("/tracker/start")
def start() -> Response:
    event = app.current_event
    if is_cross_site(event):
        return forbidden()
    if current_tracker() is not None:  # already tracking here (or the form was sent twice): keep that tracker
        return redirect("/tracker", PRIVATE)
    fields = form_fields(event)
    checked = forms.check_start(fields, latest_allowed_day())
    if not checked.ok:
        return views.start_page(event, fields, checked.problems, status=400)
    token = identity.new_token()
    repository.create(identity.token_hash(token), checked.values)
    metrics.add_metric(name="TrackerStarted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker started")
    response = views.started_page(event, token)
    response.cookies = [
        set_cookie(event, identity.COOKIE, token, identity.COOKIE_MAX_AGE),
        latest_cookie([], checked.values["unit"]),
    ]
    return response


@app.post("/tracker/entries")
def add_entry() -> Response:
    token, found, fields = tracker_for_post()
    event, unit = app.current_event, found.profile["unit"]
    checked = forms.check_entry(fields, unit, found.profile["start_date"], latest_allowed_day())
    if not checked.ok:
        return views.tracker_page(event, token, found.profile, found.entries, fields, checked.problems, status=400)
    day, grams = checked.values["day"], checked.values["grams"]
    replace = fields.get("confirm_replace") == "yes"
    try:
        result = repository.put_entry(identity.token_hash(token), day, grams, replace=replace)
    except AWS_FAILURES:
        logger.exception("A tracker write failed; the reader was told it was not saved")
        return views.not_saved_page(event, token, found.profile, found.entries, fields)
    if result.outcome == "conflict":
        return views.confirm_replace_page(event, token, unit, day, fields, result.existing_grams, grams)
    return done("replaced" if replace else "added", pages.with_entry(found.entries, day, grams), unit)


@app.route("/tracker/entries/<day>/edit", method=READ)
def edit_entry(day: str) -> Response:
    token, tracker = tracker_for_page()
    entry = entry_on(tracker, day)
    if entry is None:
        return errors.not_found(page_context(app.current_event))
    return views.edit_page(app.current_event, token, tracker.profile["unit"], entry)


@app.post("/tracker/entries/<day>")
def update_entry(day: str) -> Response:
    token, found, fields = tracker_for_post()
    event, unit = app.current_event, found.profile["unit"]
    entry = entry_on(found, day)
    if entry is None:
        return errors.not_found(page_context(app.current_event))
    # The day is the entry's own (it may predate a start date changed since); only the weight is checked.
    checked = forms.check_entry({**fields, "date": day}, unit, day, latest_allowed_day())
    if not checked.ok:
        return views.edit_page(event, token, unit, entry, fields, checked.problems, status=400)
    try:
        updated = repository.update_entry(identity.token_hash(token), day, checked.values["grams"])
    except AWS_FAILURES:
        logger.exception("A tracker update failed; the reader was told it was not saved")
        return views.not_changed_page(event, token, unit, entry, fields)
    if not updated:
        return errors.not_found(page_context(app.current_event))
    return done("updated", pages.with_entry(found.entries, day, checked.values["grams"]), unit)


@app.post("/tracker/entries/<day>/delete")
def delete_entry(day: str) -> Response:
    token, found, _ = tracker_for_post()
    if entry_on(found, day) is None:
        return errors.not_found(page_context(app.current_event))
    repository.delete_entry(identity.token_hash(token), day)
    return done("deleted", pages.with_entry(found.entries, day, None), found.profile["unit"])


@app.route("/tracker/export.csv", method=READ)
def export_csv() -> Response:
    _, tracker = tracker_for_page()
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=export.csv_text(tracker.entries, tracker.profile["unit"]),
        headers={**PRIVATE, "Content-Disposition": 'attachment; filename="weight-tracker.csv"'},
    )


@app.route("/tracker/delete", method=READ)
def confirm_delete() -> Response:
    token, tracker = tracker_for_page()
    return views.delete_page(app.current_event, token, len(tracker.entries))


@app.post("/tracker/delete")
def delete_tracker() -> Response:
    token, _, _ = tracker_for_post()
    repository.delete_tracker(identity.token_hash(token))
    metrics.add_metric(name="TrackerDeleted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker deleted")
    event = app.current_event
    response = views.deleted_page(event)
    response.cookies = [clear_cookie(event, identity.COOKIE), clear_cookie(event, summary.COOKIE)]
    return response


@app.route("/tracker/open", method=READ)
def open_form() -> Response:
    return views.open_page(app.current_event)


@app.post("/tracker/open")
def open_tracker() -> Response:
    event = app.current_event
    if is_cross_site(event):
        return forbidden()
    code = form_fields(event).get("recovery_code", "")
    source = event.request_context.http.source_ip or "unknown"
    tries = repository.count_recovery_attempt(identity.client_key(source), RECOVERY_WINDOW)
    if tries > RECOVERY_TRIES:
        logger.warning("Recovery attempts limited for a client")
        return views.too_many_tries_page(event, RECOVERY_WINDOW)
    token = identity.token_from_recovery_code(code)
    found = repository.load(identity.token_hash(token)) if token else None
    if token is None or found is None:
        return views.open_page(event, code, tries_left=max(RECOVERY_TRIES - tries, 0))
    logger.info("Tracker opened with a recovery code")
    cookies = [
        set_cookie(event, identity.COOKIE, token, identity.COOKIE_MAX_AGE),
        latest_cookie(found.entries, found.profile["unit"]),
    ]
    return redirect("/tracker?done=opened", PRIVATE, cookies)


# Wrong methods, unknown paths, refusals and failures: HTML pages, never API Gateway's JSON or a trace.


def _not_allowed(allowed: tuple[str, ...]) -> Any:
    def handler(**_: str) -> Response:
        return errors.method_not_allowed(allowed, page_context(app.current_event))

    return handler


for _rule in ("/tracker/delete", "/tracker/open"):
    app.route(_rule, method=["PUT", "PATCH", "DELETE", "OPTIONS"])(_not_allowed(("GET", "HEAD", "POST")))
for _rule in ("/tracker", "/tracker/entries/<day>/edit", "/tracker/export.csv"):
    app.route(_rule, method=errors.OTHER_METHODS)(_not_allowed(("GET", "HEAD")))
for _rule in ("/tracker/start", "/tracker/entries", "/tracker/entries/<day>", "/tracker/entries/<day>/delete"):
    app.route(_rule, method=["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"])(_not_allowed(("POST",)))


@app.not_found
def unknown_path(_: NotFoundError) -> Response:
    return errors.not_found(page_context(app.current_event))


@app.exception_handler(Refused)
def refused(refusal: Refused) -> Response:
    return refusal.response


@app.exception_handler([ClientError, BotoCoreError])
def aws_failure(error: Exception) -> Response:
    logger.exception("DynamoDB failed while serving the tracker")
    return views.unavailable(app.current_event)


@app.exception_handler(Exception)
def unexpected(error: Exception) -> Response:
    logger.exception("Unhandled error while serving the tracker")
    return errors.server_error()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_phase.end()
