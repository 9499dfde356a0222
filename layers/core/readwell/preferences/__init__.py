"""The reader's display preferences: text size, colour scheme, line spacing and reading width.

Every setting is declared once in SETTINGS: its form field, its allowlisted values and their words.
They travel in one cookie of allowlisted words; only names from SETTINGS ever leave this module, so
nothing a reader sends is echoed back into a page or a cookie. The text-size percentages are read
from the stylesheet's tokens (readwell.static), where the sizes themselves are set.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from readwell.preferences.scales import text_scales
from readwell.web.cookies import read_cookie

COOKIE = "rw_prefs"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365  # a year: readers should not have to choose again


@dataclass(frozen=True)
class Setting:
    field: str  # the form field, the Preferences attribute, and (dashed) the data- attribute on <html>
    legend: str  # the question, as the form asks it
    options: dict[str, str]  # allowlisted value -> its label in the form
    in_force: dict[str, str]  # value -> words for "what is in force" and the notice


TEXT_SIZE = Setting(
    "text_size",
    "Text size",
    {size: f"{percent}%" for size, percent in text_scales().items()},
    {size: f"text size {percent}%" for size, percent in text_scales().items()},
)
SCHEME = Setting(
    "scheme",
    "Colours",
    {
        "auto": "Same as my device",
        "standard": "Standard: dark text on white",
        "high": "High contrast: white and yellow on black",
        "dark": "Dark: light text on dark grey",
        "low-glare": "Low glare: dark brown on a soft cream",
    },
    {
        "auto": "colours as on my device",
        "standard": "standard colours",
        "high": "high contrast",
        "dark": "dark colours",
        "low-glare": "low glare colours",
    },
)
SPACING = Setting(
    "spacing",
    "Line spacing",
    {"standard": "Standard", "wide": "Wide", "widest": "Widest"},
    {"standard": "standard line spacing", "wide": "wide line spacing", "widest": "widest line spacing"},
)
WIDTH = Setting(
    "width",
    "Reading width",
    {"comfortable": "Comfortable: about 70 characters a line", "full": "The full width of my window"},
    {"comfortable": "comfortable reading width", "full": "full reading width"},
)
SETTINGS = (TEXT_SIZE, SCHEME, SPACING, WIDTH)
TEXT_SIZES = tuple(TEXT_SIZE.options)

# The cookie holds the values in SETTINGS' order, joined by dots: plain allowlisted words, no quoting needed.
_SEPARATOR = "."


@dataclass(frozen=True)
class Preferences:
    text_size: str = "standard"
    scheme: str = "auto"  # auto: follow the device's light/dark and contrast settings
    spacing: str = "standard"
    width: str = "comfortable"

    def __post_init__(self) -> None:
        for setting in SETTINGS:
            if getattr(self, setting.field) not in setting.options:
                raise ValueError(f"{setting.field} must be one of {list(setting.options)}")

    def label(self, setting: Setting) -> str:
        return setting.options[getattr(self, setting.field)]

    def words(self, setting: Setting) -> str:
        return setting.in_force[getattr(self, setting.field)]

    @property
    def summary(self) -> str:
        """The settings kept in the disclosure, in words: "dark colours, wide line spacing, full reading width"."""
        return ", ".join(self.words(setting) for setting in SETTINGS if setting is not TEXT_SIZE)

    def cookie_value(self) -> str:
        return _SEPARATOR.join(getattr(self, setting.field) for setting in SETTINGS)

    @property
    def text_sizes(self) -> list[tuple[str, str, bool]]:
        """(value, label, in force) for each text-size button."""
        return [(value, label, value == self.text_size) for value, label in TEXT_SIZE.options.items()]

    @property
    def other_settings(self) -> list[tuple[Setting, str]]:
        """Each setting kept in the disclosure, with its value in force."""
        return [(setting, getattr(self, setting.field)) for setting in SETTINGS if setting is not TEXT_SIZE]

    def attributes(self) -> dict[str, str]:
        """The data- attributes on <html> that select this variant in the stylesheet."""
        return {setting.field.replace("_", "-"): getattr(self, setting.field) for setting in SETTINGS}


@dataclass(frozen=True)
class Choice:
    """What a reader's form submission asked for: the preferences to keep, what was recognised, what was not."""

    preferences: Preferences
    recognised: tuple[str, ...]  # the fields that held an allowlisted value
    ignored: bool  # some field held a value that is not on the allowlist


def parse(value: str | None) -> Preferences:
    """Preferences from a cookie value; each part that is not on the allowlist falls back to its default.

    A shorter value (a cookie from before a setting existed) keeps what it holds: the settings it lacks
    take their defaults."""
    if not value:
        return Preferences()
    parts = value.split(_SEPARATOR)
    if len(parts) > len(SETTINGS):
        return Preferences()
    chosen = {setting.field: part for setting, part in zip(SETTINGS, parts, strict=False) if part in setting.options}
    return Preferences(**chosen)


def from_cookies(cookies: list[str] | None, over_https: bool) -> Preferences:
    """The preferences in the request's cookies; anything unknown or malformed gives the defaults."""
    try:
        return parse(read_cookie(cookies, COOKIE, over_https))
    except Exception:  # a cookie must never break a page: the worst case is the default variant
        return Preferences()


def choose(current: Preferences, form: dict[str, str]) -> Choice:
    """Apply a form submission to the current preferences.

    A field left out keeps its current value silently (the text-size buttons send only text_size);
    a value that is not on the allowlist keeps the current value and is reported as ignored.
    """
    chosen, recognised, ignored = current, [], False
    for setting in SETTINGS:
        value = form.get(setting.field)
        if value is None:
            continue
        if value in setting.options:
            chosen = replace(chosen, **{setting.field: value})
            recognised.append(setting.field)
        else:
            ignored = True
    return Choice(preferences=chosen, recognised=tuple(recognised), ignored=ignored)
