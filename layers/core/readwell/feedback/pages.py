"""The feedback pages: "What was missing?", the thank-you page, and why feedback was not kept. None is stored by a
cache: each answers one reader's action (a cached thank-you would thank a reader who sent nothing)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.feedback import rules
from readwell.pages.context import page_context
from readwell.web.methods import READ
from readwell.web.responses import NO_STORE, page, with_security_headers

MISSING = "/feedback/missing"
THANKS = "/feedback/thanks"
TEXT_FIELD = "feedback-text"  # the textarea's id, which the error summary links to


def _render(
    event: BaseProxyEvent, template: str, title: str, address: str, status: int = 200, **shown: Any
) -> Response:
    context = page_context(event)
    if event.http_method not in READ:  # the display-settings form on a POST's answer goes back to a page that GETs
        context["current_path"] = address
    return page(template, status=status, cache=NO_STORE, title=title, **{**context, **shown})


def shown_page(event: BaseProxyEvent) -> str:
    """The page named in the query, when it is one that asks for feedback; else ""."""
    named = event.get_query_string_value("page") or ""
    return named if rules.is_feedback_page(named) else ""


def missing(event: BaseProxyEvent, feedback_page: str, text: str = "", problem: str | None = None) -> Response:
    problems = [{"field": TEXT_FIELD, "message": problem}] if problem else []
    return _render(
        event,
        "pages/feedback/missing.html",
        ("Error: " if problem else "") + "What was missing?",
        f"{MISSING}?page={quote(feedback_page)}",
        status=400 if problem else 200,
        problems=problems,
        errors={TEXT_FIELD: problem} if problem else {},
        feedback_page=feedback_page,
        text=text,
        hint=rules.TEXT_HINT,
        warning=rules.WARNING,
    )


def thanks(event: BaseProxyEvent, feedback_page: str) -> Response:
    return _render(
        event, "pages/feedback/thanks.html", "Thank you for your feedback", THANKS, feedback_page=feedback_page
    )


def sent(feedback_page: str) -> Response:
    """After a POST, the thank-you page by its own address (303): reloading it or going back sends nothing again."""
    location = f"{THANKS}?page={quote(feedback_page)}"
    return Response(status_code=303, headers=with_security_headers({"Location": location, "Cache-Control": NO_STORE}))


def unreadable(event: BaseProxyEvent) -> Response:
    return _render(
        event,
        "pages/feedback/not_sent.html",
        "Your feedback could not be read",
        "/",
        status=400,
        heading="Your feedback could not be read",
        explanation="It did not come from the feedback buttons on one of our articles or the glossary.",
        feedback_page="",
    )


def too_many(event: BaseProxyEvent, feedback_page: str) -> Response:
    limit = rules.LIMIT
    response = _render(
        event,
        "pages/feedback/not_sent.html",
        "Too much feedback from your connection",
        "/",
        status=429,
        heading="Too much feedback from your connection",
        explanation=(
            f"To stop misuse, at most {limit.tries} pieces of feedback can be sent from one internet connection "
            f"in {limit.window_words}. Please try again in {limit.window_words}."
        ),
        feedback_page=feedback_page,
    )
    response.headers["Retry-After"] = str(limit.window_seconds)
    return response
