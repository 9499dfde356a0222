"""A tracker deletion cut short, as the tracker function leaves one when its time runs out: the sweeper's work."""

from __future__ import annotations

from datetime import date, timedelta

from local.aws.roles import Account
from local.serve.lambda_runtime import dynamodb_client_of
from readwell.storage.tracker import TrackerRepository
from readwell.tracker import identity
from readwell.tracker.profile import Profile
from readwell.tracker.progress import Entry
from readwell.tracker.service import TrackerService

MONTHS = 60  # three BatchWriteItem requests of months to remove (25, 25, 10)


def deletion_cut_short(aws: Account, months: int = MONTHS) -> str:
    """A tracker deleted by its reader with no time left to remove its months (the tracker function's role)."""
    service = TrackerService(
        TrackerRepository("TrackerTable", dynamodb_client_of(aws, "TrackerFunction")), lambda: b"k"
    )
    token = identity.new_token()
    first = date(2020, 1, 1)
    entries = [Entry((first + timedelta(days=31 * n)).isoformat(), 70_000 + n) for n in range(months)]
    service.store.import_history(identity.token_hash(token), Profile(start_date=first.isoformat(), unit="kg"), entries)
    tracker = service.require(token)
    assert service.delete(tracker, more_time=lambda: False) is False
    return tracker.hash
