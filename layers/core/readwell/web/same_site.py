"""Forms are accepted only from our own pages: a browser says where a form came from (Fetch Metadata's
Sec-Fetch-Site, else Origin), and a post another site made is refused before anything is done with it.

A browser that sends neither header (an old one, or a privacy setting) is believed: refusing it would lock a
reader out, and the cookies such a post could carry are SameSite=Lax, which browsers keep off cross-site posts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.edge import verified


class CrossSite(Exception):
    """A form that another site's page sent (every function answers it with the same 403 page)."""


def is_cross_site(event: BaseProxyEvent) -> bool:
    """True when the browser says the request came from another site (Fetch Metadata or Origin)."""
    headers = event.headers or {}
    if headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    host = (
        verified.viewer_host(headers)
        or headers.get("host")
        or (event.get("requestContext") or {}).get("domainName", "")
    )
    parts = urlsplit(origin)
    return parts.netloc.lower() != (host or "").lower() or parts.scheme not in ("http", "https")


def refuse_cross_site(event: BaseProxyEvent) -> None:
    """Raise CrossSite when another site sent this form."""
    if is_cross_site(event):
        raise CrossSite


def client_address(event: BaseProxyEvent) -> str:
    """The address per-address limits count against: the reader's, as the edge saw it when the request
    verifiably came through the edge (else every reader would share CloudFront's), else API Gateway's."""
    from_edge = verified.viewer_address(event.headers or {})
    return from_edge or str((event.get("requestContext") or {}).get("http", {}).get("sourceIp") or "unknown")
