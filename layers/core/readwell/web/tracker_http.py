"""HTTP glue the tracker needs: form bodies, same-origin checks and its cookies."""

from __future__ import annotations

from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.shared.cookies import Cookie
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.preferences import read_cookie
from readwell.web import forms
from readwell.web.cookies import site_cookie
from readwell.web.request import forwarded_proto

MAX_FIELD = 200  # every tracker field is short; longer input is cut, never echoed in full


def form_fields(event: BaseProxyEvent) -> dict[str, str]:
    """The form's fields, each cut to MAX_FIELD: longer input is never echoed back in full."""
    return {name: value[:MAX_FIELD] for name, value in forms.form_fields(event).items()}


def cookie(event: BaseProxyEvent, name: str) -> str | None:
    return read_cookie(getattr(event, "cookies", None), name)


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


def set_cookie(event: BaseProxyEvent, name: str, value: str, max_age: int) -> Cookie:
    return site_cookie(name, value, forwarded_proto(event), max_age)


def clear_cookie(event: BaseProxyEvent, name: str) -> Cookie:
    return set_cookie(event, name, "", 0)


def redirect(location: str, headers: dict[str, str], cookies: list[Cookie] | None = None) -> Response:
    return Response(status_code=303, headers={**headers, "Location": location}, body="", cookies=cookies or [])
