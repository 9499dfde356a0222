"""Moving a tracker to a new key (a new recovery code), in bounded steps that can stop anywhere and go on later.

1. One transaction: the profile (with the running summary) is removed from the old key and written under the new
   one, marked `moving_from=<old hash>`. From then on the old code opens nothing, and no write can land under the
   old key (every write needs the profile there).
2. Months move newest first in transactions of at most MOVED_PER_STEP (each a Put under the new key and a
   Delete under the old, within DynamoDB's 100 actions and 4 MB): each month is under exactly one key at any
   moment, so stopping between steps loses nothing, and a step taken twice fails its conditions harmlessly.
3. With no month left under the old key, the mark is removed: the move is over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from readwell.storage import limits
from readwell.storage.dynamodb import storage_errors
from readwell.storage.failures import is_conflict
from readwell.storage.tracker import MONTH, PROFILE, TrackerRepository

# Two actions per month (its Put and its Delete): a step fills one transaction at most.
MOVED_PER_STEP = limits.MAX_TRANSACTION_ACTIONS // 2


def _pk(tracker_hash: str) -> dict[str, str]:
    return {"S": "TRACKER#" + tracker_hash}


@storage_errors
class TrackerMoves(TrackerRepository):
    def begin_move(self, old_hash: str, new_hash: str, version: int) -> bool:
        """Step 1; False when the tracker changed since `version` was read (or is gone): read it again."""
        found = self.client.get_item(
            TableName=self.table_name, Key={"PK": _pk(old_hash), "SK": {"S": PROFILE}}, ConsistentRead=True
        ).get("Item")
        if found is None:
            return False
        moved = {**found, "PK": _pk(new_hash), "moving_from": {"S": old_hash}}
        return self._transact(
            [
                {
                    "Delete": {
                        "TableName": self.table_name,
                        "Key": {"PK": _pk(old_hash), "SK": {"S": PROFILE}},
                        "ConditionExpression": "#version = :version",
                        "ExpressionAttributeNames": {"#version": "version"},
                        "ExpressionAttributeValues": {":version": {"N": str(version)}},
                    }
                },
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": moved,
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                },
            ]
        )

    def move_months(self, new_hash: str, old_hash: str, more_time: Callable[[], bool]) -> bool:
        """Steps 2 and 3 while `more_time()`; True once the move is over."""
        while more_time():
            months = self.client.query(
                TableName=self.table_name,
                KeyConditionExpression="PK = :pk AND begins_with(SK, :month)",
                ExpressionAttributeValues={":pk": _pk(old_hash), ":month": {"S": MONTH}},
                ScanIndexForward=False,
                Limit=MOVED_PER_STEP,
                # Strongly consistent: a month moved by a step just taken must not be seen again.
                ConsistentRead=True,
            )["Items"]
            if not months:
                self._finish(new_hash, old_hash)
                return True
            size = lambda item: 2 * limits.item_size(item)  # noqa: E731 - its Put, and its Delete's key at most
            for step in limits.batches(months, size, MOVED_PER_STEP, limits.MAX_TRANSACTION_BYTES):
                self._transact([action for month in step for action in self._move(month, new_hash)])
        return False

    def _move(self, month: dict[str, Any], new_hash: str) -> list[dict[str, Any]]:
        return [
            {
                "Put": {
                    "TableName": self.table_name,
                    "Item": {**month, "PK": _pk(new_hash)},
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
            {
                "Delete": {
                    "TableName": self.table_name,
                    "Key": {"PK": month["PK"], "SK": month["SK"]},
                    # Unchanged since read: nothing can write there now, but a step taken twice must not move twice.
                    "ConditionExpression": "n = :n",
                    "ExpressionAttributeValues": {":n": month["n"]},
                }
            },
        ]

    def _finish(self, new_hash: str, old_hash: str) -> None:
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"PK": _pk(new_hash), "SK": {"S": PROFILE}},
                UpdateExpression="REMOVE moving_from",
                ConditionExpression="moving_from = :old",
                ExpressionAttributeValues={":old": {"S": old_hash}},
            )
        except ClientError as error:
            if not is_conflict(error):  # another request finished it first
                raise
