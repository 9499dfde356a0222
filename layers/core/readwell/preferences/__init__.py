"""The reader's display preferences: text size and contrast, kept in a cookie from an allowlist.

Only names from TEXT_SIZES and CONTRASTS ever leave this module, so nothing a reader sends is
echoed back into a page or a cookie.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from readwell.web.cookies import read_cookie

TEXT_SIZES = ("standard", "large", "larger", "largest")
CONTRASTS = ("auto", "standard", "high")
COOKIE = "rw_prefs"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365  # a year: readers should not have to choose again

TEXT_SIZE_LABELS = {"standard": "Standard", "large": "Large", "larger": "Larger", "largest": "Largest"}
CONTRAST_LABELS = {"auto": "Same as my device", "standard": "Standard", "high": "High contrast"}

# The cookie holds "<text_size>.<contrast>": both parts are plain allowlisted words, no quoting needed.
_SEPARATOR = "."


@dataclass(frozen=True)
class Preferences:
    text_size: str = "standard"
    contrast: str = "auto"  # auto: follow the system's prefers-contrast setting

    @property
    def text_size_label(self) -> str:
        return TEXT_SIZE_LABELS[self.text_size]

    @property
    def contrast_label(self) -> str:
        return CONTRAST_LABELS[self.contrast]

    @property
    def summary(self) -> str:
        """What is in force, in words: "Larger text, high contrast"."""
        contrast = {"auto": "contrast as on my device", "standard": "standard contrast", "high": "high contrast"}
        return f"{self.text_size_label} text, {contrast[self.contrast]}"

    def cookie_value(self) -> str:
        return f"{self.text_size}{_SEPARATOR}{self.contrast}"


@dataclass(frozen=True)
class Choice:
    """What a reader's form submission asked for: the preferences to keep, what was recognised, what was not."""

    preferences: Preferences
    recognised: int  # how many fields held an allowlisted value
    ignored: bool  # some field held a value that is not on the allowlist


def parse(value: str | None) -> Preferences:
    """Preferences from a cookie value; each part that is not on the allowlist falls back to its default."""
    if not value:
        return Preferences()
    parts = value.split(_SEPARATOR)
    if len(parts) != 2:
        return Preferences()
    text_size, contrast = parts
    defaults = Preferences()
    return Preferences(
        text_size=text_size if text_size in TEXT_SIZES else defaults.text_size,
        contrast=contrast if contrast in CONTRASTS else defaults.contrast,
    )


def from_cookies(cookies: list[str] | None, over_https: bool) -> Preferences:
    """The preferences in the request's cookies; anything unknown or malformed gives the defaults."""
    try:
        return parse(read_cookie(cookies, COOKIE, over_https))
    except Exception:  # a cookie must never break a page: the worst case is the default variant
        return Preferences()


def choose(current: Preferences, text_size: str | None, contrast: str | None) -> Choice:
    """Apply a form submission to the current preferences.

    A field left out keeps its current value silently (a form may offer only one of the two);
    a value that is not on the allowlist keeps the current value and is reported as ignored.
    """
    chosen = current
    recognised = 0
    ignored = False
    for field, value, allowed in (("text_size", text_size, TEXT_SIZES), ("contrast", contrast, CONTRASTS)):
        if value is None:
            continue
        if value in allowed:
            chosen = replace(chosen, **{field: value})
            recognised += 1
        else:
            ignored = True
    return Choice(preferences=chosen, recognised=recognised, ignored=ignored)
