"""The tracker table: one partition per tracker, keyed by the hash of its secret.

Keys:
  profile   PK=TRACKER#<sha256 of token> SK=PROFILE   start_date, unit, height_cm?, goal_grams?, created
  entry     PK=TRACKER#<hash>            SK=ENTRY#<yyyy-mm-dd>   grams (whole grams, one per day)
  attempts  PK=ATTEMPTS#<client hash>    SK=RECOVERY#<window>    tries, expires_at (TTL)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from botocore.exceptions import ClientError

from readwell.storage import limits
from readwell.storage.dynamodb import Repository, from_item, storage_errors, to_item
from readwell.storage.errors import Unavailable
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry

PROFILE = "PROFILE"
ENTRY = "ENTRY#"


@dataclass(frozen=True)
class Tracker:
    profile: Profile
    entries: list[Entry]  # oldest first


@dataclass(frozen=True)
class PutResult:
    outcome: str  # "saved" (new or the same value again) or "conflict" (the day holds another weight)
    existing_grams: int | None = None


def _conditional_failure(error: ClientError) -> bool:
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


@storage_errors
class TrackerRepository(Repository):
    @staticmethod
    def _pk(tracker_hash: str) -> str:
        return "TRACKER#" + tracker_hash

    def create(self, tracker_hash: str, profile: Profile) -> None:
        created = replace(profile, created=datetime.now(UTC).isoformat())
        item = {"PK": self._pk(tracker_hash), "SK": PROFILE, **created.fields()}
        self.client.put_item(
            TableName=self.table_name, Item=to_item(item), ConditionExpression="attribute_not_exists(PK)"
        )

    def load(self, tracker_hash: str) -> Tracker | None:
        """The profile and every entry in one Query (paged only past 1 MB); None if there is no tracker."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": self._pk(tracker_hash)}},
        }
        profile: Profile | None = None
        entries: list[Entry] = []
        while True:
            response = self.client.query(**request)
            for item in response["Items"]:
                record = from_item(item)
                if record["SK"] == PROFILE:
                    profile = Profile.from_fields(record)
                elif record["SK"].startswith(ENTRY):
                    entries.append(Entry(record["SK"][len(ENTRY) :], int(record["grams"])))
            if "LastEvaluatedKey" not in response:
                break
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        if profile is None:
            return None
        return Tracker(profile, sorted(entries, key=lambda e: e.day))

    def put_entry(self, tracker_hash: str, day: str, grams: int, replace: bool = False) -> PutResult:
        """Write one day's weight. Without `replace`, a different weight already there is a conflict."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": to_item({"PK": self._pk(tracker_hash), "SK": ENTRY + day, "grams": grams}),
        }
        if not replace:
            # The same value again (a double-submitted form) succeeds and changes nothing.
            request["ConditionExpression"] = "attribute_not_exists(SK) OR grams = :grams"
            request["ExpressionAttributeValues"] = {":grams": {"N": str(grams)}}
            request["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        try:
            self.client.put_item(**request)
        except ClientError as error:
            if not _conditional_failure(error):
                raise
            existing = cast(dict[str, Any], error.response.get("Item") or {})
            old = existing.get("grams", {}).get("N")
            return PutResult("conflict", int(Decimal(old)) if old else None)
        return PutResult("saved")

    def update_entry(self, tracker_hash: str, day: str, grams: int) -> bool:
        """Change an existing entry; False if it is no longer there."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=to_item({"PK": self._pk(tracker_hash), "SK": ENTRY + day, "grams": grams}),
                ConditionExpression="attribute_exists(SK)",
            )
        except ClientError as error:
            if _conditional_failure(error):
                return False
            raise
        return True

    def delete_entry(self, tracker_hash: str, day: str) -> None:
        self.client.delete_item(
            TableName=self.table_name, Key={"PK": {"S": self._pk(tracker_hash)}, "SK": {"S": ENTRY + day}}
        )

    def delete_tracker(self, tracker_hash: str) -> int:
        """Remove every item of the tracker; returns how many were deleted."""
        keys: list[dict[str, Any]] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": self._pk(tracker_hash)}},
            "ProjectionExpression": "PK, SK",
        }
        while True:
            response = self.client.query(**request)
            keys += response["Items"]
            if "LastEvaluatedKey" not in response:
                break
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        # Entries first and the profile last, so an interrupted delete can be run again from the page.
        keys.sort(key=lambda key: key["SK"]["S"] == PROFILE)
        for start in range(0, len(keys), limits.MAX_BATCH_WRITE_REQUESTS):
            batch = keys[start : start + limits.MAX_BATCH_WRITE_REQUESTS]  # keys only: far below 16 MB
            pending: dict[str, Any] = {self.table_name: [{"DeleteRequest": {"Key": key}} for key in batch]}
            for attempt in range(8):
                response = self.client.batch_write_item(RequestItems=pending)
                pending = response.get("UnprocessedItems") or {}
                if not pending:
                    break
                time.sleep(0.05 * 2**attempt)
            if pending:
                raise Unavailable("DynamoDB kept some deletes unprocessed")
        return len(keys)

    def count_recovery_attempt(self, client_key: str, window_seconds: int) -> int:
        """Count one recovery attempt for this client in the current window; returns the count so far."""
        now = int(time.time())
        window = now - now % window_seconds
        response = self.client.update_item(
            TableName=self.table_name,
            Key={"PK": {"S": "ATTEMPTS#" + client_key}, "SK": {"S": f"RECOVERY#{window}"}},
            UpdateExpression="ADD tries :one SET expires_at = if_not_exists(expires_at, :expires)",
            ExpressionAttributeValues={":one": {"N": "1"}, ":expires": {"N": str(window + 2 * window_seconds)}},
            ReturnValues="UPDATED_NEW",
        )
        return int(response["Attributes"]["tries"]["N"])
