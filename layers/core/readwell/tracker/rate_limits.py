"""How often one internet address may try something on the tracker: a number of tries in each fixed window.

One limiter serves every limit: each try is counted in storage under a keyed hash of the client's address
(identity.client_key) and the limit's counter name, and the count expires by itself (privacy.ATTEMPT_WINDOWS_KEPT
windows later). The reader-facing words (the pages, /privacy) are made from these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from readwell.dates import duration_words


@dataclass(frozen=True)
class Limit:
    counter: str  # the count's name in storage
    tries: int
    window: timedelta

    @property
    def window_seconds(self) -> int:
        return int(self.window.total_seconds())

    @property
    def window_words(self) -> str:
        return duration_words(self.window)


# Guessing recovery codes: a handful of typing mistakes, never a search.
RECOVERY = Limit("RECOVERY", 5, timedelta(minutes=15))
# Starting trackers: more than anyone needs, even a family or a ward sharing one connection, and far too few
# to fill the table with empty trackers.
STARTS = Limit("START", 20, timedelta(hours=1))


class Limited(Exception):
    """This client address has used every try `limit` allows in the current window."""

    def __init__(self, limit: Limit) -> None:
        super().__init__(f"{limit.counter}: more than {limit.tries} tries in {limit.window_words}")
        self.limit = limit
