"""What feedback is accepted, how much, how often and for how long: every number here, every reader-facing
sentence made from them."""

from __future__ import annotations

import re
from datetime import timedelta

from readwell.tracker.privacy import ATTEMPT_WINDOWS_KEPT
from readwell.tracker.rate_limits import Limit

ANSWERS = ("yes", "no")
MAX_TEXT = 500  # characters in "What was missing?"
KEPT_YEARS = 1  # DynamoDB's time to live removes each piece of feedback this long after the day it came
KEPT = timedelta(days=365 * KEPT_YEARS)
# Generous for one reader going through a community's articles, or a ward sharing a connection; far too few
# to fill the table.
LIMIT = Limit("FEEDBACK", 30, timedelta(hours=1))
LIMIT_KEPT = LIMIT.window * ATTEMPT_WINDOWS_KEPT

# The pages that ask "Was this page useful?": an article, the glossary, or one of its terms.
_PAGE = re.compile(r"^/(?:articles/[a-z0-9]+(?:-[a-z0-9]+)*|glossary(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?)$")
MAX_PAGE = 120  # "/articles/" and the longest slug (articles/slugs.py), with room to spare


def is_feedback_page(path: str) -> bool:
    return len(path) <= MAX_PAGE and _PAGE.fullmatch(path) is not None


def kept_words() -> str:
    return f"{KEPT_YEARS} year" + ("s" if KEPT_YEARS != 1 else "")


TEXT_HINT = f"You can write up to {MAX_TEXT} characters."
WARNING = "Do not include personal or medical details, such as your name, your contact details or your diagnosis."


def too_long(length: int) -> str:
    return f"What was missing must be {MAX_TEXT} characters or fewer. You wrote {length} characters."
