"""HTTP glue the tracker needs: form bodies, same-origin checks and its cookies."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

MAX_FIELD = 200  # every tracker field is short; longer input is cut, never echoed in full


def form_fields(event: BaseProxyEvent) -> dict[str, str]:
    """The first value of each field of a urlencoded body; malformed bodies give what can be read."""
    try:
        body = event.decoded_body or ""
    except (ValueError, UnicodeDecodeError):
        return {}
    try:
        pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=50, errors="replace")
    except ValueError:  # more fields than any of our forms has: treat as an empty (and so refused) form
        return {}
    fields: dict[str, str] = {}
    for key, value in pairs:
        fields.setdefault(key, value.replace("\x00", "")[:MAX_FIELD])
    return fields


def cookie(event: BaseProxyEvent, name: str) -> str | None:
    for raw in getattr(event, "cookies", None) or []:
        key, _, value = raw.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


def is_cross_site(event: BaseProxyEvent) -> bool:
    """True when the browser says the request came from another site (Fetch Metadata or Origin)."""
    headers = event.headers or {}
    if headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    host = headers.get("host") or (event.get("requestContext") or {}).get("domainName", "")
    parts = urlsplit(origin)
    return parts.netloc.lower() != (host or "").lower() or parts.scheme not in ("http", "https")


def is_https(event: BaseProxyEvent) -> bool:
    return (event.headers or {}).get("x-forwarded-proto", "").lower() == "https"


def set_cookie(event: BaseProxyEvent, name: str, value: str, max_age: int) -> Cookie:
    return Cookie(
        name=name,
        value=value,
        path="/",
        secure=is_https(event),
        http_only=True,
        max_age=max_age,
        same_site=SameSite.LAX_MODE,
    )


def clear_cookie(event: BaseProxyEvent, name: str) -> Cookie:
    return set_cookie(event, name, "", 0)


def redirect(location: str, headers: dict[str, str], cookies: list[Cookie] | None = None) -> Response:
    return Response(status_code=303, headers={**headers, "Location": location}, body="", cookies=cookies or [])
