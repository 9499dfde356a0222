"""What the tracker keeps, and for how long: the facts the privacy page states, each from where it is decided."""

from __future__ import annotations

from typing import Any

from readwell import preferences
from readwell.config import LogPeriods
from readwell.dates import duration_words
from readwell.tracker import identity, rate_limits

# DynamoDB's point-in-time recovery keeps every change for this many days (template.yaml's
# RecoveryPeriodInDays, checked equal by tests/deploy/test_template.py): a deleted tracker lingers there.
RECOVERY_PERIOD_DAYS = 35
# How many of its windows a per-address counter is kept before DynamoDB's time to live removes it
# (storage/tracker.py).
ATTEMPT_WINDOWS_KEPT = 2


def _limit(limit: rate_limits.Limit) -> dict[str, Any]:
    return {
        "tries": limit.tries,
        "window": limit.window_words,
        "kept": duration_words(limit.window * ATTEMPT_WINDOWS_KEPT),
    }


def facts(region: str, logs: LogPeriods) -> dict[str, Any]:
    """`logs`: the deployed stack's log periods (config.log_periods()), so the page says what this stack keeps."""
    return {
        "region": region,
        "recovery_period_days": RECOVERY_PERIOD_DAYS,
        "logs": logs,
        "tracker_cookie_days": identity.COOKIE_MAX_AGE // 86400,
        "preferences_cookie_days": preferences.COOKIE_MAX_AGE // 86400,
        "recovery_limit": _limit(rate_limits.RECOVERY),
        "start_limit": _limit(rate_limits.STARTS),
    }
