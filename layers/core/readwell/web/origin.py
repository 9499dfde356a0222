"""The site's own origin (scheme://host) for absolute URLs: sitemap, feed, canonical links, JSON-LD.

Taken from the request (API Gateway's requestContext.domainName, else the Host header) and
validated, so no domain is hard-coded and a forged Host header cannot inject markup or paths.
"""

from __future__ import annotations

import re

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from readwell.edge import verified

_HOST = re.compile(
    r"^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$"
)
_LOOPBACK = ("localhost", "127.0.0.1")
FALLBACK_HOST = "localhost"


def valid_host(value: str | None) -> str | None:
    host = (value or "").strip().lower()
    return host if _HOST.fullmatch(host) else None


def site_origin(event: BaseProxyEvent) -> str:
    context = event.get("requestContext") or {}
    host = (
        valid_host(verified.viewer_host(event.headers))
        or valid_host(context.get("domainName"))
        or valid_host(event.headers.get("host"))
        or FALLBACK_HOST
    )
    proto = (event.headers.get("x-forwarded-proto") or "").strip().lower()
    if proto not in ("http", "https"):
        # Behind API Gateway the header is always set; without it only a local server is plain HTTP.
        proto = "http" if host.split(":")[0] in _LOOPBACK else "https"
    return f"{proto}://{host}"
