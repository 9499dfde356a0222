"""The tracker table: one partition per tracker, keyed by the hash of its secret. Every read and write is bounded.

Keys:
  profile   PK=TRACKER#<hash>  SK=PROFILE          start_date, unit, height_cm?, goal_grams?, created; the running
                                                  summary (count, first_*, latest_*) and a version for writes
  month     PK=TRACKER#<hash>  SK=MONTH#<yyyy-mm>  d<DD> = whole grams for each day with an entry; n = how many
  deleting  PK=TRACKER#<hash>  SK=DELETING         while a deleted tracker's months are being removed
  unfinished PK=DELETIONS        SK=<hash>          the same, listed where the sweeper finds it with one Query
  attempts  PK=ATTEMPTS#<client key> SK=<counter>#<window>  tries, expires_at (TTL); counter RECOVERY or START

Sorted descending, PROFILE comes before every MONTH#, so a tracker's newest page is one Query
(two for a sparse history).
A day's weight and the profile's summary change in one transaction that holds only if what it read
still stands (the day's weight, the summary's ends, the profile itself): a write racing another tries
again, a write racing a deletion fails, and no month outlives its profile.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from readwell.storage import attempt_counts, limits
from readwell.storage.dynamodb import Repository, from_item, storage_errors, to_item
from readwell.storage.failures import is_conflict
from readwell.tracker.history import PAGE_SIZE, Page, Stored, Summary, month_of
from readwell.tracker.privacy import ATTEMPT_WINDOWS_KEPT
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry

PROFILE = "PROFILE"
MONTH = "MONTH#"
DELETING = "DELETING"
# Every deletion not yet finished, in one partition of its own: the sweeper lists them with a Query, never a Scan.
# A deletion writes it once and removes it once, far below one partition's 1,000 writes a second.
UNFINISHED = "DELETIONS"
_LAST_MONTH = MONTH + "9999-99"
# Each month holds at least one entry, so PAGE_SIZE + 1 whole months always hold a full page; one more
# covers the month a page's cursor falls in, whose newer or older days are not shown.
_MONTHS_PER_PAGE = PAGE_SIZE + 2
# A page's first request: the profile and three months, which hold a full page when the reader weighs on
# most days (DynamoDB charges a Query by the bytes it reads, so reading 52 months every time would not be free).
_FIRST_READ = 4
_SUMMARY_FIELDS = ("count", "version", "first_day", "first_grams", "latest_day", "latest_grams", "moving_from")


def _day_attribute(day: str) -> str:
    return "d" + day[8:10]


def _entries(item: dict[str, Any], newest_first: bool) -> list[Entry]:
    month = item["SK"][len(MONTH) :]
    days = sorted((name[1:], grams) for name, grams in item.items() if name[0] == "d" and name[1:].isdigit())
    entries = [Entry(f"{month}-{dd}", int(grams)) for dd, grams in days]
    return entries[::-1] if newest_first else entries


def _stored(item: dict[str, Any]) -> Stored:
    def entry(prefix: str) -> Entry | None:
        day = item.get(f"{prefix}_day")
        return Entry(day, int(item[f"{prefix}_grams"])) if day else None

    profile = Profile.from_fields({k: v for k, v in item.items() if k not in (*_SUMMARY_FIELDS, "PK", "SK")})
    summary = Summary(int(item.get("count", 0)), entry("first"), entry("latest"))
    return Stored(profile, summary, int(item.get("version", 0)), item.get("moving_from"))


@storage_errors
class TrackerRepository(Repository):
    @staticmethod
    def _pk(tracker_hash: str) -> str:
        return "TRACKER#" + tracker_hash

    def _key(self, tracker_hash: str, sk: str) -> dict[str, Any]:
        return {"PK": {"S": self._pk(tracker_hash)}, "SK": {"S": sk}}

    def create(self, tracker_hash: str, profile: Profile) -> None:
        item = self._profile_item(tracker_hash, Stored(profile, Summary()))
        self.client.put_item(TableName=self.table_name, Item=item, ConditionExpression="attribute_not_exists(PK)")

    def import_history(self, tracker_hash: str, profile: Profile, entries: list[Entry]) -> None:
        """A new tracker holding `entries` already, written in batches (seeding a bench, or an import)."""
        by_month: dict[str, dict[str, Any]] = {}
        for entry in entries:
            month = by_month.setdefault(
                month_of(entry.day), {"PK": self._pk(tracker_hash), "SK": MONTH + month_of(entry.day), "n": 0}
            )
            month[_day_attribute(entry.day)] = entry.grams
            month["n"] += 1
        ordered = sorted(entries, key=lambda e: e.day)
        summary = Summary(len(ordered), ordered[0] if ordered else None, ordered[-1] if ordered else None)
        items = [self._profile_item(tracker_hash, Stored(profile, summary)), *map(to_item, by_month.values())]
        for start in range(0, len(items), limits.MAX_BATCH_WRITE_REQUESTS):
            self._batch_write(
                [{"PutRequest": {"Item": item}} for item in items[start : start + limits.MAX_BATCH_WRITE_REQUESTS]]
            )

    def _profile_item(self, tracker_hash: str, stored: Stored) -> dict[str, Any]:
        created = replace(stored.profile, created=datetime.now(UTC).isoformat())
        item: dict[str, Any] = {
            "PK": self._pk(tracker_hash),
            "SK": PROFILE,
            **created.fields(),
            "count": stored.summary.count,
            "version": stored.version,
        }
        for prefix, entry in (("first", stored.summary.first), ("latest", stored.summary.latest)):
            if entry is not None:
                item |= {f"{prefix}_day": entry.day, f"{prefix}_grams": entry.grams}
        return to_item(item)

    # Reading: one page at a time, the profile with it.

    def stored(self, tracker_hash: str) -> Stored | None:
        found = self.client.get_item(
            TableName=self.table_name, Key=self._key(tracker_hash, PROFILE), ConsistentRead=True
        ).get("Item")
        return _stored(from_item(found)) if found else None

    def newest(self, tracker_hash: str) -> tuple[Stored, Page] | None:
        """The profile and the newest page of entries, usually in one Query; None when there is no tracker."""
        items, entries = self._months(tracker_hash, MONTH, PROFILE, descending=True)
        if not items or items[0]["SK"] != PROFILE:
            return None
        stored = _stored(items[0])
        return stored, _window(entries, stored.summary, newest_first=True)

    def newest_reaching(self, tracker_hash: str, months: int) -> tuple[Stored, Page, list[Entry]] | None:
        """As newest(), and every entry of the newest `months` month items, newest first, in the same Query: its
        first request reads the profile and those months (a few KB, one or two read units), so the weight-loss
        notice and the changes cost no request of their own."""
        items, entries = self._months(tracker_hash, MONTH, PROFILE, descending=True, first_read=1 + months)
        if not items or items[0]["SK"] != PROFILE:
            return None
        stored = _stored(items[0])
        # The entries of those months are the first of `entries` (newest first, every day they hold), read once.
        read = [item["SK"][len(MONTH) :] for item in items[1 : 1 + months] if item["SK"].startswith(MONTH)]
        reaching = list(itertools.takewhile(lambda e: e.day[:7] >= read[-1], entries)) if read else []
        return stored, _window(entries, stored.summary, newest_first=True), reaching

    def page(
        self, tracker_hash: str, before: str | None = None, after: str | None = None
    ) -> tuple[Stored, Page] | None:
        """The page of entries older than `before`, or newer than `after` (or the newest page)."""
        if before is None and after is None:
            return self.newest(tracker_hash)
        stored = self.stored(tracker_hash)
        if stored is None:
            return None
        if before is not None:
            _, entries = self._months(
                tracker_hash, MONTH, MONTH + month_of(before), descending=True, keep=lambda e: e.day < before
            )
            return stored, _window(entries, stored.summary, newest_first=True)
        assert after is not None  # noqa: S101 - one of the two, by the first test  # nosec B101
        _, entries = self._months(
            tracker_hash, MONTH + month_of(after), _LAST_MONTH, descending=False, keep=lambda e: e.day > after
        )
        return stored, _window(entries, stored.summary, newest_first=False)

    def _months(
        self,
        tracker_hash: str,
        low: str,
        high: str,
        descending: bool,
        wanted: int = PAGE_SIZE,
        keep: Callable[[Entry], bool] = lambda _: True,
        first_read: int = _FIRST_READ,
    ) -> tuple[list[dict[str, Any]], list[Entry]]:
        """Items between two keys in order (the profile too, when in range) and the entries of their months that
        `keep` accepts, read until `wanted` entries are found or none are left. The first request reads a few
        months, a page for a reader who weighs most days; a sparser history reads on, at most a page's worth
        of months more. Read consistently: a reader sent back to the tracker after saving sees what was saved,
        and a write that depends on a neighbour sees it too."""
        items: list[dict[str, Any]] = []
        entries: list[Entry] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :low AND :high",
            "ExpressionAttributeValues": {
                ":pk": {"S": self._pk(tracker_hash)},
                ":low": {"S": low},
                ":high": {"S": high},
            },
            "ScanIndexForward": not descending,
            "Limit": first_read,
            "ConsistentRead": True,
        }
        while True:
            response = self.client.query(**request)
            found = [from_item(item) for item in response["Items"]]
            items += found
            months = [item for item in found if item["SK"].startswith(MONTH)]
            entries += [e for item in months for e in _entries(item, newest_first=descending) if keep(e)]
            if len(entries) >= wanted or "LastEvaluatedKey" not in response:
                return items, entries
            request |= {"ExclusiveStartKey": response["LastEvaluatedKey"], "Limit": _MONTHS_PER_PAGE}

    def state(self, tracker_hash: str, day: str) -> tuple[Stored, dict[str, int]] | None:
        """For a write: the profile and the weights of `day`'s month (day -> grams), both read consistently."""
        keys = [self._key(tracker_hash, PROFILE), self._key(tracker_hash, MONTH + month_of(day))]
        found = self._batch_get({"Keys": keys, "ConsistentRead": True})
        profile = next((item for item in found if item["SK"] == PROFILE), None)
        if profile is None:
            return None
        month = next((item for item in found if item["SK"] != PROFILE), None)
        return _stored(profile), {e.day: e.grams for e in (_entries(month, False) if month else [])}

    def neighbour(self, tracker_hash: str, day: str, older: bool) -> Entry | None:
        """The nearest entry before (older) or after `day`, read consistently (a write depends on it)."""
        if older:
            low, high, keep = MONTH, MONTH + month_of(day), lambda e: e.day < day
        else:
            low, high, keep = MONTH + month_of(day), _LAST_MONTH, lambda e: e.day > day
        return next(iter(self._months(tracker_hash, low, high, descending=older, wanted=1, keep=keep)[1]), None)

    def entries(self, tracker_hash: str) -> Iterator[Entry]:
        """Every entry, oldest first, read one Query page at a time (for the CSV download)."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :month)",
            "ExpressionAttributeValues": {":pk": {"S": self._pk(tracker_hash)}, ":month": {"S": MONTH}},
        }
        for page in self.client.get_paginator("query").paginate(**request):
            for item in page["Items"]:
                yield from _entries(from_item(item), newest_first=False)

    def recent(self, tracker_hash: str, first_day: str, last_day: str) -> list[Entry]:
        """The entries from `first_day` to `last_day`, oldest first: one Query of the months between (a year at
        most is asked for: 13 small items, one page), read consistently so a page after a save sees it."""
        response = self.client.query(
            TableName=self.table_name,
            KeyConditionExpression="PK = :pk AND SK BETWEEN :low AND :high",
            ExpressionAttributeValues={
                ":pk": {"S": self._pk(tracker_hash)},
                ":low": {"S": MONTH + month_of(first_day)},
                ":high": {"S": MONTH + month_of(last_day)},
            },
            ConsistentRead=True,
        )
        found = (e for item in response["Items"] for e in _entries(from_item(item), newest_first=False))
        return [e for e in found if first_day <= e.day <= last_day]

    # Writing: a day and the summary together, only if the profile is still as it was read.

    def set_day(
        self, tracker_hash: str, seen: Stored, day: str, grams: int, before: int | None, summary: Summary
    ) -> bool:
        """Save one day's weight and the new summary; False when the tracker changed or went meanwhile.

        `before` is the weight the day held when read (None: no entry); the write holds only if it still does.
        """
        condition, values = _held(before)
        month = {
            "Update": {
                "TableName": self.table_name,
                "Key": self._key(tracker_hash, MONTH + month_of(day)),
                "UpdateExpression": "SET #day = :grams ADD n :added",
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#day": _day_attribute(day)},
                "ExpressionAttributeValues": {
                    **values,
                    ":grams": {"N": str(grams)},
                    ":added": {"N": "1" if before is None else "0"},
                },
            }
        }
        return self._transact([month, self._summary_update(tracker_hash, seen, summary, day, removing=False)])

    def remove_day(
        self, tracker_hash: str, seen: Stored, day: str, before: int, summary: Summary, last_in_month: bool
    ) -> bool:
        """Delete one day's weight (the month's item with its last one) and save the new summary."""
        condition, values = _held(before)
        target = {
            "TableName": self.table_name,
            "Key": self._key(tracker_hash, MONTH + month_of(day)),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#day": _day_attribute(day)},
        }
        if last_in_month:  # ... and still its only one: a day added to the month meanwhile keeps the item
            delete = {
                "ConditionExpression": f"{condition} AND n = :one",
                "ExpressionAttributeValues": {**values, ":one": {"N": "1"}},
            }
            month: dict[str, Any] = {"Delete": {**target, **delete}}
        else:
            update = {
                "UpdateExpression": "REMOVE #day ADD n :less",
                "ExpressionAttributeValues": {**values, ":less": {"N": "-1"}},
            }
            month = {"Update": {**target, **update}}
        return self._transact([month, self._summary_update(tracker_hash, seen, summary, day, removing=True)])

    def _summary_update(
        self, tracker_hash: str, seen: Stored, summary: Summary, day: str, removing: bool
    ) -> dict[str, Any]:
        """The profile's part of a write of `day`. The count moves by the difference, so writes in any order add
        up. Each end (first, latest) is conditioned only as far as this write depends on it, so writers adding
        different days do not hold each other up: a day inside the history needs the end still beyond it; a new
        end needs nothing further out written meanwhile; deleting an end (its neighbour becomes the end) needs
        no other write at all since it read. The profile must still exist, so no write lands after a deletion."""
        names = {"#count": "count", "#version": "version"}
        values: dict[str, Any] = {":delta": summary.count - seen.summary.count, ":one": 1, ":day": day}
        sets, removes, conditions = [], [], ["attribute_exists(PK)"]
        for prefix, was, now, outward in (
            ("first", seen.summary.first, summary.first, ">"),
            ("latest", seen.summary.latest, summary.latest, "<"),
        ):
            end = f"#{prefix}_day"
            names[end] = f"{prefix}_day"
            if was is not None and was.day == day and removing:
                conditions.append(f"{end} = :day AND #version = :version")
                values[":version"] = seen.version
            elif was is not None and was.day == day:
                conditions.append(f"{end} = :day")
            elif was is None or (day < was.day if prefix == "first" else day > was.day):
                conditions.append(f"(attribute_not_exists({end}) OR {end} {outward} :day)")
            else:  # the day lies inside the history: the end must still lie beyond it
                conditions.append(f"{end} {'<' if prefix == 'first' else '>'} :day")
            if was == now:
                continue
            names[f"#{prefix}_grams"] = f"{prefix}_grams"
            if now is None:
                removes += [end, f"#{prefix}_grams"]
            else:
                sets += [f"{end} = :{prefix}_day", f"#{prefix}_grams = :{prefix}_grams"]
                values |= {f":{prefix}_day": now.day, f":{prefix}_grams": now.grams}
        expression = "ADD #count :delta, #version :one" + (" SET " + ", ".join(sets) if sets else "")
        expression += " REMOVE " + ", ".join(removes) if removes else ""
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": self._key(tracker_hash, PROFILE),
                "UpdateExpression": expression,
                "ConditionExpression": " AND ".join(conditions),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": to_item(values),
            }
        }

    def _transact(self, actions: list[dict[str, Any]]) -> bool:
        try:
            self.client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            if is_conflict(error):
                return False
            raise
        return True

    def save_settings(self, tracker_hash: str, values: dict[str, Any], removed: list[str]) -> bool:
        """Set the profile's settings fields to `values` and remove `removed`; False when the tracker is gone.
        The running summary is not touched, so an entry saved meanwhile needs no retry."""
        names = {f"#{name}": name for name in [*values, *removed]}
        expression = ("SET " + ", ".join(f"#{name} = :{name}" for name in values)) if values else ""
        expression += (" REMOVE " + ", ".join(f"#{name}" for name in removed)) if removed else ""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": self._key(tracker_hash, PROFILE),
            "UpdateExpression": expression.strip(),
            "ConditionExpression": "attribute_exists(PK)",
            "ExpressionAttributeNames": names,
        }
        if values:
            request["ExpressionAttributeValues"] = to_item({f":{name}": value for name, value in values.items()})
        try:
            self.client.update_item(**request)
        except ClientError as error:
            if is_conflict(error):
                return False
            raise
        return True

    # Deleting: the profile at once, then every month, within the time given or later.

    def begin_delete(self, tracker_hash: str) -> bool:
        """Remove the profile (the tracker is gone for its reader from now on) and mark its months for removal."""
        return self._transact(
            [
                {
                    "Delete": {
                        "TableName": self.table_name,
                        "Key": self._key(tracker_hash, PROFILE),
                        "ConditionExpression": "attribute_exists(PK)",
                    }
                },
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": to_item({"PK": self._pk(tracker_hash), "SK": DELETING}),
                    }
                },
                {"Put": {"TableName": self.table_name, "Item": to_item({"PK": UNFINISHED, "SK": tracker_hash})}},
            ]
        )

    def is_deleting(self, tracker_hash: str) -> bool:
        found = self.client.get_item(TableName=self.table_name, Key=self._key(tracker_hash, DELETING))
        return "Item" in found

    def delete_months(self, tracker_hash: str, more_time: Callable[[], bool]) -> bool:
        """Remove a deleted tracker's months while `more_time()`; True once none is left (the mark goes too)."""
        while more_time():
            response = self.client.query(
                TableName=self.table_name,
                KeyConditionExpression="PK = :pk AND begins_with(SK, :month)",
                ExpressionAttributeValues={":pk": {"S": self._pk(tracker_hash)}, ":month": {"S": MONTH}},
                ProjectionExpression="PK, SK",
                # Strongly consistent: a month written just before the profile went must be seen, or it is orphaned.
                ConsistentRead=True,
            )
            keys = response["Items"]
            if not keys:
                self.client.delete_item(TableName=self.table_name, Key=self._key(tracker_hash, DELETING))
                # Last: while it stands, the sweeper finds the deletion and finishes it.
                self.client.delete_item(TableName=self.table_name, Key=_unfinished_key(tracker_hash))
                return True
            for start in range(0, len(keys), limits.MAX_BATCH_WRITE_REQUESTS):
                batch = keys[start : start + limits.MAX_BATCH_WRITE_REQUESTS]  # keys only: far below 16 MB
                self._batch_write([{"DeleteRequest": {"Key": key}} for key in batch])
        return False

    def unfinished_deletions(self, most: int) -> list[str]:
        """The hashes of up to `most` trackers whose deletion has not finished (one Query of their own partition)."""
        response = self.client.query(
            TableName=self.table_name,
            KeyConditionExpression="PK = :unfinished",
            ExpressionAttributeValues={":unfinished": {"S": UNFINISHED}},
            Limit=most,
        )
        return [item["SK"]["S"] for item in response["Items"]]

    def count_attempt(self, client_key: str, counter: str, window_seconds: int) -> int:
        """Count one try on `counter` (tracker/rate_limits.py) for this client in this window; the count so far."""
        return attempt_counts.count(
            self.client, self.table_name, client_key, counter, window_seconds, ATTEMPT_WINDOWS_KEPT
        )


def _unfinished_key(tracker_hash: str) -> dict[str, Any]:
    return {"PK": {"S": UNFINISHED}, "SK": {"S": tracker_hash}}


def _window(entries: list[Entry], summary: Summary, newest_first: bool) -> Page:
    """A page from entries read in page order: its newest-first window and whether pages lie either side."""
    shown = entries[:PAGE_SIZE] if newest_first else entries[:PAGE_SIZE][::-1]
    if not shown:
        return Page([])
    older = shown[-1].day if summary.first is not None and summary.first.day < shown[-1].day else None
    newer = shown[0].day if summary.latest is not None and summary.latest.day > shown[0].day else None
    return Page(shown, older, newer)


def _held(before: int | None) -> tuple[str, dict[str, Any]]:
    """The condition that the day still holds what was read: no entry, or `before` grams."""
    if before is None:
        return "attribute_not_exists(#day)", {}
    return "#day = :before", {":before": {"N": str(before)}}
