"""What the tracker keeps, and for how long: the facts the privacy page states, each from where it is decided."""

from __future__ import annotations

from typing import Any

from readwell import preferences
from readwell.tracker import identity
from readwell.tracker.service import RECOVERY_TRIES, RECOVERY_WINDOW

# DynamoDB's point-in-time recovery keeps every change for this many days (template.yaml's
# RecoveryPeriodInDays, checked equal by tests/deploy/test_template.py): a deleted tracker lingers there.
RECOVERY_PERIOD_DAYS = 35
# How long a recovery-attempt counter is kept before DynamoDB's time to live removes it (storage/tracker.py).
ATTEMPT_WINDOWS_KEPT = 2


def facts(region: str) -> dict[str, Any]:
    window = int(RECOVERY_WINDOW.total_seconds() // 60)
    return {
        "region": region,
        "recovery_period_days": RECOVERY_PERIOD_DAYS,
        "tracker_cookie_days": identity.COOKIE_MAX_AGE // 86400,
        "preferences_cookie_days": preferences.COOKIE_MAX_AGE // 86400,
        "recovery_tries": RECOVERY_TRIES,
        "recovery_window_minutes": window,
        "attempts_kept_minutes": window * ATTEMPT_WINDOWS_KEPT,
    }
