"""The tracker's pages as responses: every one private (no-store), titled, with 'Error: ' when a form failed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.tracker import identity, pages
from readwell.tracker.progress import Entry
from readwell.tracker.units import UNITS, Problem, format_weight
from readwell.web.errors import READ_METHODS
from readwell.web.request import page_context
from readwell.web.responses import NO_STORE, page

RETRY_AFTER = "30"


def today() -> str:
    return datetime.now(UTC).date().isoformat()


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
    if event.http_method not in READ_METHODS:
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
        event,
        "pages/tracker/unavailable.html",
        "Sorry, the tracker is not available",
        status=503,
        headers={"Retry-After": RETRY_AFTER},
    )


def start_page(
    event: BaseProxyEvent, form: dict[str, str] | None = None, problems: list[Problem] | None = None, status: int = 200
) -> Response:
    return render(
        event,
        "pages/tracker/start.html",
        "Start your weight tracker",
        status=status,
        problems=problems,
        form=form or {"start_date": today(), "unit": "kg"},
        units=UNITS,
        today=today(),
    )


def started_page(event: BaseProxyEvent, token: str) -> Response:
    return render(
        event,
        "pages/tracker/started.html",
        "Your weight tracker has started",
        recovery_code=identity.recovery_code(token),
    )


def tracker_page(
    event: BaseProxyEvent,
    token: str,
    profile: dict[str, Any],
    entries: list[Entry],
    form: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    query = event.query_string_parameters or {}
    notice = None if problems else pages.DONE_MESSAGES.get(query.get("done", ""))
    view = pages.tracker(profile, entries, pages.page_number(query.get("page")))
    context = {**view, "notice": notice}
    return render(
        event,
        "pages/tracker/tracker.html",
        "Your weight tracker",
        status=status,
        headers=headers,
        problems=problems,
        csrf=identity.csrf_token(token),
        form=form or {"date": today()},
        today=today(),
        **context,
    )


def not_saved_page(
    event: BaseProxyEvent, token: str, profile: dict[str, Any], entries: list[Entry], form: dict[str, str]
) -> Response:
    """The tracker page again, saying plainly the entry was NOT saved, with the reader's input kept."""
    problem = Problem(
        "weight-stones" if profile["unit"] == "st" else "weight",
        "Your entry was NOT saved because of a problem on our side. Your weight is still in the form: "
        "please try saving it again in a minute.",
    )
    return tracker_page(event, token, profile, entries, form, [problem], 503, {"Retry-After": RETRY_AFTER})


def confirm_replace_page(
    event: BaseProxyEvent, token: str, unit: str, day: str, form: dict[str, str], existing: int | None, grams: int
) -> Response:
    return render(
        event,
        "pages/tracker/confirm_replace.html",
        "Replace your entry?",
        status=409,
        csrf=identity.csrf_token(token),
        day=day,
        unit=unit,
        fields=form,
        existing=format_weight(existing, unit) if existing else None,
        proposed=format_weight(grams, unit),
    )


def edit_page(
    event: BaseProxyEvent,
    token: str,
    unit: str,
    entry: Entry,
    form: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> Response:
    return render(
        event,
        "pages/tracker/edit_entry.html",
        "Change your entry",
        address=f"/tracker/entries/{entry.day}/edit",
        status=status,
        problems=problems,
        csrf=identity.csrf_token(token),
        day=entry.day,
        unit=unit,
        current=format_weight(entry.grams, unit),
        form=form if form is not None else pages.weight_fields(entry.grams, unit),
    )


def not_changed_page(event: BaseProxyEvent, token: str, unit: str, entry: Entry, form: dict[str, str]) -> Response:
    problem = Problem(
        "weight-stones" if unit == "st" else "weight",
        "Your change was NOT saved because of a problem on our side. Please try again in a minute.",
    )
    return edit_page(event, token, unit, entry, form, [problem], status=503)


def delete_page(event: BaseProxyEvent, token: str, entry_count: int) -> Response:
    return render(
        event,
        "pages/tracker/delete.html",
        "Delete your tracker",
        csrf=identity.csrf_token(token),
        entry_count=entry_count,
    )


def deleted_page(event: BaseProxyEvent) -> Response:
    return render(event, "pages/tracker/deleted.html", "Your tracker has been deleted")


def open_page(event: BaseProxyEvent, code: str = "", tries_left: int | None = None) -> Response:
    problems = []
    if tries_left is not None:
        message = (
            "That recovery code does not match a tracker. Check it and try again: "
            f"you can try {tries_left} more times in the next 15 minutes."
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


def too_many_tries_page(event: BaseProxyEvent, retry_after: int) -> Response:
    return render(
        event,
        "pages/tracker/too_many_tries.html",
        "Too many tries",
        status=429,
        headers={"Retry-After": str(retry_after)},
    )
