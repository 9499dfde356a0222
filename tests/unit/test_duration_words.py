"""Durations as the tracker's pages say them (the limits' windows, how long their counts are kept)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from readwell.dates import duration_words


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=2), "2 hours"),
    ],
)
def test_whole_hours_in_hours_anything_else_in_minutes(length: timedelta, words: str) -> None:
    assert duration_words(length) == words
