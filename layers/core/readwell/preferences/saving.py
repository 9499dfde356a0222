"""What saving display preferences leaves in the browser: the long-lived preferences cookie, and a one-off
notice (its cookie, and the sentence the next page says with it)."""

from __future__ import annotations

from aws_lambda_powertools.shared.cookies import Cookie

from readwell.preferences import COOKIE, COOKIE_MAX_AGE, SETTINGS, TEXT_SIZE, Choice, Preferences
from readwell.web.cookies import site_cookie

NOTICE_COOKIE = "rw_notice"

# The notice cookie only ever holds one of these words; the sentence is built from the saved
# preferences, so nothing the reader sent is repeated back to them.
SIZE = "size"  # the text-size buttons: only the size changed
SAVED = "saved"
SAVED_WITH_IGNORED = "saved-ignored"
UNCHANGED = "unchanged"
NOTICE_CODES = (SIZE, SAVED, SAVED_WITH_IGNORED, UNCHANGED)
IGNORED_SENTENCE = "Some choices were not recognised, so they were ignored."


def preference_cookies(choice: Choice, forwarded_proto: str | None) -> list[Cookie]:
    """The long-lived preferences cookie and the one-off notice for the next page."""
    only_size = choice.recognised == (TEXT_SIZE.field,)
    code = SAVED_WITH_IGNORED if choice.ignored else SIZE if only_size else SAVED
    return [
        site_cookie(COOKIE, choice.preferences.cookie_value(), forwarded_proto, COOKIE_MAX_AGE),
        site_cookie(NOTICE_COOKIE, code, forwarded_proto),
    ]


def cookies_for(choice: Choice, forwarded_proto: str | None) -> list[Cookie]:
    """What POST /preferences sets: the new preferences and a notice, or only a notice when nothing was recognised."""
    if choice.recognised:
        return preference_cookies(choice, forwarded_proto)
    return [unchanged_cookie(forwarded_proto)]


def unchanged_cookie(forwarded_proto: str | None) -> Cookie:
    """The notice for a submission that changed nothing (no recognised choice at all)."""
    return site_cookie(NOTICE_COOKIE, UNCHANGED, forwarded_proto)


def expired_notice_cookie(forwarded_proto: str | None) -> Cookie:
    """Clears the notice once a page has shown it, so it is said once."""
    return site_cookie(NOTICE_COOKIE, "", forwarded_proto, max_age=0)


def notice_text(code: str | None, preferences: Preferences) -> str | None:
    """The sentence the next page announces for a notice code, or None for no notice (or a forged one)."""
    if code == UNCHANGED:
        return f"Your display settings were not changed. {IGNORED_SENTENCE}"
    if code == SIZE:
        return f"Text size set to {preferences.label(TEXT_SIZE)}."
    if code not in (SAVED, SAVED_WITH_IGNORED):
        return None
    in_force = ", ".join(preferences.words(setting) for setting in SETTINGS)
    sentence = f"Display settings saved: {in_force}."
    if code == SAVED_WITH_IGNORED:
        sentence += f" {IGNORED_SENTENCE}"
    return sentence
