"""Settings read from the environment (set by template.yaml, or by the local server)."""

from __future__ import annotations

import os


def content_table() -> str:
    return os.environ.get("CONTENT_TABLE", "ContentTable")


def tracker_table() -> str:
    return os.environ.get("TRACKER_TABLE", "TrackerTable")
