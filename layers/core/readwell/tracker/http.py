"""The tracker's HTTP side: its cookie (renewed on use), its forms (same-site only: web/same_site.py, which
also gives the client's address the limits count), and redirects, all private."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.shared.cookies import Cookie
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.storage.errors import Unavailable
from readwell.tracker import identity
from readwell.tracker.service import Forbidden, NotSaved, Open, TrackerService
from readwell.web import forms
from readwell.web.cookies import cookie_name, site_cookie
from readwell.web.request import forwarded_proto, over_https, request_cookie
from readwell.web.responses import PRIVATE, with_security_headers
from readwell.web.same_site import is_cross_site

MAX_FIELD = 200  # every tracker field is short; longer input is cut, never echoed in full
PRIVATE_HEADERS = with_security_headers({"Cache-Control": PRIVATE})


def token(event: BaseProxyEvent) -> str | None:
    """The tracker secret this browser holds, if any (checked by the service)."""
    return request_cookie(event, identity.COOKIE)


def posted_form(event: BaseProxyEvent) -> dict[str, str]:
    """A form posted from our own pages, each field cut to MAX_FIELD; Forbidden when another site sent it."""
    if is_cross_site(event):
        raise Forbidden
    return {name: value[:MAX_FIELD] for name, value in forms.form_fields(event).items()}


def posted(event: BaseProxyEvent, service: TrackerService) -> tuple[Open, dict[str, str]]:
    """The tracker a form acts on, and the form: only from our own page, with the tracker's form token."""
    fields = posted_form(event)
    try:
        return service.for_form(token(event), fields.get("csrf_token", "")), fields
    except Unavailable as error:  # the reader's input goes back to them with the "try again" page
        raise NotSaved(fields) from error


def tracker_cookie(event: BaseProxyEvent, secret: str) -> Cookie:
    """The tracker's secret for this browser, for the longest life browsers allow; set again on every use."""
    return site_cookie(identity.COOKIE, secret, forwarded_proto(event), identity.COOKIE_MAX_AGE)


def clear_cookie(event: BaseProxyEvent) -> Cookie:
    return site_cookie(identity.COOKIE, "", forwarded_proto(event), 0)


def renewing(app: Any, next_middleware: NextMiddleware) -> Response:
    """Powertools middleware: a response to a request that used a tracker sets its cookie again, so an active
    reader's tracker never expires (browsers cap a cookie's life at 400 days, counted from when it was set)."""
    response = next_middleware(app)
    held = app.context.get("held")
    name = cookie_name(identity.COOKIE, over_https(app.current_event))
    if held and response.status_code < 500 and all(cookie.name != name for cookie in response.cookies):
        response.cookies.append(tracker_cookie(app.current_event, held))
    return response


def redirect(location: str, cookies: list[Cookie] | None = None) -> Response:
    return Response(status_code=303, headers={**PRIVATE_HEADERS, "Location": location}, body="", cookies=cookies or [])
