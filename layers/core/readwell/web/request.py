"""What any handler reads from the request: the scheme it came over, its own address, a safe way back."""

from __future__ import annotations

from urllib.parse import urlsplit

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.web.cookies import is_https, read_cookie

MAX_RETURN_PATH = 2048
HOME = "/"


def forwarded_proto(event: BaseProxyEvent) -> str | None:
    return (getattr(event, "headers", None) or {}).get("x-forwarded-proto")


def over_https(event: BaseProxyEvent) -> bool:
    return is_https(forwarded_proto(event))


def request_cookie(event: BaseProxyEvent, name: str) -> str | None:
    """One of our cookies from this request, under the name the request's scheme gives it."""
    return read_cookie(getattr(event, "cookies", None), name, over_https(event))


def current_path(event: BaseProxyEvent) -> str:
    """The path and query of this page, to come back to after a form on it (checked again on the way back)."""
    query = getattr(event, "raw_query_string", "") or ""
    # A query too long to come back to is dropped rather than echoed into every form on the page.
    if not query or len(event.path) + len(query) >= MAX_RETURN_PATH // 8:
        return event.path
    return f"{event.path}?{query}"


def safe_return_path(value: str | None) -> str:
    """`value` if it is a path on this site, else the home page: a redirect must never leave the site.

    Only printable ASCII is accepted (no spaces, no control characters that browsers strip), it must
    start with one "/" and no backslash (browsers read "/\\host" as "//host"), and have no scheme or host.
    """
    if not value or len(value) > MAX_RETURN_PATH:
        return HOME
    if any(not ("!" <= character <= "~") for character in value) or "\\" in value:
        return HOME
    if not value.startswith("/") or value.startswith("//"):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return HOME
    return value
