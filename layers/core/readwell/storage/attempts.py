"""Each DynamoDB call's attempts: none started that could not end before the deadline, and every retry ours.

botocore makes one attempt per call (dynamodb.CLIENT_CONFIG). Its standard mode would pause up to 20 s
before retrying a throttled call, knowing nothing of the invocation's time, so its pauses alone could
outlast the function. Two hooks on botocore's own events take its place on every DynamoDB client:
- `request-created` (each attempt, before signing): refuse, with Unavailable, an attempt that could not end
  before the deadline at its slowest (deadline.allows_attempt);
- `needs-retry` (after each attempt): what failed for now (failures.translated says Unavailable; botocore's
  own DynamoDB checksum check) is tried again after a retry.BUSY pause, while tries and time allow.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from botocore.retries.special import RetryDDBChecksumError
from botocore.retries.standard import RetryEventAdapter

from readwell.storage import deadline, failures, retry
from readwell.storage.errors import Unavailable

_checksum = RetryDDBChecksumError()
_retry_context = RetryEventAdapter()


def install(client: Any) -> Any:
    """Our attempt policy on a DynamoDB client (dynamodb.client() does this for every client it makes)."""
    events = client.meta.events
    events.register_first("request-created.dynamodb", _refuse_past_deadline, unique_id="readwell-deadline")
    events.register_first("needs-retry.dynamodb", _pause_before_retry, unique_id="readwell-retry")
    return client


def _refuse_past_deadline(**_: Any) -> None:
    if not deadline.allows_attempt():
        raise Unavailable("no time left for a DynamoDB attempt before the function must answer")


def _pause_before_retry(**event: Any) -> float | bool:
    """The pause before the next attempt, or False: no retry (and none by any later handler either)."""
    if not _failed_for_now(event):
        return False
    pause = retry.BUSY.pause(event["attempts"])
    return False if pause is None else pause


def _failed_for_now(event: dict[str, Any]) -> bool:
    caught, response = event.get("caught_exception"), event.get("response")
    if caught is not None:
        return isinstance(failures.translated(caught), Unavailable)
    if response is None:
        return False
    parsed = response[1]
    if "Error" in parsed:
        return isinstance(failures.translated(ClientError(parsed, event["operation"].name)), Unavailable)
    return bool(_checksum.is_retryable(_retry_context.create_retry_context(**event)))
