"""The emulated edge (local/edge/emulator.py) in front of the handlers in process, with a clock the tests move."""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.roles import Account
from local.edge.emulator import EdgeCache
from local.serve.server import Gateway
from tests.integration.edge_helpers import SECRET, Clock


@pytest.fixture
def origin(published: Any, aws: Account) -> Gateway:
    """The API as the edge's origin: in a module marked EDGE_STACK, it answers only requests carrying the secret."""
    return Gateway(aws)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cdn(origin: Gateway, clock: Clock) -> EdgeCache:
    return EdgeCache(origin, SECRET, clock=clock)
