"""The tracker's HTTP side: its cookies, its forms (same-site only), and redirects, all private."""

from __future__ import annotations

from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.shared.cookies import Cookie
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.tracker import identity, summary
from readwell.tracker.progress import Entry
from readwell.tracker.service import Forbidden, Open, TrackerService
from readwell.web import forms
from readwell.web.cookies import read_cookie, site_cookie
from readwell.web.request import forwarded_proto
from readwell.web.responses import NO_STORE, with_security_headers

MAX_FIELD = 200  # every tracker field is short; longer input is cut, never echoed in full
PRIVATE = with_security_headers({"Cache-Control": NO_STORE})


def token(event: BaseProxyEvent) -> str | None:
    """The tracker secret this browser holds, if any (checked by the service)."""
    return read_cookie(getattr(event, "cookies", None), identity.COOKIE)


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


def posted_form(event: BaseProxyEvent) -> dict[str, str]:
    """A form posted from our own pages, each field cut to MAX_FIELD; Forbidden when another site sent it."""
    if is_cross_site(event):
        raise Forbidden
    return {name: value[:MAX_FIELD] for name, value in forms.form_fields(event).items()}


def posted(event: BaseProxyEvent, service: TrackerService) -> tuple[Open, dict[str, str]]:
    """The tracker a form acts on, and the form: only from our own page, with the tracker's form token."""
    fields = posted_form(event)
    return service.for_form(token(event), fields.get("csrf_token", "")), fields


def set_cookie(event: BaseProxyEvent, name: str, value: str, max_age: int) -> Cookie:
    return site_cookie(name, value, forwarded_proto(event), max_age)


def clear_cookie(event: BaseProxyEvent, name: str) -> Cookie:
    return set_cookie(event, name, "", 0)


def tracker_cookies(event: BaseProxyEvent, secret: str, entries: list[Entry], unit: str) -> list[Cookie]:
    """The tracker's secret and the article widget's summary of it."""
    return [set_cookie(event, identity.COOKIE, secret, identity.COOKIE_MAX_AGE), latest_cookie(event, entries, unit)]


def latest_cookie(event: BaseProxyEvent, entries: list[Entry], unit: str) -> Cookie:
    last = entries[-1] if entries else None
    value = summary.cookie_value(last.day, last.grams, unit) if last else summary.cookie_value(None, None, unit)
    return set_cookie(event, summary.COOKIE, value, identity.COOKIE_MAX_AGE)


def redirect(location: str, cookies: list[Cookie] | None = None) -> Response:
    return Response(status_code=303, headers={**PRIVATE, "Location": location}, body="", cookies=cookies or [])
