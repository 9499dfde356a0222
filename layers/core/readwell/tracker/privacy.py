"""What the tracker keeps, and for how long: the facts the privacy page states, each from where it is decided."""

from __future__ import annotations

from typing import Any

from readwell import preferences
from readwell.dates import duration_words
from readwell.tracker import identity, rate_limits

# DynamoDB's point-in-time recovery keeps every change for this many days (template.yaml's
# RecoveryPeriodInDays, checked equal by tests/deploy/test_template.py): a deleted tracker lingers there.
RECOVERY_PERIOD_DAYS = 35
# How long the logs are kept (template.yaml's defaults of AccessLogRetentionDays and LogRetentionDays, checked
# equal by tests/deploy/test_operations_template.py).
ACCESS_LOG_DAYS = 30
FUNCTION_LOG_DAYS = 30
# How many of its windows a per-address counter is kept before DynamoDB's time to live removes it
# (storage/tracker.py).
ATTEMPT_WINDOWS_KEPT = 2


def _limit(limit: rate_limits.Limit) -> dict[str, Any]:
    return {
        "tries": limit.tries,
        "window": limit.window_words,
        "kept": duration_words(limit.window * ATTEMPT_WINDOWS_KEPT),
    }


def facts(region: str) -> dict[str, Any]:
    return {
        "region": region,
        "recovery_period_days": RECOVERY_PERIOD_DAYS,
        "access_log_days": ACCESS_LOG_DAYS,
        "function_log_days": FUNCTION_LOG_DAYS,
        "tracker_cookie_days": identity.COOKIE_MAX_AGE // 86400,
        "preferences_cookie_days": preferences.COOKIE_MAX_AGE // 86400,
        "recovery_limit": _limit(rate_limits.RECOVERY),
        "start_limit": _limit(rate_limits.STARTS),
    }
