"""SnapStart (template.yaml's SnapStart parameter): work done before the snapshot, and after each restore.

Before the snapshot a function warms itself (see pages/priming.py: its own pages, with no network); after
each restore whatever must be unique per execution environment is made again: the random state here,
and whatever the function names (its DynamoDB client, with this environment's credentials). A restore has
10 s for the runtime and every hook together, past which the environment fails to restore: the hooks make
no network call.
Only an init that Lambda is snapshotting pays for any of it: an on-demand cold start imports nothing more.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable

# Lambda's own setting: "snap-start" while it initialises a version it will snapshot.
INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE"


def snapshotting() -> bool:
    return os.environ.get(INITIALIZATION_TYPE) == "snap-start"


def hooks(warm: Callable[[], None], refresh: Callable[[], None]) -> None:
    """Warm before the snapshot; after each restore, reseed and `refresh`."""
    # The Lambda Python runtime ships snapshot_restore_py (the tests install it from PyPI).
    from snapshot_restore_py import register_after_restore, register_before_snapshot

    register_before_snapshot(warm)
    register_after_restore(_reseed)
    register_after_restore(refresh)


def _reseed() -> None:
    # Every restored environment starts from the same snapshot, so the same random state: not for secrets
    # (those use the secrets module, which reads os.urandom), but anything random must differ.
    random.seed()  # nosec B311
