"""Settings read from the environment (set by template.yaml, or by the local server)."""

from __future__ import annotations

import hashlib
import hmac
import os


def content_table() -> str:
    return os.environ.get("CONTENT_TABLE", "ContentTable")


def tracker_table() -> str:
    return os.environ.get("TRACKER_TABLE", "TrackerTable")


def secret_key(purpose: str) -> bytes:
    """A key for one purpose, derived from the stack's generated secret (READWELL_SECRET, from Secrets Manager).

    Deriving one key per purpose means a key that leaks from one use opens no other.
    """
    secret = os.environ.get("READWELL_SECRET")
    if not secret:
        raise RuntimeError("READWELL_SECRET is not set: template.yaml gives it to the functions that need keys")
    return hmac.new(secret.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()


def distribution_id() -> str:
    """The CloudFront distribution in front of the site, or "" when the stack has none."""
    return os.environ.get("DISTRIBUTION_ID", "")


def region() -> str:
    """The AWS region this function runs in (where its data is kept)."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "unknown"
