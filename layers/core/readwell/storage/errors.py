"""What can go wrong in storage, in words the rest of the code can act on.

Repositories raise these instead of boto's errors; pages/error_pages.py maps them to pages in one place.
Anything else from AWS (a bad request, a missing table, a denied action) is a fault of ours and stays
a botocore error, which that map turns into a logged 500.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of the errors repositories raise on purpose."""


class Unavailable(StorageError):
    """DynamoDB was throttling, failing or out of reach, even after the client's retries: try again later."""


class Conflict(StorageError):
    """Someone else changed the same items first (a condition failed, or a transaction was cancelled)."""


class LimitExceeded(StorageError):
    """A request or an item over one of DynamoDB's limits: no retry will help."""
