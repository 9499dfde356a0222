"""Reading level (WCAG 3.1.5): a Flesch-Kincaid grade, told to readers in plain words.

WCAG asks for a simpler version when text needs more than lower secondary education (about nine
years of school). The grade is worked out once, at publish, from the text the reader hears.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import textstat

from readwell.articles import markdown

# Lower secondary education ends after about nine years of school (ISCED level 2).
PLAIN_SUMMARY_ABOVE_GRADE = 9


@dataclass(frozen=True)
class Level:
    up_to_grade: float
    words: str


LEVELS = (
    Level(6, "easy to read (primary school level)"),
    Level(PLAIN_SUMMARY_ABOVE_GRADE, "fairly easy to read (lower secondary school level, about age 12 to 15)"),
    Level(12, "fairly hard to read (upper secondary school level, about age 15 to 18)"),
    Level(math.inf, "hard to read (college level)"),
)


def grade(body_markdown: str) -> float:
    """The Flesch-Kincaid grade of the body as a reader hears it, to one decimal place."""
    return round(float(textstat.flesch_kincaid_grade(markdown.plain_text(body_markdown))), 1)


def describe(grade: float) -> str:
    return next(level.words for level in LEVELS if grade <= level.up_to_grade)


def needs_plain_summary(grade: float) -> bool:
    return grade > PLAIN_SUMMARY_ABOVE_GRADE
