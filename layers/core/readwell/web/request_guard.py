"""Every request passes this guard before a handler sees it, and every response leaves through it.

In: oversize, malformed or hostile requests are answered with an accessible error page (413, 414,
415, 431 or 400) before any handler runs, so nothing can be written from them and no payload is
echoed. Unreadable cookies are dropped, never refused (a reader cannot clear them). Out: every
response (pages, redirects, CSV, 304s, error pages) gets the security headers, and every cookie
is HttpOnly and SameSite (and Secure when the request came over HTTPS).

Use once per app: `app.use(middlewares=[request_guard(logger)])`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.shared.cookies import SameSite

from readwell.edge import verified
from readwell.web.cookies import is_https
from readwell.web.forms import (
    FORM_CONTROLS,
    MAX_FORM_BODY,
    MAX_FORM_FIELDS,
    body_size,
    decode_fields,
    event_body,
    from_event_text,
    strict_text,
    valid_escapes,
)
from readwell.web.responses import SECURITY_HEADERS

# API Gateway's HTTP API refuses a request line plus headers over 10,240 bytes before Lambda runs; the
# same ceiling here keeps local runs faithful while a pasted 10,000-character search still gets a page.
MAX_URL_LENGTH = 10 * 1024
MAX_HEADER_BYTES = 4096  # any one header (or cookie)
MAX_HEADERS_TOTAL_BYTES = 16 * 1024
# Lambda's quota on a synchronous invocation's response ("Lambda quotas"): above it the reader would get
# API Gateway's bare 502, so such a response is replaced by our own error page.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024
TOO_LARGE_TO_SEND = 500
FORM_TYPE = "application/x-www-form-urlencoded"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Rejection:
    status: int
    reason: str  # for the log: says what was wrong, never repeats what was sent


def _repeated(fields: Iterable[tuple[str, str]]) -> bool:
    """Our forms never send a name twice; refusing repeats makes the meaning of a request unambiguous."""
    names = [name for name, _ in fields]
    return len(names) != len(set(names))


def readable_cookies(cookies: Iterable[str]) -> list[str]:
    """The cookies a handler may read: clean text within the size limit.

    The rest are dropped rather than refused: a reader cannot easily clear a broken cookie, so refusing
    it would lock them out of every page (a garbage cookie gives the default variant).
    """
    kept = []
    for cookie in cookies:
        raw = from_event_text(cookie)
        if len(cookie) <= MAX_HEADER_BYTES and raw is not None and strict_text(raw) is not None:
            kept.append(cookie)
    return kept


def _check_size(event: dict[str, Any], headers: dict[str, str], cookies: list[str]) -> Rejection | None:
    raw_path = event.get("rawPath") or "/"
    query = event.get("rawQueryString") or ""
    if len(raw_path) + len(query) + 1 > MAX_URL_LENGTH:
        return Rejection(414, "web address too long")
    sizes = [len(k) + len(v) for k, v in headers.items()] + [len(c) for c in cookies]
    if any(size > MAX_HEADER_BYTES for size in sizes) or sum(sizes) > MAX_HEADERS_TOTAL_BYTES:
        return Rejection(431, "headers too large")
    if body_size(event) > MAX_FORM_BODY:
        return Rejection(413, "body too large")
    return None


def _check_text(event: dict[str, Any]) -> Rejection | None:
    raw_path = from_event_text(event.get("rawPath") or "/")
    if raw_path is None or not valid_escapes(raw_path) or strict_text(unquote_to_bytes(raw_path)) is None:
        return Rejection(400, "path is not clean UTF-8")
    # A one-line search box can hold a pasted tab, never a line break.
    query = decode_fields(event.get("rawQueryString") or "", bare_names=True, allowed_controls="\t")
    if query is None:
        return Rejection(400, "query string is malformed")
    if _repeated(query):
        return Rejection(400, "query parameter repeated")
    return None


def _check_body(event: dict[str, Any], method: str, headers: dict[str, str]) -> Rejection | None:
    content_type = headers.get("content-type", "")
    body = event_body(event)
    if body is None:
        return Rejection(400, "body encoding is broken")
    if method not in BODY_METHODS or (not body and not content_type):
        return None
    media_type, *parameters = [part.strip().lower() for part in content_type.split(";")]
    charsets = [p.removeprefix("charset=").strip('"') for p in parameters if p.startswith("charset=")]
    if media_type != FORM_TYPE or charsets not in ([], ["utf-8"]):
        return Rejection(415, "not a URL-encoded UTF-8 form")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "form is not UTF-8")
    # A multi-line text field sends line breaks; nothing else below space is ever typed.
    fields = decode_fields(text, bare_names=False, allowed_controls=FORM_CONTROLS)
    if fields is None:
        return Rejection(400, "form encoding is broken")
    if len(fields) > MAX_FORM_FIELDS or _repeated(fields):
        return Rejection(400, "form fields repeated or too many")
    return None


def inspect(event: dict[str, Any]) -> Rejection | None:
    """Why this HTTP API (payload 2.0) event must be refused, or None when it may go to its handler.

    Unreadable cookies never cause a refusal (see readable_cookies); the guard drops them first. With the edge
    on, a request that did not come through it is refused, unless this process made it (SnapStart priming).
    """
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    cookies = readable_cookies(str(c) for c in event.get("cookies") or [])
    method = str(event.get("requestContext", {}).get("http", {}).get("method", "GET")).upper()
    if not verified.made_in_process(event) and verified.refused_around_edge(headers):
        return Rejection(403, "not through the edge")
    for check in (
        lambda: _check_size(event, headers, cookies),
        lambda: _check_text(event),
        lambda: _check_body(event, method, headers),
    ):
        rejection = check()
        if rejection is not None:
            return rejection
    return None


def payload_bytes(response: Response) -> int:
    """What Lambda counts: the body as sent (bytes go base64-encoded, 4 per 3), headers and cookies."""
    body = response.body or b""
    sent = -(-len(body) // 3) * 4 if isinstance(body, bytes) else len(body.encode("utf-8"))
    headers = sum(len(str(k)) + len(str(v)) for k, v in response.headers.items())
    return sent + headers + sum(len(str(cookie)) for cookie in response.cookies)


def secure(response: Response, over_https: bool) -> Response:
    """Add the security headers a response lacks and tighten its cookies."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    for cookie in response.cookies:
        cookie.http_only = True
        cookie.same_site = cookie.same_site or SameSite.LAX_MODE
        cookie.secure = cookie.secure or over_https
    return response


RefusalPage = Callable[[int, list[str] | None, bool], Response]


def request_guard(logger: Any, refused: RefusalPage) -> Callable[[Any, NextMiddleware], Response]:
    """The Powertools middleware for one app: refuse bad requests with a page, secure every response.

    `refused(status, cookies, over_https)` renders the refusal; the cookies are already sanitised, so the
    page can keep the reader's display settings.
    """

    def guard(app: Any, next_middleware: NextMiddleware) -> Response:
        event = app.current_event.raw_event
        headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
        over_https = is_https(headers.get("x-forwarded-proto"))
        if event.get("cookies"):
            event["cookies"] = readable_cookies(str(c) for c in event["cookies"])
        rejection = inspect(event)
        if rejection is not None:
            # The reason only: what was sent may be a token, a weight or an attack; none belong in logs.
            logger.warning("Request refused: %s", rejection.reason, extra={"status": rejection.status})
            return secure(refused(rejection.status, event.get("cookies"), over_https), over_https)
        response = next_middleware(app)
        if payload_bytes(response) > MAX_RESPONSE_BYTES:
            logger.error("A response over Lambda's limit was replaced", extra={"bytes": payload_bytes(response)})
            response = refused(TOO_LARGE_TO_SEND, event.get("cookies"), over_https)
        return secure(response, over_https)

    return guard
