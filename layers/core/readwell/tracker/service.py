"""The tracker's application rules, over any store with TrackerRepository's methods (moto, DynamoDB, a fake).

Who may act on a tracker (the secret in its cookie, a form token made from it), what may be saved
(checked forms, no day after today anywhere on Earth, none before 1900), how a write keeps the running
summary true when another write or a deletion races it, and how often one address may try a recovery code or
start a tracker (rate_limits.py).
Every operation reads a bounded number of items, whatever the history. Nothing here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from readwell.storage import retry
from readwell.storage.errors import Conflict, Unavailable
from readwell.tracker import forms, identity, rate_limits, settings, weight_loss
from readwell.tracker.history import Page, Stored, Summary
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.units import Problem

# The easternmost time zone is UTC+14: there it is already tomorrow before midnight in UTC.
EARLIEST_OFFSET = timedelta(hours=14)
# A write re-reads and tries again when another write to the same tracker got in first (rare: one reader),
# after a short random pause that grows, so writers that collided do not collide again in step.
RACES = retry.Backoff(first_seconds=0.01, longest_seconds=0.2, tries=20)


class NoTracker(Exception):
    """This browser holds no tracker (no cookie, a malformed one, or one whose tracker is gone)."""


class Forbidden(Exception):
    """A form that did not come from our own page (cross-site, or without the tracker's form token)."""


class NoEntry(Exception):
    """The day named in the address has no entry in this tracker."""


class NotSaved(Unavailable):
    """Storage was unavailable before a form could be acted on; `form` is what the reader sent, to send again."""

    def __init__(self, form: dict[str, str]) -> None:
        super().__init__("unavailable before the form could be saved")
        self.form = form


class Moving(Exception):
    """The tracker's move to a new recovery code is unfinished (tracker/new_code.py): it is finished before the
    tracker is shown or changed, so nothing reads or writes a tracker only partly moved."""

    def __init__(self, tracker: Open) -> None:
        super().__init__("a tracker's move to a new key is unfinished")
        self.tracker = tracker


class Store(Protocol):
    """What the service needs from storage (implemented by storage.tracker.TrackerRepository)."""

    def create(self, tracker_hash: str, profile: Profile) -> None: ...
    def stored(self, tracker_hash: str) -> Stored | None: ...
    def page(
        self, tracker_hash: str, before: str | None = None, after: str | None = None
    ) -> tuple[Stored, Page] | None: ...
    def state(self, tracker_hash: str, day: str) -> tuple[Stored, dict[str, int]] | None: ...
    def neighbour(self, tracker_hash: str, day: str, older: bool) -> Entry | None: ...
    def entries(self, tracker_hash: str) -> Iterator[Entry]: ...
    def set_day(
        self, tracker_hash: str, seen: Stored, day: str, grams: int, before: int | None, summary: Summary
    ) -> bool: ...
    def remove_day(
        self, tracker_hash: str, seen: Stored, day: str, before: int, summary: Summary, last_in_month: bool
    ) -> bool: ...
    def begin_delete(self, tracker_hash: str) -> bool: ...
    def is_deleting(self, tracker_hash: str) -> bool: ...
    def delete_months(self, tracker_hash: str, more_time: Callable[[], bool]) -> bool: ...
    def count_attempt(self, client_key: str, counter: str, window_seconds: int) -> int: ...
    def recent(self, tracker_hash: str, first_day: str, last_day: str) -> list[Entry]: ...
    def newest_reaching(self, tracker_hash: str, months: int) -> tuple[Stored, Page, list[Entry]] | None: ...
    def save_settings(self, tracker_hash: str, values: dict[str, Any], removed: list[str]) -> bool: ...


@dataclass(frozen=True)
class Open:
    """A tracker this browser holds: its secret and its stored profile (with the running summary)."""

    token: str
    stored: Stored

    @property
    def profile(self) -> Profile:
        return self.stored.profile

    @property
    def summary(self) -> Summary:
        return self.stored.summary

    @property
    def hash(self) -> str:
        return identity.token_hash(self.token)


@dataclass(frozen=True)
class Outcome:
    """What a form did: problems to show, a failure, a day to confirm, or saved."""

    problems: list[Problem] = field(default_factory=list)
    failed: bool = False  # DynamoDB could not save it (after retries): the reader must be told and keep the input
    conflict: bool = False  # the day already holds another weight: the reader must confirm
    existing_grams: int | None = None  # that weight
    day: str = ""
    grams: int = 0

    @property
    def saved(self) -> bool:
        return not (self.problems or self.failed or self.conflict)


@dataclass(frozen=True)
class Recovery:
    """The result of trying a recovery code: the tracker it opens, or how many tries are left."""

    opened: Open | None = None
    tries_left: int = rate_limits.RECOVERY.tries
    limited: bool = False

    @property
    def outcome(self) -> str:
        """One word for the log: never the code itself."""
        return "limited" if self.limited else "opened" if self.opened else "no match"


def _settled(tracker: Open) -> Open:
    """The tracker, unless its move to a new key is unfinished (Moving)."""
    if tracker.stored.moving_from is not None:
        raise Moving(tracker)
    return tracker


def utc_now() -> datetime:
    return datetime.now(UTC)


class TrackerService:
    def __init__(self, store: Store, limiter_key: Callable[[], bytes], now: Callable[[], datetime] = utc_now) -> None:
        """`limiter_key()` keys the hash of client addresses the per-address limits count under; it is asked for
        when a limit is counted, not before (it is derived from a secret read on first use)."""
        self.store = store
        self.limiter_key = limiter_key
        self.now = now

    def latest_allowed_day(self) -> date:
        """'Not in the future' for a reader anywhere."""
        return (self.now() + EARLIEST_OFFSET).date()

    def today(self) -> str:
        return self.now().date().isoformat()

    # Who holds which tracker.

    def page(self, token: str | None, before: str | None = None, after: str | None = None) -> tuple[Open, Page] | None:
        """The tracker this browser holds and one page of it (the newest, or older/newer than a day)."""
        if not token or not identity.is_token(token):
            return None
        found = self.store.page(identity.token_hash(token), before, after)
        if found is None:
            return None
        return _settled(Open(token, found[0])), found[1]

    def find(self, token: str | None) -> Open | None:
        if not token or not identity.is_token(token):
            return None
        stored = self.store.stored(identity.token_hash(token))
        return _settled(Open(token, stored)) if stored else None

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

    def start(self, fields: dict[str, str], client_address: str) -> tuple[str | None, forms.Checked]:
        """A new tracker from the start form: (its secret, the checked form); no secret when the form has problems.

        Each tracker started counts against the client's limit (a form with problems stores nothing, so it does
        not count); past the limit, Limited is raised and nothing is stored."""
        checked = forms.check_start(fields, self.latest_allowed_day())
        if not checked.ok:
            return None, checked
        if self._tries(rate_limits.STARTS, client_address) > rate_limits.STARTS.tries:
            raise rate_limits.Limited(rate_limits.STARTS)
        token = identity.new_token()
        self.store.create(identity.token_hash(token), Profile.from_fields(checked.values))
        return token, checked

    # Entries: each write reads the profile and one month, and writes them back together.

    def entry(self, tracker: Open, day: str) -> Entry:
        found = self.store.state(tracker.hash, day) if forms.is_day(day) else None
        if found is None or day not in found[1]:
            raise NoEntry
        return Entry(day, found[1][day])

    def add_entry(self, tracker: Open, fields: dict[str, str]) -> Outcome:
        """Save one day's weight; a different weight already saved for that day asks before replacing."""
        checked = forms.check_entry(fields, tracker.profile.unit, tracker.profile.start_date, self.latest_allowed_day())
        if not checked.ok:
            return Outcome(problems=checked.problems)
        day, grams = checked.values["day"], checked.values["grams"]
        replace = fields.get("confirm_replace") == "yes"
        return self._write(tracker, day, grams, may_replace=replace, must_exist=False)

    def change_entry(self, tracker: Open, entry: Entry, fields: dict[str, str]) -> Outcome:
        """A new weight for an existing entry; NoEntry when it has gone meanwhile."""
        # The day is the entry's own (it may predate a start date changed since): only the weight is checked.
        form = {**fields, "date": entry.day}
        checked = forms.check_entry(form, tracker.profile.unit, entry.day, self.latest_allowed_day())
        if not checked.ok:
            return Outcome(problems=checked.problems)
        return self._write(tracker, entry.day, checked.values["grams"], may_replace=True, must_exist=True)

    def _fresh_states(self, tracker: Open, day: str) -> Iterator[tuple[Stored, dict[str, int]]]:
        """The profile and the day's month, read afresh for each attempt (with a pause before each retry);
        Unavailable when the function's time would run out first."""
        for tries in range(RACES.tries):
            if tries:
                pause = RACES.pause(tries)
                if pause is None:
                    raise Unavailable(f"no time left to try the write again after {tries} races")
                retry.sleep(pause)
            found = self.store.state(tracker.hash, day)
            if found is None:
                raise NoTracker
            yield found

    def _write(self, tracker: Open, day: str, grams: int, may_replace: bool, must_exist: bool) -> Outcome:
        try:
            for stored, month in self._fresh_states(tracker, day):
                before = month.get(day)
                if before is None and must_exist:
                    raise NoEntry
                if before == grams:  # the same form twice, or no change: nothing to write
                    return Outcome(day=day, grams=grams)
                if before is not None and not may_replace:
                    return Outcome(conflict=True, existing_grams=before, day=day, grams=grams)
                summary = stored.summary.adding(Entry(day, grams), before)
                if self.store.set_day(tracker.hash, stored, day, grams, before, summary):
                    return Outcome(day=day, grams=grams)
        except Unavailable:
            return Outcome(failed=True)
        raise Conflict(f"the tracker kept changing during {RACES.tries} attempts to save an entry")

    def delete_entry(self, tracker: Open, day: str) -> None:
        for stored, month in self._fresh_states(tracker, day):
            if day not in month:
                raise NoEntry
            entry, summary = Entry(day, month[day]), stored.summary
            older = self._beside(tracker, day, month, older=True) if summary.latest == entry else None
            newer = self._beside(tracker, day, month, older=False) if summary.first == entry else None
            after = summary.removing(entry, older, newer)
            if self.store.remove_day(tracker.hash, stored, day, entry.grams, after, last_in_month=len(month) == 1):
                return
        raise Conflict(f"the tracker kept changing during {RACES.tries} attempts to delete an entry")

    def _beside(self, tracker: Open, day: str, month: dict[str, int], older: bool) -> Entry | None:
        """The entry nearest `day` on one side: in its month if there is one, else from the months beyond."""
        same = sorted(d for d in month if (d < day if older else d > day))
        if same:
            nearest = same[-1] if older else same[0]
            return Entry(nearest, month[nearest])
        return self.store.neighbour(tracker.hash, day, older)

    def history(self, tracker: Open) -> Iterator[Entry]:
        """Every entry, oldest first, read a page at a time (for the download)."""
        return self.store.entries(tracker.hash)

    def recent_entries(self, tracker: Open) -> list[Entry]:
        """The entries the weight-loss notice and the 1/3/6-month changes need, oldest first: the window that
        ends on the newest entry's day (the reader's own threshold's, when longer). One bounded read."""
        latest = tracker.summary.latest
        if latest is None:
            return []
        days = weight_loss.days_to_read(settings.own_threshold(tracker.profile))
        return self.store.recent(tracker.hash, weight_loss.first_day(latest.day, days), latest.day)

    def page_and_recent(
        self, token: str | None, before: str | None = None, after: str | None = None
    ) -> tuple[Open, Page, list[Entry]] | None:
        """page(), with recent_entries(): the newest page reads both in one Query (the months the window can
        touch come first), an older or newer page reads the window as a second."""
        if before is not None or after is not None or not token or not identity.is_token(token):
            found = self.page(token, before, after)
            return (*found, self.recent_entries(found[0])) if found else None
        months = weight_loss.months_touched(weight_loss.days_to_read(None))
        newest = self.store.newest_reaching(identity.token_hash(token), months)
        if newest is None:
            return None
        tracker = _settled(Open(token, newest[0]))
        if weight_loss.days_to_read(settings.own_threshold(tracker.profile)) > weight_loss.WINDOW_DAYS:
            return tracker, newest[1], self.recent_entries(tracker)  # the reader's own, longer window
        latest = tracker.summary.latest
        since = weight_loss.first_day(latest.day, weight_loss.WINDOW_DAYS) if latest else ""
        return tracker, newest[1], sorted((e for e in newest[2] if e.day >= since), key=lambda e: e.day)

    def save_settings(self, tracker: Open, fields: dict[str, str]) -> forms.Checked:
        """The goal and the reader's own threshold from the settings form; nothing is saved when it has problems."""
        checked = settings.check_settings(fields, tracker.profile.unit, tracker.summary.latest)
        if checked.ok and not self.store.save_settings(tracker.hash, checked.values, settings.removed(checked.values)):
            raise NoTracker
        return checked

    # Deleting: gone for the reader at once; its months removed now, or on the reader's next request.

    def delete(self, tracker: Open, more_time: Callable[[], bool]) -> bool:
        """Delete the tracker; True when every entry is gone too, False when some remain to be removed."""
        if not self.store.begin_delete(tracker.hash):
            raise NoTracker
        return self.store.delete_months(tracker.hash, more_time)

    def continue_delete(self, token: str | None, more_time: Callable[[], bool]) -> bool | None:
        """Go on removing a deleted tracker's entries; None when this browser's tracker is not being deleted."""
        if not token or not identity.is_token(token) or not self.store.is_deleting(identity.token_hash(token)):
            return None
        return self.store.delete_months(identity.token_hash(token), more_time)

    def resume_delete(self, token: str | None, form_token: str, more_time: Callable[[], bool]) -> bool | None:
        """A deletion cut short, gone on with by a form from its own page (its form token made from the token);
        None when there is no such deletion, or the form does not prove it came from that page."""
        if not token or not identity.is_token(token) or not identity.csrf_matches(token, form_token):
            return None
        return self.continue_delete(token, more_time)

    # Per-client limits (rate_limits.py): one counter per address and limit, counted before anything is done.

    def _tries(self, limit: rate_limits.Limit, client_address: str) -> int:
        """Count one try against `limit` for this client: how many it has made in the current window."""
        key = identity.client_key(client_address, self.limiter_key())
        return self.store.count_attempt(key, limit.counter, limit.window_seconds)

    def recover(self, client_address: str, code: str) -> Recovery:
        """Open a tracker from its recovery code. Only a code that opens nothing counts against the client's limit,
        and a right code is never refused: readers behind one shared address (a ward, a household) cannot lock each
        other out by mistyping, and no number of tries could find one of 2**120 codes."""
        opened = self.find(identity.token_from_recovery_code(code))
        if opened is not None:
            return Recovery(opened=opened)
        failures = self._tries(rate_limits.RECOVERY, client_address)
        if failures > rate_limits.RECOVERY.tries:
            return Recovery(tries_left=0, limited=True)
        return Recovery(tries_left=rate_limits.RECOVERY.tries - failures)
