"""The reader's data as CSV: one header row, then every entry, oldest first."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from readwell.tracker.progress import Entry
from readwell.tracker.units import display_number, format_weight

HEADER = ["date", "weight_grams", "weight_kg", "weight_in_your_unit"]


def csv_text(chronological: Iterable[Entry], unit: str) -> str:
    """Rows written as entries arrive (a page of them at a time): only the text itself grows with the history."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in chronological:
        writer.writerow([entry.day, entry.grams, display_number(entry.grams, "kg"), format_weight(entry.grams, unit)])
    return buffer.getvalue()
