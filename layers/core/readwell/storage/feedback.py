"""The feedback table: what readers said about a page, and the per-address counters that limit how often.

Keys:
  feedback  PK=FEEDBACK#<yyyy-mm-dd>  SK=<random>   page, answer, text, day, expires_at (TTL)
  attempts  PK=ATTEMPTS#<client key>  SK=FEEDBACK#<window>   tries, expires_at (storage/attempt_counts.py)

The sort key is random, not a time or anything of the sender's: the items of a day cannot be put in order, so
none can be matched to a request in the API's access log. template.yaml scopes the feedback role's PutItem to
FEEDBACK# keys and its UpdateItem to ATTEMPTS# keys (dynamodb:LeadingKeys).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

from readwell.feedback.receiving import Received
from readwell.storage import attempt_counts
from readwell.storage.dynamodb import Repository, from_item, storage_errors, to_item
from readwell.tracker.privacy import ATTEMPT_WINDOWS_KEPT

PARTITION = "FEEDBACK#"
FIELDS = ("day", "page", "answer", "text")


@storage_errors
class FeedbackRepository(Repository):
    def put(self, received: Received) -> None:
        item = {
            "PK": PARTITION + received.day,
            "SK": secrets.token_hex(8),
            "page": received.page,
            "answer": received.answer,
            "text": received.text,
            "day": received.day,
            "expires_at": received.expires_at,
        }
        self.client.put_item(TableName=self.table_name, Item=to_item(item))

    def count_attempt(self, client_key: str, counter: str, window_seconds: int) -> int:
        return attempt_counts.count(
            self.client, self.table_name, client_key, counter, window_seconds, ATTEMPT_WINDOWS_KEPT
        )

    def received(self) -> Iterator[dict[str, Any]]:
        """Every piece of feedback still kept, oldest day first (for `make feedback`, under the operator's own
        credentials: no function may Scan)."""
        found: list[dict[str, Any]] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "FilterExpression": "begins_with(PK, :feedback)",
            "ExpressionAttributeValues": {":feedback": {"S": PARTITION}},
        }
        for page in self.client.get_paginator("scan").paginate(**request):
            found += [from_item(item) for item in page["Items"]]
        for item in sorted(found, key=lambda item: (item["day"], item["page"])):
            yield {name: item.get(name, "") for name in FIELDS}
