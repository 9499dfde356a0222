"""SnapStart (template.yaml's SnapStart parameter): work done before the snapshot, and after each restore.

Before the snapshot a function warms itself (see pages/priming.py: its own pages, with no network); after
each restore whatever must be unique per execution environment is made again: the random state here,
and whatever the function names (its DynamoDB clients, with their connections and credentials).
"""

from __future__ import annotations

import random
from collections.abc import Callable

try:  # The Lambda Python runtime ships snapshot_restore_py; the tests install it.
    from snapshot_restore_py import register_after_restore, register_before_snapshot
except ImportError:  # pragma: no cover - without the package nothing is registered

    def register_before_snapshot(func: Callable[..., object], *args: object, **kwargs: object) -> None:
        return None

    def register_after_restore(func: Callable[..., object], *args: object, **kwargs: object) -> None:
        return None


def hooks(warm: Callable[[], None], refresh: Callable[[], None]) -> None:
    """Warm before the snapshot; after each restore, reseed and `refresh`."""
    register_before_snapshot(warm)
    register_after_restore(_reseed)
    register_after_restore(refresh)


def _reseed() -> None:
    # Every restored environment starts from the same snapshot, so the same random state: not for secrets
    # (those use the secrets module, which reads os.urandom), but anything random must differ.
    random.seed()  # nosec B311
