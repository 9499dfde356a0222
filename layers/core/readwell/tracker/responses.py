"""The tracker's pages as responses: every one private (never stored by any cache), titled, with 'Error: '
when a form failed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.pages.context import page_context
from readwell.pages.error_pages import RETRY_AFTER_SECONDS, not_found
from readwell.tracker import export, identity, rate_limits, view_models
from readwell.tracker.history import Page
from readwell.tracker.http import PRIVATE_HEADERS, clear_cookie, redirect, tracker_cookie
from readwell.tracker.progress import Entry
from readwell.tracker.service import (
    Forbidden,
    NoEntry,
    NoTracker,
    NotSaved,
    Open,
    Outcome,
    Recovery,
)
from readwell.tracker.units import UNITS, Problem, format_weight
from readwell.web.methods import READ
from readwell.web.responses import PRIVATE, page

RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


@dataclass(frozen=True)
class SentBack:
    """A form shown again: the reader's own input, what is wrong with it, and the status that says why."""

    form: dict[str, str]
    problems: list[Problem]
    status: int = 400
    headers: dict[str, str] | None = None


def render(
    event: BaseProxyEvent,
    template: str,
    title: str,
    sent_back: SentBack | None = None,
    status: int = 200,
    address: str = "/tracker",
    **context: Any,
) -> Response:
    """`address` is where this page can be opened again with GET: a page that answers a POST sends the
    display-settings form back there, since going back to the POST's path would be a 405 page."""
    problems = sent_back.problems if sent_back else []
    base = page_context(event)
    if event.http_method not in READ:
        base["current_path"] = address
    # The tracker's own "entry saved" notice and a display-settings notice can both be due: say both.
    said = " ".join(n for n in (base.pop("notice", None), context.pop("notice", None)) if n)
    return page(
        template,
        status=sent_back.status if sent_back else status,
        cache=PRIVATE,
        headers=sent_back.headers if sent_back else None,
        title=("Error: " if problems else "") + title,
        problems=problems,
        errors={p.field: p.message for p in problems},
        notice=said or None,
        **{**base, **context},
    )


def forbidden(event: BaseProxyEvent) -> Response:
    return render(event, "pages/tracker/forbidden.html", "Sorry, this form could not be accepted", status=403)


# What a tracker form sends that the "try again" page may send again, unchanged: the form token, an entry's day
# and weight, and a confirmation. A recovery code is never written into a page it was not typed on.
RESENDABLE = ("csrf_token", "date", "weight", "weight_stones", "weight_pounds", "confirm_replace")


def unavailable(event: BaseProxyEvent, error: Exception | None = None) -> Response:
    """The tracker's "try again" page; for a form that could not be acted on, with the reader's input kept in a
    form that sends it again to the same address."""
    sent = error.form if isinstance(error, NotSaved) else {}
    kept = {name: sent[name] for name in RESENDABLE if sent.get(name)}
    return render(
        event,
        "pages/tracker/unavailable.html",
        "Sorry, the tracker is not available",
        SentBack(kept, [], 503, RETRY_AFTER),
        form=kept,
        resend_to=event.path if kept else None,
    )


def start_page(event: BaseProxyEvent, today: str, sent_back: SentBack | None = None) -> Response:
    return render(
        event,
        "pages/tracker/start.html",
        "Start your weight tracker",
        sent_back,
        form=sent_back.form if sent_back else {"start_date": today, "unit": "kg"},
        units=UNITS,
        today=today,
    )


def started_page(event: BaseProxyEvent, token: str) -> Response:
    """The new tracker's recovery code, with the cookie that keeps it in this browser."""
    response = render(
        event,
        "pages/tracker/started.html",
        "Your weight tracker has started",
        recovery_code=identity.recovery_code(token),
    )
    response.cookies = [tracker_cookie(event, token)]
    return response


def tracker_page(
    event: BaseProxyEvent,
    tracker: Open,
    shown: Page,
    today: str,
    sent_back: SentBack | None = None,
    recent: list[Entry] | None = None,
) -> Response:
    """`recent`: the entries of the weight-loss notice's window (service.recent_entries), for the notice and the
    1/3/6-month changes; a form sent back shows neither."""
    query = event.query_string_parameters or {}
    notice = None if sent_back else view_models.DONE_MESSAGES.get(query.get("done", ""))
    view = view_models.tracker(tracker.profile, tracker.summary, shown)
    care = view_models.care(tracker.profile, tracker.summary, recent or [])
    view["trend"] = view_models.chart_words(view["trend"], care["changes"])
    return render(
        event,
        "pages/tracker/tracker.html",
        "Your weight tracker",
        sent_back,
        csrf=identity.csrf_token(tracker.token),
        form=sent_back.form if sent_back else {"date": today},
        today=today,
        notice=notice,
        **view,
        **care,
    )


def _not_saved(unit: str, what: str) -> Problem:
    return Problem("weight-stones" if unit == "st" else "weight", what)


def entry_problem_page(
    event: BaseProxyEvent,
    tracker: Open,
    shown: Page | None,
    outcome: Outcome,
    form: dict[str, str],
    today: str,
    entry: Entry | None = None,
) -> Response | None:
    """The page for an entry form that was not saved (problems, a failure, a day to confirm); None when it was.

    `shown` is the tracker's newest page, wanted only when the add form comes back on it."""
    unit = tracker.profile.unit
    if outcome.conflict:
        return confirm_replace_page(event, tracker, outcome, form)
    if outcome.failed:
        what = "Your change was NOT saved" if entry else "Your entry was NOT saved"
        what += " because of a problem on our side. "
        what += (
            "Please try again in a minute."
            if entry
            else "Your weight is still in the form: please try saving it again in a minute."
        )
        sent_back = SentBack(form, [_not_saved(unit, what)], 503, RETRY_AFTER)
    elif outcome.problems:
        sent_back = SentBack(form, outcome.problems)
    else:
        return None
    if entry is not None:
        return edit_page(event, tracker, entry, sent_back)
    return tracker_page(event, tracker, shown or Page([]), today, sent_back)


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
    return render(
        event,
        "pages/tracker/edit_entry.html",
        "Change your entry",
        sent_back,
        address=f"/tracker/entries/{entry.day}/edit",
        csrf=identity.csrf_token(tracker.token),
        day=entry.day,
        unit=unit,
        current=format_weight(entry.grams, unit),
        form=sent_back.form if sent_back else view_models.weight_fields(entry.grams, unit),
    )


def saved(message: str) -> Response:
    """Back to the tracker, which says what was done."""
    return redirect(f"/tracker?done={message}")


def delete_page(event: BaseProxyEvent, tracker: Open) -> Response:
    return render(
        event,
        "pages/tracker/delete.html",
        "Delete your tracker",
        csrf=identity.csrf_token(tracker.token),
        entry_count=tracker.summary.count,
    )


def deleted_page(event: BaseProxyEvent, token: str, finished: bool) -> Response:
    """The tracker is gone; once every entry is removed too the browser forgets it, until then it can go on."""
    if not finished:
        csrf = identity.csrf_token(token)
        return render(event, "pages/tracker/deleting.html", "Your tracker is being deleted", csrf=csrf)
    response = render(event, "pages/tracker/deleted.html", "Your tracker has been deleted")
    response.cookies = [clear_cookie(event)]
    return response


def open_page(event: BaseProxyEvent, code: str = "", tries_left: int | None = None) -> Response:
    problems = []
    if tries_left is not None:
        message = (
            "That recovery code does not match a tracker. Check it and try again: "
            f"you can try {tries_left} more times in the next {rate_limits.RECOVERY.window_words}."
        )
        problems = [Problem("recovery-code", message)]
    return render(
        event,
        "pages/tracker/open.html",
        "Open your tracker",
        SentBack({"recovery_code": code}, problems) if problems else None,
        address="/tracker/open",
        code=code,
    )


def too_many_tries_page(event: BaseProxyEvent) -> Response:
    return render(
        event,
        "pages/tracker/too_many_tries.html",
        "Too many tries",
        SentBack({}, [], 429, _retry_after(rate_limits.RECOVERY)),
        tries=rate_limits.RECOVERY.tries,
        window=rate_limits.RECOVERY.window_words,
    )


def _retry_after(limit: rate_limits.Limit) -> dict[str, str]:
    """When to try again: at the latest, a whole window from now (the count restarts when its window ends)."""
    return {"Retry-After": str(limit.window_seconds)}


def too_many_starts(form: dict[str, str]) -> SentBack:
    """The start form again, with the reader's input, saying why no tracker was started and when to try again."""
    limit = rate_limits.STARTS
    message = (
        "A new tracker cannot be started from your internet connection at the moment. To stop misuse, "
        f"at most {limit.tries} trackers can be started from one connection in {limit.window_words}. "
        f"Please try again in {limit.window_words}. Nothing has been saved, and what you entered is still below."
    )
    return SentBack(form, [Problem("", message)], 429, _retry_after(limit))


def recovery_page(event: BaseProxyEvent, code: str, found: Recovery, current: Open | None, confirmed: bool) -> Response:
    """After a recovery code was tried: too many tries, no match (the form again), a question, or the tracker.

    A browser that already holds another tracker is asked first, and shown that tracker's own code, so
    switching never leaves a tracker nobody can open."""
    if found.limited:
        return too_many_tries_page(event)
    if found.opened is None:
        return open_page(event, code, tries_left=found.tries_left)
    if current is not None and current.token != found.opened.token and not confirmed:
        return render(
            event,
            "pages/tracker/confirm_open.html",
            "Switch to another tracker?",
            status=409,
            address="/tracker/open",
            current_code=identity.recovery_code(current.token),
            code=code,
        )
    return redirect("/tracker?done=opened", [tracker_cookie(event, found.opened.token)])


def recovery_code_page(event: BaseProxyEvent, tracker: Open) -> Response:
    return render(
        event,
        "pages/tracker/recovery_code.html",
        "Your recovery code",
        recovery_code=identity.recovery_code(tracker.token),
    )


def csv_download(tracker: Open, entries: Iterator[Entry]) -> Response:
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=export.csv_text(entries, tracker.profile.unit),
        headers={**PRIVATE_HEADERS, "Content-Disposition": 'attachment; filename="weight-tracker.csv"'},
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
