"""The tracker's pages as responses: every one private (no-store), titled, with 'Error: ' when a form failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.pages.context import page_context
from readwell.pages.errors import RETRY_AFTER_SECONDS, not_found
from readwell.tracker import export, identity, pages, summary
from readwell.tracker.http import PRIVATE, clear_cookie, latest_cookie, redirect, tracker_cookies
from readwell.tracker.progress import Entry
from readwell.tracker.service import (
    RECOVERY_TRIES,
    RECOVERY_WINDOW,
    Forbidden,
    NoEntry,
    NoTracker,
    Open,
    Outcome,
    Recovery,
)
from readwell.tracker.units import UNITS, Problem, format_weight
from readwell.web.methods import READ
from readwell.web.responses import NO_STORE, page

RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}
WINDOW_WORDS = f"{int(RECOVERY_WINDOW.total_seconds() // 60)} minutes"


def render(
    event: BaseProxyEvent,
    template: str,
    title: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    address: str = "/tracker",
    **context: Any,
) -> Response:
    """`address` is where this page can be opened again with GET: a page that answers a POST sends the
    display-settings form back there, since going back to the POST's path would be a 405 page."""
    problems = problems or []
    base = page_context(event)
    if event.http_method not in READ:
        base["current_path"] = address
    # The tracker's own "entry saved" notice and a display-settings notice can both be due: say both.
    said = " ".join(n for n in (base.pop("notice", None), context.pop("notice", None)) if n)
    return page(
        template,
        status=status,
        cache=NO_STORE,
        headers=headers,
        title=("Error: " if problems else "") + title,
        problems=problems,
        errors={p.field: p.message for p in problems},
        notice=said or None,
        **{**base, **context},
    )


def forbidden(event: BaseProxyEvent) -> Response:
    return render(event, "pages/tracker/forbidden.html", "Sorry, this form could not be accepted", status=403)


def unavailable(event: BaseProxyEvent) -> Response:
    return render(
        event, "pages/tracker/unavailable.html", "Sorry, the tracker is not available", status=503, headers=RETRY_AFTER
    )


def start_page(
    event: BaseProxyEvent,
    today: str,
    form: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> Response:
    return render(
        event,
        "pages/tracker/start.html",
        "Start your weight tracker",
        status=status,
        problems=problems,
        form=form or {"start_date": today, "unit": "kg"},
        units=UNITS,
        today=today,
    )


def started_page(event: BaseProxyEvent, token: str, unit: str) -> Response:
    """The new tracker's recovery code, with the cookies that keep it in this browser."""
    response = render(
        event,
        "pages/tracker/started.html",
        "Your weight tracker has started",
        recovery_code=identity.recovery_code(token),
    )
    response.cookies = tracker_cookies(event, token, [], unit)
    return response


def saved(event: BaseProxyEvent, message: str, outcome: Outcome, tracker: Open) -> Response:
    """Back to the tracker, which says what was done; the widget's cookie follows the latest entry."""
    cookie = latest_cookie(event, outcome.entries or [], tracker.profile.unit)
    return redirect(f"/tracker?done={message}", [cookie])


def recovery_page(event: BaseProxyEvent, code: str, found: Recovery) -> Response:
    """After a recovery code was tried: too many tries, no match (the form again), or the tracker it opened."""
    if found.limited:
        return too_many_tries_page(event)
    if found.opened is None:
        return open_page(event, code, tries_left=found.tries_left)
    tracker = found.opened
    cookies = tracker_cookies(event, tracker.token, tracker.entries, tracker.profile.unit)
    return redirect("/tracker?done=opened", cookies)


def entry_problem_page(
    event: BaseProxyEvent, tracker: Open, outcome: Outcome, form: dict[str, str], today: str, entry: Entry | None = None
) -> Response | None:
    """The page for an entry form that was not saved (problems, a failure, a day to confirm); None when it was."""
    if outcome.failed:
        return not_changed_page(event, tracker, entry, form) if entry else not_saved_page(event, tracker, today, form)
    if outcome.problems and entry:
        return edit_page(event, tracker, entry, SentBack(form, outcome.problems))
    if outcome.problems:
        return tracker_page(event, tracker, today, SentBack(form, outcome.problems))
    if outcome.conflict:
        return confirm_replace_page(event, tracker, outcome, form)
    return None


@dataclass(frozen=True)
class SentBack:
    """A form shown again: the reader's own input, what is wrong with it, and the status that says why."""

    form: dict[str, str]
    problems: list[Problem]
    status: int = 400
    headers: dict[str, str] | None = None


def tracker_page(event: BaseProxyEvent, tracker: Open, today: str, sent_back: SentBack | None = None) -> Response:
    query = event.query_string_parameters or {}
    notice = None if sent_back else pages.DONE_MESSAGES.get(query.get("done", ""))
    view = pages.tracker(tracker.profile, tracker.entries, pages.page_number(query.get("page")))
    return render(
        event,
        "pages/tracker/tracker.html",
        "Your weight tracker",
        status=sent_back.status if sent_back else 200,
        headers=sent_back.headers if sent_back else None,
        problems=sent_back.problems if sent_back else None,
        csrf=identity.csrf_token(tracker.token),
        form=sent_back.form if sent_back else {"date": today},
        today=today,
        notice=notice,
        **view,
    )


def _not_saved(unit: str, what: str) -> Problem:
    return Problem("weight-stones" if unit == "st" else "weight", what)


def not_saved_page(event: BaseProxyEvent, tracker: Open, today: str, form: dict[str, str]) -> Response:
    """The tracker page again, saying plainly the entry was NOT saved, with the reader's input kept."""
    problem = _not_saved(
        tracker.profile.unit,
        "Your entry was NOT saved because of a problem on our side. Your weight is still in the form: "
        "please try saving it again in a minute.",
    )
    return tracker_page(event, tracker, today, SentBack(form, [problem], 503, RETRY_AFTER))


def confirm_replace_page(event: BaseProxyEvent, tracker: Open, outcome: Outcome, form: dict[str, str]) -> Response:
    unit = tracker.profile.unit
    return render(
        event,
        "pages/tracker/confirm_replace.html",
        "Replace your entry?",
        status=409,
        csrf=identity.csrf_token(tracker.token),
        day=outcome.day,
        unit=unit,
        fields=form,
        existing=format_weight(outcome.existing_grams, unit) if outcome.existing_grams else None,
        proposed=format_weight(outcome.grams, unit),
    )


def edit_page(event: BaseProxyEvent, tracker: Open, entry: Entry, sent_back: SentBack | None = None) -> Response:
    unit = tracker.profile.unit
    form, problems = (sent_back.form, sent_back.problems) if sent_back else (None, None)
    return render(
        event,
        "pages/tracker/edit_entry.html",
        "Change your entry",
        address=f"/tracker/entries/{entry.day}/edit",
        status=sent_back.status if sent_back else 200,
        headers=sent_back.headers if sent_back else None,
        problems=problems,
        csrf=identity.csrf_token(tracker.token),
        day=entry.day,
        unit=unit,
        current=format_weight(entry.grams, unit),
        form=form if form is not None else pages.weight_fields(entry.grams, unit),
    )


def not_changed_page(event: BaseProxyEvent, tracker: Open, entry: Entry, form: dict[str, str]) -> Response:
    problem = _not_saved(
        tracker.profile.unit,
        "Your change was NOT saved because of a problem on our side. Please try again in a minute.",
    )
    return edit_page(event, tracker, entry, SentBack(form, [problem], 503, RETRY_AFTER))


def delete_page(event: BaseProxyEvent, tracker: Open) -> Response:
    return render(
        event,
        "pages/tracker/delete.html",
        "Delete your tracker",
        csrf=identity.csrf_token(tracker.token),
        entry_count=len(tracker.entries),
    )


def deleted_page(event: BaseProxyEvent) -> Response:
    """Said once the tracker is gone; the browser forgets its cookies."""
    response = render(event, "pages/tracker/deleted.html", "Your tracker has been deleted")
    response.cookies = [clear_cookie(event, name) for name in (identity.COOKIE, summary.COOKIE)]
    return response


def open_page(event: BaseProxyEvent, code: str = "", tries_left: int | None = None) -> Response:
    problems = []
    if tries_left is not None:
        message = (
            "That recovery code does not match a tracker. Check it and try again: "
            f"you can try {tries_left} more times in the next {WINDOW_WORDS}."
        )
        problems = [Problem("recovery-code", message)]
    return render(
        event,
        "pages/tracker/open.html",
        "Open your tracker",
        address="/tracker/open",
        status=400 if problems else 200,
        problems=problems,
        code=code,
    )


def too_many_tries_page(event: BaseProxyEvent) -> Response:
    return render(
        event,
        "pages/tracker/too_many_tries.html",
        "Too many tries",
        status=429,
        headers={"Retry-After": str(int(RECOVERY_WINDOW.total_seconds()))},
        tries=RECOVERY_TRIES,
        window=WINDOW_WORDS,
    )


def csv_download(tracker: Open) -> Response:
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=export.csv_text(tracker.entries, tracker.profile.unit),
        headers={**PRIVATE, "Content-Disposition": 'attachment; filename="weight-tracker.csv"'},
    )


def answer_refusals(app: Any, logger: Any) -> None:
    """The tracker's own refusals: no tracker here (back to the start page), a foreign form (403), no such entry."""

    @app.exception_handler(NoTracker)
    def no_tracker(_: NoTracker) -> Response:
        return redirect("/tracker")

    @app.exception_handler(Forbidden)
    def forbidden_form(_: Forbidden) -> Response:
        logger.warning("Refused a tracker form: cross-site or without a valid form token")
        return forbidden(app.current_event)

    @app.exception_handler(NoEntry)
    def no_entry(_: NoEntry) -> Response:
        return not_found(page_context(app.current_event))
