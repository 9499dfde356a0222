"""Receiving feedback: check it, count it against the sender's address (as a keyed hash), keep it for KEPT."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol

from readwell.feedback import rules
from readwell.tracker import identity
from readwell.tracker.rate_limits import Limited


class Unreadable(Exception):
    """Feedback with no field a reader could correct: an unknown answer, or a page that does not ask."""


class Store(Protocol):
    """What receiving needs from storage (implemented by storage.feedback.FeedbackRepository)."""

    def put(self, received: Received) -> None: ...
    def count_attempt(self, client_key: str, counter: str, window_seconds: int) -> int: ...


@dataclass(frozen=True)
class Received:
    """One piece of feedback as kept: the page, the answer, what was missing and the day. Nothing else."""

    page: str
    answer: str
    text: str
    day: str  # YYYY-MM-DD (UTC)
    expires_at: int  # epoch seconds, the table's time to live

    @staticmethod
    def on(today: date, page: str, answer: str, text: str) -> Received:
        expires = datetime.combine(today + rules.KEPT, time(), tzinfo=UTC)
        return Received(page, answer, text, today.isoformat(), int(expires.timestamp()))


@dataclass(frozen=True)
class Checked:
    page: str
    answer: str
    text: str
    problem: str | None = None  # what is wrong with `text`, to show beside the box


def page_of(fields: dict[str, str]) -> str:
    """The page the feedback is about; Unreadable when it is not one that asks for feedback."""
    page = fields.get("page", "")
    if not rules.is_feedback_page(page):
        raise Unreadable("not a page that asks for feedback")
    return page


def check(fields: dict[str, str]) -> Checked:
    """The form, checked. Line breaks count once each (browsers send them as two characters)."""
    page = page_of(fields)
    answer = fields.get("answer", "")
    if answer not in rules.ANSWERS:
        raise Unreadable("unknown answer")
    text = fields.get("text", "").replace("\r\n", "\n").strip()
    if answer == "yes" and text:
        raise Unreadable("text is asked for only after No")
    problem = rules.too_long(len(text)) if len(text) > rules.MAX_TEXT else None
    return Checked(page, answer, text, problem)


def receive(
    store: Store, checked: Checked, client_address: str, limiter_key: Callable[[], bytes], today: date
) -> Received:
    """Keep checked feedback with no problem. Counted first: past the limit, Limited and nothing is kept."""
    key = identity.client_key(client_address, limiter_key())
    if store.count_attempt(key, rules.LIMIT.counter, rules.LIMIT.window_seconds) > rules.LIMIT.tries:
        raise Limited(rules.LIMIT)
    received = Received.on(today, checked.page, checked.answer, checked.text)
    store.put(received)
    return received
