"""A new recovery code: the tracker moves to a new secret, and the old code stops working at once.

The move (storage/tracker_move.py) happens in bounded steps; whatever request finds it unfinished (the reader's
next visit, from any device holding the new code) goes on with it before showing or changing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from readwell.storage.errors import Conflict, Unavailable
from readwell.tracker import identity
from readwell.tracker.service import Open, TrackerService

# A tracker changed between reading it and moving it (a write from another tab): read it again, a few times.
TRIES = 3


class Moves(Protocol):
    """What a move needs from storage (implemented by storage.tracker_move.TrackerMoves)."""

    def begin_move(self, old_hash: str, new_hash: str, version: int) -> bool: ...
    def move_months(self, new_hash: str, old_hash: str, more_time: Callable[[], bool]) -> bool: ...


class RecoveryCodes:
    def __init__(self, service: TrackerService, moves: Moves) -> None:
        self.service = service
        self.moves = moves

    def new_code(self, tracker: Open, more_time: Callable[[], bool]) -> tuple[Open, bool]:
        """The tracker under a new secret, and whether its move is over. Once this returns, only the new secret
        opens it; Unavailable before that means nothing changed."""
        for _ in range(TRIES):
            token = identity.new_token()
            if self.moves.begin_move(tracker.hash, identity.token_hash(token), tracker.stored.version):
                moved = Open(token, replace(tracker.stored, moving_from=tracker.hash))
                return moved, self.go_on(moved, more_time)
            tracker = self.service.require(tracker.token)
        raise Conflict(f"the tracker kept changing during {TRIES} attempts to give it a new code")

    def go_on(self, tracker: Open, more_time: Callable[[], bool]) -> bool:
        """Go on with an unfinished move while `more_time()`; True once it is over. DynamoDB busy stops it for
        now: every month is under one key or the other, and the next request goes on."""
        if tracker.stored.moving_from is None:
            return True
        try:
            return self.moves.move_months(tracker.hash, tracker.stored.moving_from, more_time)
        except Unavailable:
            return False
