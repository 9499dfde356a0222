"""Reading urlencoded form bodies defensively: a malformed or oversized body is an empty form."""

from __future__ import annotations

from urllib.parse import parse_qs

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

MAX_FORM_BODY = 16 * 1024  # our forms are a few hundred bytes
MAX_FIELDS = 50


def form_fields(event: BaseProxyEvent) -> dict[str, str]:
    """The first value of each field in a form POST; {} when the body cannot be read as a form."""
    try:
        body = event.decoded_body or ""
    except Exception:  # bad base64 or bad UTF-8 from the client: treat as nothing sent
        return {}
    if len(body) > MAX_FORM_BODY:
        return {}
    try:
        parsed = parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return {}
    return {name: values[0] for name, values in parsed.items() if values}
