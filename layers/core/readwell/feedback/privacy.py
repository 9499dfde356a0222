"""What feedback keeps, and for how long: the facts the privacy page states, each from where it is decided."""

from __future__ import annotations

from typing import Any

from readwell.dates import duration_words
from readwell.feedback import rules
from readwell.tracker.privacy import RECOVERY_PERIOD_DAYS


def feedback_facts() -> dict[str, Any]:
    return {
        "kept": rules.kept_words(),
        "max_text": rules.MAX_TEXT,
        "tries": rules.LIMIT.tries,
        "window": rules.LIMIT.window_words,
        "count_kept": duration_words(rules.LIMIT_KEPT),
        "recovery_period_days": RECOVERY_PERIOD_DAYS,
    }
