"""URL-encoded text, read strictly and read once: the request guard checks bodies, paths and queries with
it, and handlers read their forms with it, so a form a handler sees is exactly the one the guard let in.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_to_bytes

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

# Our forms send a few hundred bytes; anything larger is refused with the 413 page, before any handler.
MAX_FORM_BODY = 16 * 1024
MAX_FORM_FIELDS = 50
# The control characters a reader can type into a form field: tab and line breaks.
FORM_CONTROLS = "\t\r\n"


@lru_cache(maxsize=8)
def _controls(allowed: str) -> re.Pattern[str]:
    """The C0 controls and DEL, less those allowed: one regex search per value, not a loop per character."""
    refused = "".join(chr(code) for code in (*range(0x20), 0x7F) if chr(code) not in allowed)
    return re.compile(f"[{re.escape(refused)}]")


def strict_text(raw: bytes, allowed_controls: str = "") -> str | None:
    """UTF-8 text without NUL or other control characters (except those allowed), or None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _controls(allowed_controls).search(text):
        return None
    return text


def from_event_text(value: str) -> bytes | None:
    """Event strings may carry undecodable bytes as surrogates (how the local server passes them on)."""
    try:
        return value.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return None


def decode_fields(encoded: str, bare_names: bool, allowed_controls: str) -> list[tuple[str, str]] | None:
    """Decode name=value&... strictly: None when the encoding is broken or a value is not clean text.

    bare_names: accept `name` without `=` (links elsewhere write `?print`); browsers' forms never do.
    allowed_controls: the control characters a reader can type into the fields (tab, line breaks).
    """
    if not encoded:
        return []
    fields = []
    for part in encoded.split("&"):
        if not part:
            continue
        name, separator, value = part.partition("=")
        if not separator and not bare_names:
            return None
        decoded = []
        for piece in (name, value):
            raw = from_event_text(piece.replace("+", " "))
            if raw is None or not valid_escapes(raw):
                return None
            text = strict_text(unquote_to_bytes(raw), allowed_controls)
            if text is None:
                return None
            decoded.append(text)
        fields.append((decoded[0], decoded[1]))
    return fields


def valid_escapes(raw: bytes) -> bool:
    """Every % starts a two-digit hex escape (browsers always send them so)."""
    position = raw.find(b"%")
    while position != -1:
        escape = raw[position + 1 : position + 3]
        if len(escape) != 2 or not all(c in b"0123456789abcdefABCDEF" for c in escape):
            return False
        position = raw.find(b"%", position + 1)
    return True


def body_size(event: dict[str, Any]) -> int:
    """The body's length in bytes, without decoding it: base64 carries 3 bytes in 4 characters, less its padding."""
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(body) * 3 // 4 - body[-2:].count("=")
    return len(body.encode("utf-8", "surrogatepass"))


def event_body(event: dict[str, Any]) -> bytes | None:
    """The raw bytes of an event's body (base64 decoded), or None when its encoding is broken."""
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return None
    return from_event_text(body)


def form_fields(event: BaseProxyEvent) -> dict[str, str]:
    """The fields of a form POST (the guard has refused repeats, oversize and broken encodings already)."""
    raw = event_body(event.raw_event)
    text = strict_text(raw or b"", FORM_CONTROLS) if raw is not None and len(raw) <= MAX_FORM_BODY else None
    return dict(decode_fields(text, bare_names=False, allowed_controls=FORM_CONTROLS) or []) if text else {}
