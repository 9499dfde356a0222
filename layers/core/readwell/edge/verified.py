"""What the CloudFront edge tells the origin, believed only on requests that prove they came through it.

With the edge on (template.yaml's EdgeCache), CloudFront sends a secret header generated in the stack
(readwell.config.origin_secret: read from Secrets Manager when first needed, then kept); the request
guard refuses any request without it, so nobody reaches the API around the cache. Only such a verified
request's viewer host (copied by a CloudFront Function, since the API must receive its own Host) and
viewer address (CloudFront-Viewer-Address) are believed.

A request with no such header is refused without reading the secret. The one request the guard lets in
without it is one this process made itself: priming before a SnapStart snapshot, which must render the
real pages and make no network call (so never read the secret).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from readwell import config

ORIGIN_HEADER = "x-readwell-origin"
VIEWER_HOST_HEADER = "x-forwarded-host"
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"
# An event made in this process carries this object under this key. Lambda hands a function its event as
# parsed JSON, so a request that came over the network can hold a string or a number here, never this object.
IN_PROCESS_KEY = "readwellMadeInProcess"
IN_PROCESS = object()


def made_in_process(event: Mapping[str, Any]) -> bool:
    return event.get(IN_PROCESS_KEY) is IN_PROCESS


def came_through_edge(headers: Mapping[str, str]) -> bool:
    sent = headers.get(ORIGIN_HEADER, "")
    if not sent or not config.has_edge():
        return False
    secret = config.origin_secret()
    return bool(secret) and hmac.compare_digest(sent.encode("utf-8"), secret.encode("utf-8"))


def refused_around_edge(headers: Mapping[str, str]) -> bool:
    """True when the edge is on and this request did not come through it."""
    return config.has_edge() and not came_through_edge(headers)


def viewer_host(headers: Mapping[str, str]) -> str | None:
    return headers.get(VIEWER_HOST_HEADER) if came_through_edge(headers) else None


def viewer_address(headers: Mapping[str, str]) -> str | None:
    """The reader's address as CloudFront saw it ("ip:port"; IPv6 unbracketed), without the port."""
    if not came_through_edge(headers):
        return None
    address = headers.get(VIEWER_ADDRESS_HEADER, "")
    return address.rpartition(":")[0] or None
