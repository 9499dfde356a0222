"""The tracker's application rules, over any store with TrackerRepository's methods (moto, DynamoDB, a fake).

Who may act on a tracker (the secret in its cookie, a form token made from it), what may be saved
(checked forms, no day after today anywhere on Earth), and how often a recovery code may be tried.
Handlers call this and render what it returns; nothing here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from readwell.storage.errors import Unavailable
from readwell.tracker import forms, identity, pages
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.units import Problem

RECOVERY_TRIES = 5
RECOVERY_WINDOW = timedelta(minutes=15)
# The easternmost time zone is UTC+14: there it is already tomorrow before midnight in UTC.
EARLIEST_OFFSET = timedelta(hours=14)


class NoTracker(Exception):
    """This browser holds no tracker (no cookie, a malformed one, or one whose tracker is gone)."""


class Forbidden(Exception):
    """A form that did not come from our own page (cross-site, or without the tracker's form token)."""


class NoEntry(Exception):
    """The day named in the address has no entry in this tracker."""


class Stored(Protocol):
    @property
    def profile(self) -> Profile: ...
    @property
    def entries(self) -> list[Entry]: ...


class Written(Protocol):
    @property
    def outcome(self) -> str: ...  # "saved", or "conflict" when the day holds another weight
    @property
    def existing_grams(self) -> int | None: ...


class Store(Protocol):
    """What the service needs from storage (implemented by storage.tracker.TrackerRepository)."""

    def create(self, tracker_hash: str, profile: Profile) -> None: ...
    def load(self, tracker_hash: str) -> Stored | None: ...
    def put_entry(self, tracker_hash: str, day: str, grams: int, replace: bool = False) -> Written: ...
    def update_entry(self, tracker_hash: str, day: str, grams: int) -> bool: ...
    def delete_entry(self, tracker_hash: str, day: str) -> None: ...
    def delete_tracker(self, tracker_hash: str) -> int: ...
    def count_recovery_attempt(self, client_key: str, window_seconds: int) -> int: ...


@dataclass(frozen=True)
class Open:
    """A tracker this browser holds: its secret and what is stored."""

    token: str
    profile: Profile
    entries: list[Entry]

    def entry(self, day: str) -> Entry:
        found = pages.find(self.entries, day)
        if found is None:
            raise NoEntry
        return found

    def with_entry(self, day: str, grams: int | None) -> list[Entry]:
        return pages.with_entry(self.entries, day, grams)


@dataclass(frozen=True)
class Outcome:
    """What a form did: problems to show, a conflict to confirm, or the entries after a saved change."""

    problems: list[Problem] = field(default_factory=list)
    failed: bool = False  # DynamoDB could not save it (after retries): the reader must be told and keep the input
    entries: list[Entry] | None = None  # after the change, when it was saved
    conflict: bool = False  # the day already holds another weight: the reader must confirm
    existing_grams: int | None = None  # that weight, when DynamoDB said
    day: str = ""
    grams: int = 0


@dataclass(frozen=True)
class Recovery:
    """The result of trying a recovery code: the tracker it opens, or how many tries are left."""

    opened: Open | None = None
    tries_left: int = RECOVERY_TRIES
    limited: bool = False

    @property
    def outcome(self) -> str:
        """One word for the log: never the code itself."""
        return "limited" if self.limited else "opened" if self.opened else "no match"


def utc_now() -> datetime:
    return datetime.now(UTC)


class TrackerService:
    def __init__(self, store: Store, now: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.now = now

    def latest_allowed_day(self) -> date:
        """'Not in the future' for a reader anywhere."""
        return (self.now() + EARLIEST_OFFSET).date()

    def today(self) -> str:
        return self.now().date().isoformat()

    def find(self, token: str | None) -> Open | None:
        if not token or not identity.is_token(token):
            return None
        found = self.store.load(identity.token_hash(token))
        return Open(token, found.profile, found.entries) if found is not None else None

    def require(self, token: str | None) -> Open:
        found = self.find(token)
        if found is None:
            raise NoTracker
        return found

    def for_form(self, token: str | None, form_token: str) -> Open:
        """The tracker a form acts on, once its form token proves it came from that tracker's own page."""
        if not token or not identity.is_token(token):
            raise NoTracker
        if not identity.csrf_matches(token, form_token):
            raise Forbidden
        return self.require(token)

    def start(self, fields: dict[str, str]) -> tuple[str | None, forms.Checked]:
        """A new tracker from the start form: (its secret, the checked form); no secret when the form has problems."""
        checked = forms.check_start(fields, self.latest_allowed_day())
        if not checked.ok:
            return None, checked
        token = identity.new_token()
        self.store.create(identity.token_hash(token), Profile.from_fields(checked.values))
        return token, checked

    def add_entry(self, tracker: Open, fields: dict[str, str]) -> Outcome:
        """Save one day's weight; a different weight already saved for that day asks before replacing."""
        unit = tracker.profile.unit
        checked = forms.check_entry(fields, unit, tracker.profile.start_date, self.latest_allowed_day())
        if not checked.ok:
            return Outcome(problems=checked.problems)
        day, grams = checked.values["day"], checked.values["grams"]
        replace = fields.get("confirm_replace") == "yes"
        try:
            result = self.store.put_entry(identity.token_hash(tracker.token), day, grams, replace=replace)
        except Unavailable:
            return Outcome(failed=True)
        if result.outcome == "conflict":
            return Outcome(conflict=True, existing_grams=result.existing_grams, day=day, grams=grams)
        return Outcome(entries=tracker.with_entry(day, grams), day=day, grams=grams)

    def change_entry(self, tracker: Open, entry: Entry, fields: dict[str, str]) -> Outcome:
        """A new weight for an existing entry; NoEntry when it has gone meanwhile."""
        # The day is the entry's own (it may predate a start date changed since): only the weight is checked.
        form = {**fields, "date": entry.day}
        checked = forms.check_entry(form, tracker.profile.unit, entry.day, self.latest_allowed_day())
        if not checked.ok:
            return Outcome(problems=checked.problems)
        grams = checked.values["grams"]
        try:
            if not self.store.update_entry(identity.token_hash(tracker.token), entry.day, grams):
                raise NoEntry
        except Unavailable:
            return Outcome(failed=True)
        return Outcome(entries=tracker.with_entry(entry.day, grams), day=entry.day, grams=grams)

    def delete_entry(self, tracker: Open, entry: Entry) -> list[Entry]:
        self.store.delete_entry(identity.token_hash(tracker.token), entry.day)
        return tracker.with_entry(entry.day, None)

    def delete(self, tracker: Open) -> None:
        self.store.delete_tracker(identity.token_hash(tracker.token))

    def recover(self, client_address: str, code: str) -> Recovery:
        """Open a tracker from its recovery code, counting the try against the client's limit first."""
        tries = self.store.count_recovery_attempt(
            identity.client_key(client_address), int(RECOVERY_WINDOW.total_seconds())
        )
        if tries > RECOVERY_TRIES:
            return Recovery(tries_left=0, limited=True)
        opened = self.find(identity.token_from_recovery_code(code))
        return Recovery(opened=opened, tries_left=max(RECOVERY_TRIES - tries, 0))
