"""What an AWS error means for us, decided in one place for every repository and for every retry.

Unavailable (busy or broken for now: each call tries again, then the "try again" page), Conflict (someone
changed what was read: re-read, or the conflict page), LimitExceeded, or the error itself: a fault of ours.
A cancelled transaction says why in its CancellationReasons, one per action (Amazon DynamoDB API Reference,
TransactWriteItems): only a failed condition is a conflict. Throttling, capacity and another transaction
holding an item (TransactionConflict) are DynamoDB busy for now: the same transaction is tried again, and
if another writer did change what was read, the retry's own conditions fail and make it a conflict then.
"""

from __future__ import annotations

import botocore.exceptions
from botocore.exceptions import ClientError, HTTPClientError

from readwell.storage.errors import Conflict, LimitExceeded, Unavailable

# DynamoDB's answers that mean "busy or broken for now": worth a retry later, not a bug of ours.
TEMPORARY_ERROR_CODES = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}
CANCELLED = "TransactionCanceledException"
CONFLICT_REASON = "ConditionalCheckFailed"
LIMIT_REASONS = {"ItemCollectionSizeLimitExceeded"}
FAULT_REASONS = {"ValidationError"}  # a request of ours DynamoDB cannot accept: no retry will help


def is_temporary(error: Exception) -> bool:
    """True when DynamoDB was throttling, failing (5xx) or unreachable."""
    # Timeouts, refused or dropped connections.
    if isinstance(error, (HTTPClientError, botocore.exceptions.ConnectionError)):
        return True
    if isinstance(error, ClientError):
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return code(error) in TEMPORARY_ERROR_CODES or status >= 500
    return False


def cancellation_reasons(error: ClientError) -> set[str]:
    """The reasons a cancelled transaction gives, without the "None" of the actions that were fine."""
    return {reason.get("Code", "") for reason in error.response.get("CancellationReasons", [])} - {"None", ""}


def translated(error: Exception) -> Exception:
    """The storage error an AWS error means (see storage/errors.py), or the error itself when it is a fault of ours."""
    found = code(error)
    if found == CANCELLED and isinstance(error, ClientError):
        return _cancelled(error)
    if is_temporary(error):
        return Unavailable(found)
    if found == "ConditionalCheckFailedException":
        return Conflict(found)
    if found == "ValidationException" and "size" in str(error).lower():
        return LimitExceeded(str(error))
    return error


def is_conflict(error: Exception) -> bool:
    return isinstance(translated(error), Conflict)


def _cancelled(error: ClientError) -> Exception:
    reasons = cancellation_reasons(error)
    if CONFLICT_REASON in reasons:  # whatever else happened, what was read has changed: re-read
        return Conflict(f"{CANCELLED}: {sorted(reasons)}")
    if reasons & LIMIT_REASONS:
        return LimitExceeded(f"{CANCELLED}: {sorted(reasons)}")
    if reasons & FAULT_REASONS:
        return error
    return Unavailable(f"{CANCELLED}: {sorted(reasons)}")


def code(error: Exception) -> str:
    return error.response.get("Error", {}).get("Code", "") if isinstance(error, ClientError) else type(error).__name__
