"""Settings read from the environment (set by template.yaml, or by the local server).

Secrets are settings too, but the environment holds only their ARNs: the values are read from Secrets
Manager when first needed (storage/secret_store.py), never while a function loads.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from readwell.storage import secret_store


def content_table() -> str:
    return os.environ.get("CONTENT_TABLE", "ContentTable")


def tracker_table() -> str:
    return os.environ.get("TRACKER_TABLE", "TrackerTable")


def feedback_table() -> str:
    return os.environ.get("FEEDBACK_TABLE", "FeedbackTable")


# Holds the ARN of the stack's generated server secret (template.yaml's ServerSecret), never the secret itself.
SERVER_SECRET_VARIABLE = "SERVER_SECRET_ARN"  # noqa: S105  # nosec B105 - a variable's name, not a secret


def secret_key(purpose: str) -> bytes:
    """A key for one purpose, derived from the stack's generated secret (read from Secrets Manager on first use).

    Deriving one key per purpose means a key that leaks from one use opens no other. Call it when the key
    is needed, never while the function loads: a SnapStart snapshot must hold no secret.
    """
    secret = secret_store.value(SERVER_SECRET_VARIABLE)
    if not secret:
        raise RuntimeError(
            f"{SERVER_SECRET_VARIABLE} is not set: template.yaml gives it to the functions that need keys"
        )
    return hmac.new(secret.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()


# Holds the ARN of the secret CloudFront sends the origin (template.yaml's OriginSecret); empty without an edge.
ORIGIN_SECRET_VARIABLE = "ORIGIN_SECRET_ARN"  # noqa: S105  # nosec B105 - a variable's name, not a secret


def has_edge() -> bool:
    """Whether the stack has an edge in front of the API, known without reading the edge's secret."""
    return bool(os.environ.get(ORIGIN_SECRET_VARIABLE))


def origin_secret() -> str:
    """The secret the edge sends the origin ("" without an edge), read on first use and then kept."""
    return secret_store.value(ORIGIN_SECRET_VARIABLE)


def distribution_id() -> str:
    """The CloudFront distribution in front of the site, or "" when the stack has none."""
    return os.environ.get("DISTRIBUTION_ID", "")


def region() -> str:
    """The AWS region this function runs in (where its data is kept)."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "unknown"


@dataclass(frozen=True)
class LogPeriods:
    """What the deployed stack logs and for how long (its LogRetentionDays, AccessLogRetentionDays and EdgeLogs
    parameters, given by template.yaml): the privacy page states these, not the template's defaults."""

    function_days: int
    access_days: int
    edge_logs: bool


def log_periods() -> LogPeriods:
    try:
        return LogPeriods(
            function_days=int(os.environ["FUNCTION_LOG_DAYS"]),
            access_days=int(os.environ["ACCESS_LOG_DAYS"]),
            edge_logs=os.environ["EDGE_LOGS"] == "on",
        )
    except KeyError as missing:
        raise RuntimeError(
            f"{missing} is not set: template.yaml gives it to the function that serves /privacy"
        ) from None
