"""Tracker function: the private weight tracker under /tracker. Parse, call, respond.

Every page is private (no-store). Identity is the secret in the rw_tracker cookie; only its hash
reaches DynamoDB. Logs name what happened, never weights, tokens, codes or cookies.
"""

from __future__ import annotations

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
from readwell.tracker.units import UNITS, format_weight
from readwell.web import errors
from readwell.web.observability import tools
from readwell.web.request import page_context
from readwell.web.responses import NO_STORE, page, with_security_headers
from readwell.web.tracker_http import clear_cookie, cookie, form_fields, is_cross_site, redirect, set_cookie

logger, tracer, metrics = tools("tracker")
app = APIGatewayHttpResolver()
repository = TrackerRepository(config.tracker_table())
READ = ["GET", "HEAD"]
WRITE = ["POST"]
PRIVATE = {"Cache-Control": NO_STORE}
RECOVERY_TRIES = 5
RECOVERY_WINDOW = 15 * 60
RETRY_AFTER = "30"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AWS_FAILURES = (ClientError, BotoCoreError)


class Refused(Exception):
    """A request we answer with a page other than the one asked for (403, redirect to start)."""

    def __init__(self, response: Response) -> None:
        self.response = response


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def latest_allowed_day() -> date:
    """'Not in the future' for a reader anywhere: it is already tomorrow in UTC+14 before UTC midnight."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def render(
    template: str, title: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> Response:
    ctx = {**page_context(app.current_event), **context}
    response = page(template, status=status, cache=NO_STORE, headers=headers, title=title, **ctx)
    return response


def forbidden() -> Response:
    logger.warning("Refused a tracker form: cross-site or without a valid form token")
    return render("pages/tracker/forbidden.html", "Sorry, this form could not be accepted", status=403)


def unavailable() -> Response:
    return render(
        "pages/tracker/unavailable.html",
        "Sorry, the tracker is not available",
        status=503,
        headers={"Retry-After": RETRY_AFTER},
    )


def token_in_cookie() -> str | None:
    value = cookie(app.current_event, identity.COOKIE)
    return value if value and identity.is_token(value) else None


def current_tracker() -> tuple[str, Tracker] | None:
    token = token_in_cookie()
    if token is None:
        return None
    found = repository.load(identity.token_hash(token))
    return (token, found) if found is not None else None


def tracker_for_post() -> tuple[str, Tracker, dict[str, str]]:
    """The tracker behind a form post, after the cross-site and CSRF checks; else Refused."""
    event = app.current_event
    if is_cross_site(event):
        raise Refused(forbidden())
    fields = form_fields(event)
    token = token_in_cookie()
    if token is None:
        raise Refused(redirect("/tracker", with_security_headers(PRIVATE)))
    if not identity.csrf_matches(token, fields.get("csrf_token", "")):
        raise Refused(forbidden())
    found = repository.load(identity.token_hash(token))
    if found is None:
        raise Refused(redirect("/tracker", with_security_headers(PRIVATE)))
    return token, found, fields


def latest_cookie(entries: list[Entry], unit: str) -> Cookie:
    last = pages.latest(entries)
    value = summary.cookie_value(last.day, last.grams, unit) if last else summary.cookie_value(None, None, unit)
    return set_cookie(app.current_event, summary.COOKIE, value, identity.COOKIE_MAX_AGE)


def done(message: str, entries: list[Entry], unit: str) -> Response:
    metrics.add_metric(name="TrackerWrite", unit=MetricUnit.Count, value=1)
    logger.info("Tracker changed", extra={"outcome": message})
    return redirect(f"/tracker?done={message}", with_security_headers(PRIVATE), [latest_cookie(entries, unit)])


def with_entry(entries: list[Entry], day: str, grams: int | None) -> list[Entry]:
    """The entries after one day is set (or removed when grams is None), oldest first."""
    kept = [e for e in entries if e.day != day]
    return sorted([*kept, Entry(day, grams)] if grams is not None else kept, key=lambda e: e.day)


# Pages -----------------------------------------------------------------------------------------


def start_page(form: dict[str, str] | None = None, problems: list[Any] | None = None, status: int = 200) -> Response:
    problems = problems or []
    return render(
        "pages/tracker/start.html",
        ("Error: " if problems else "") + "Start your weight tracker",
        status=status,
        form=form or {"start_date": today(), "unit": "kg"},
        problems=problems,
        errors={p.field: p.message for p in problems},
        units=UNITS,
        today=today(),
    )


def tracker_page(
    token: str,
    found: Tracker,
    form: dict[str, str] | None = None,
    problems: list[Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    problems = problems or []
    query = app.current_event.query_string_parameters or {}
    notice = pages.DONE_MESSAGES.get(query.get("done", "")) if not problems else None
    view = pages.tracker(found.profile, found.entries, pages.page_number(query.get("page")))
    return render(
        "pages/tracker/tracker.html",
        ("Error: " if problems else "") + "Your weight tracker",
        status=status,
        headers=headers,
        notice=notice,
        csrf=identity.csrf_token(token),
        form=form or {"date": today()},
        problems=problems,
        errors={p.field: p.message for p in problems},
        today=today(),
        **view,
    )


@app.get("/tracker")
def home() -> Response:
    found = current_tracker()
    if found is None:
        return start_page()
    return tracker_page(*found)


@app.route("/tracker", method=["HEAD"])
def home_head() -> Response:
    return home()


@app.post("/tracker/start")
def start() -> Response:
    event = app.current_event
    if is_cross_site(event):
        return forbidden()
    if current_tracker() is not None:  # already tracking here (or the form was sent twice): keep that tracker
        return redirect("/tracker", with_security_headers(PRIVATE))
    fields = form_fields(event)
    checked = forms.check_start(fields, latest_allowed_day())
    if not checked.ok:
        return start_page(fields, checked.problems, status=400)
    token = identity.new_token()
    profile = {**checked.values}
    repository.create(identity.token_hash(token), profile)
    metrics.add_metric(name="TrackerStarted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker started")
    cookies = [
        set_cookie(event, identity.COOKIE, token, identity.COOKIE_MAX_AGE),
        latest_cookie([], checked.values["unit"]),
    ]
    response = render(
        "pages/tracker/started.html",
        "Your weight tracker has started",
        recovery_code=identity.recovery_code(token),
    )
    response.cookies = cookies
    return response


@app.post("/tracker/entries")
def add_entry() -> Response:
    token, found, fields = tracker_for_post()
    unit, tracker_hash = found.profile["unit"], identity.token_hash(token)
    checked = forms.check_entry(fields, unit, found.profile["start_date"], latest_allowed_day())
    if not checked.ok:
        return tracker_page(token, found, fields, checked.problems, status=400)
    day, grams = checked.values["day"], checked.values["grams"]
    replace = fields.get("confirm_replace") == "yes"
    try:
        result = repository.put_entry(tracker_hash, day, grams, replace=replace)
    except AWS_FAILURES:
        return not_saved(token, found, fields)
    if result.outcome == "conflict":
        return render(
            "pages/tracker/confirm_replace.html",
            "Replace your entry?",
            status=409,
            csrf=identity.csrf_token(token),
            day=day,
            unit=unit,
            fields=fields,
            existing=format_weight(result.existing_grams, unit) if result.existing_grams else None,
            proposed=format_weight(grams, unit),
        )
    return done("replaced" if replace else "added", with_entry(found.entries, day, grams), unit)


def not_saved(token: str, found: Tracker, fields: dict[str, str]) -> Response:
    logger.exception("A tracker write failed; the reader was told it was not saved")
    problem = forms.Problem(
        "weight-stones" if found.profile["unit"] == "st" else "weight",
        "Your entry was NOT saved because of a problem on our side. Your weight is still in the form: "
        "please try saving it again in a minute.",
    )
    return tracker_page(token, found, fields, [problem], status=503, headers={"Retry-After": RETRY_AFTER})


def entry_or_none(found: Tracker, day: str) -> Entry | None:
    if not _DAY.match(day):
        return None
    return next((e for e in found.entries if e.day == day), None)


@app.get("/tracker/entries/<day>/edit")
def edit_entry(day: str) -> Response:
    found = current_tracker()
    if found is None:
        return redirect("/tracker", with_security_headers(PRIVATE))
    token, tracker = found
    entry = entry_or_none(tracker, day)
    if entry is None:
        return errors.not_found()
    unit = tracker.profile["unit"]
    return edit_page(token, tracker, entry, pages.weight_fields(entry.grams, unit), [])


def edit_page(
    token: str, found: Tracker, entry: Entry, form: dict[str, str], problems: list[Any], status: int = 200
) -> Response:
    return render(
        "pages/tracker/edit_entry.html",
        ("Error: " if problems else "") + "Change your entry",
        status=status,
        csrf=identity.csrf_token(token),
        day=entry.day,
        unit=found.profile["unit"],
        current=format_weight(entry.grams, found.profile["unit"]),
        form=form,
        problems=problems,
        errors={p.field: p.message for p in problems},
    )


@app.post("/tracker/entries/<day>")
def update_entry(day: str) -> Response:
    token, found, fields = tracker_for_post()
    entry = entry_or_none(found, day)
    if entry is None:
        return errors.not_found()
    unit = found.profile["unit"]
    checked = forms.check_entry({**fields, "date": day}, unit, "0000-00-00", latest_allowed_day())
    if not checked.ok:
        return edit_page(token, found, entry, fields, checked.problems, status=400)
    try:
        updated = repository.update_entry(identity.token_hash(token), day, checked.values["grams"])
    except AWS_FAILURES:
        logger.exception("A tracker update failed; the reader was told it was not saved")
        problem = forms.Problem(
            "weight-stones" if unit == "st" else "weight",
            "Your change was NOT saved because of a problem on our side. Please try again in a minute.",
        )
        return edit_page(token, found, entry, fields, [problem], status=503)
    if not updated:
        return errors.not_found()
    return done("updated", with_entry(found.entries, day, checked.values["grams"]), unit)


@app.post("/tracker/entries/<day>/delete")
def delete_entry(day: str) -> Response:
    token, found, _ = tracker_for_post()
    if entry_or_none(found, day) is None:
        return errors.not_found()
    repository.delete_entry(identity.token_hash(token), day)
    return done("deleted", with_entry(found.entries, day, None), found.profile["unit"])


@app.route("/tracker/export.csv", method=READ)
def export_csv() -> Response:
    found = current_tracker()
    if found is None:
        return redirect("/tracker", with_security_headers(PRIVATE))
    _, tracker = found
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=export.csv_text(tracker.entries, tracker.profile["unit"]),
        headers=with_security_headers({**PRIVATE, "Content-Disposition": 'attachment; filename="weight-tracker.csv"'}),
    )


@app.route("/tracker/delete", method=READ)
def confirm_delete() -> Response:
    found = current_tracker()
    if found is None:
        return redirect("/tracker", with_security_headers(PRIVATE))
    token, tracker = found
    return render(
        "pages/tracker/delete.html",
        "Delete your tracker",
        csrf=identity.csrf_token(token),
        entry_count=len(tracker.entries),
    )


@app.post("/tracker/delete")
def delete_tracker() -> Response:
    token, _, _ = tracker_for_post()
    repository.delete_tracker(identity.token_hash(token))
    metrics.add_metric(name="TrackerDeleted", unit=MetricUnit.Count, value=1)
    logger.info("Tracker deleted")
    response = render("pages/tracker/deleted.html", "Your tracker has been deleted")
    response.cookies = [
        clear_cookie(app.current_event, identity.COOKIE),
        clear_cookie(app.current_event, summary.COOKIE),
    ]
    return response


def open_page(code: str = "", message: str | None = None, status: int = 200) -> Response:
    problems = [forms.Problem("recovery-code", message)] if message else []
    return render(
        "pages/tracker/open.html",
        ("Error: " if problems else "") + "Open your tracker",
        status=status,
        code=code,
        problems=problems,
        errors={p.field: p.message for p in problems},
    )


@app.route("/tracker/open", method=READ)
def open_form() -> Response:
    return open_page()


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
        return render(
            "pages/tracker/too_many_tries.html",
            "Too many tries",
            status=429,
            headers={"Retry-After": str(RECOVERY_WINDOW)},
        )
    token = identity.token_from_recovery_code(code)
    found = repository.load(identity.token_hash(token)) if token else None
    if token is None or found is None:
        message = (
            "That recovery code does not match a tracker. Check it and try again: "
            f"you can try {max(RECOVERY_TRIES - tries, 0)} more times in the next 15 minutes."
        )
        return open_page(code, message, status=400)
    logger.info("Tracker opened with a recovery code")
    return redirect(
        "/tracker?done=opened",
        with_security_headers(PRIVATE),
        [
            set_cookie(event, identity.COOKIE, token, identity.COOKIE_MAX_AGE),
            latest_cookie(found.entries, found.profile["unit"]),
        ],
    )


# Wrong methods, unknown paths, refusals and failures -------------------------------------------

_POST_RULES = ["/tracker/start", "/tracker/entries", "/tracker/entries/<day>", "/tracker/entries/<day>/delete"]


def _not_allowed(allowed: tuple[str, ...]) -> Any:
    def handler(**_: str) -> Response:
        return errors.method_not_allowed(allowed)

    return handler


for _rule in ("/tracker/delete", "/tracker/open"):
    app.route(_rule, method=["PUT", "PATCH", "DELETE", "OPTIONS"])(_not_allowed(("GET", "HEAD", "POST")))
for _rule in ("/tracker", "/tracker/entries/<day>/edit", "/tracker/export.csv"):
    app.route(_rule, method=errors.OTHER_METHODS)(_not_allowed(("GET", "HEAD")))
for _rule in _POST_RULES:
    app.route(_rule, method=["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"])(_not_allowed(("POST",)))


@app.not_found
def unknown_path(_: NotFoundError) -> Response:
    return errors.not_found()


@app.exception_handler(Refused)
def refused(refusal: Refused) -> Response:
    return refusal.response


@app.exception_handler([ClientError, BotoCoreError])
def aws_failure(error: Exception) -> Response:
    logger.exception("DynamoDB failed while serving the tracker")
    return unavailable()


@app.exception_handler(Exception)
def unexpected(error: Exception) -> Response:
    logger.exception("Unhandled error while serving the tracker")
    return errors.server_error()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
