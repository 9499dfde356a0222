"""The hooks Lambda runs around a snapshot: warm before it; after each restore, a new random state and a new
DynamoDB client, made without sending anything."""

from __future__ import annotations

import random
from collections.abc import Callable

from readwell.storage import dynamodb


def register(warm: Callable[[], None]) -> None:
    """Warm before the snapshot; after each restore, reseed and make this environment's own DynamoDB client."""
    # The Lambda Python runtime ships snapshot_restore_py (the tests install it from PyPI).
    from snapshot_restore_py import register_after_restore, register_before_snapshot

    register_before_snapshot(warm)
    register_after_restore(_reseed)
    register_after_restore(_fresh_dynamodb_client)


def _reseed() -> None:
    # Every restored environment starts from the same snapshot, so the same random state: not for secrets
    # (those use the secrets module, which reads os.urandom), but anything random must differ.
    random.seed()  # nosec B311


def _fresh_dynamodb_client() -> None:
    """This environment's own client (its credentials), made now rather than in the reader's first request,
    and no request sent. Restoring has 10 s for the runtime and every hook together, and a request bounded
    tightly enough for that would need a client of its own (botocore sets timeouts per client); the
    connection it opened would sit in that client's pool, never used by the readers' client. The readers'
    client opens its connection on the first request, under the invocation's deadline."""
    dynamodb.forget_clients()
    dynamodb.client()
