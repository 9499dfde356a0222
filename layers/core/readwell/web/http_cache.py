"""HTTP caching and compression for every response a function sends: ETag + 304, Vary, gzip or br.

Applied as a Powertools middleware (`app.use([http_cache.middleware])`), so any function gets it in
one line. It never decides *whether* a response may be cached: that is the Cache-Control the page
chose (public for articles, private/no-store for the tracker); it only
- adds a weak ETag to cacheable 200s and answers a matching If-None-Match with an empty 304,
- compresses text bodies worth compressing when the client accepts it (br if available, else gzip),
- says what the response varies by (Accept-Encoding; for pages also Cookie: they render preferences).
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response

try:  # br is optional: where the brotli wheel is not installed, gzip is used.
    import brotli

    HAS_BROTLI = True
except ImportError:  # pragma: no cover - depends on the environment
    HAS_BROTLI = False

MIN_COMPRESS_BYTES = 1024  # below about one packet, compression saves nothing worth the work
COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")
VARY_PAGE = "Accept-Encoding, Cookie"  # pages render the reader's display preferences (a cookie)
VARY_ASSET = "Accept-Encoding"  # the stylesheet is the same for everyone
_BROTLI_QUALITY = 5  # fast enough per request, and within a few % of the best ratio on our pages
_GZIP_LEVEL = 6
_CACHE_LIMIT = 64  # compressed bodies remembered by (ETag, coding): repeat views skip the work
_compressed: dict[tuple[str, str], bytes] = {}


def available_codings() -> tuple[str, ...]:
    return ("br", "gzip") if HAS_BROTLI else ("gzip",)


def negotiate(accept_encoding: str | None) -> str | None:
    """The best coding the client accepts (q > 0), preferring br; None for identity."""
    if not accept_encoding:
        return None
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip().replace(" ", "")
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        weights[name.strip().lower()] = quality
    for coding in available_codings():
        if weights.get(coding, weights.get("*", 0.0)) > 0:
            return coding
    return None


def etag_for(body: bytes) -> str:
    # Weak: the same page in any content coding is the same representation for revalidation.
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def compress(body: bytes, coding: str, etag: str | None = None) -> bytes:
    key = (etag, coding) if etag else None
    if key and key in _compressed:
        return _compressed[key]
    if coding == "br" and HAS_BROTLI:
        encoded: bytes = brotli.compress(body, quality=_BROTLI_QUALITY)
    else:
        encoded = gzip.compress(body, compresslevel=_GZIP_LEVEL, mtime=0)
    if key:
        if len(_compressed) >= _CACHE_LIMIT:
            _compressed.pop(next(iter(_compressed)))
        _compressed[key] = encoded
    return encoded


def _header(headers: dict[str, Any], name: str) -> str:
    value = headers.get(name, "")
    return ",".join(value) if isinstance(value, list) else str(value)


def finish(response: Response, request_headers: dict[str, str], method: str = "GET") -> Response:
    """Add ETag/Vary, answer revalidation with 304 and compress; returns the response to send."""
    content_type = _header(response.headers, "Content-Type")
    if response.body is None or not content_type.startswith(COMPRESSIBLE):
        return response
    body = response.body.encode("utf-8") if isinstance(response.body, str) else bytes(response.body)
    response.headers["Vary"] = VARY_PAGE if content_type.startswith("text/html") else VARY_ASSET
    cache_control = _header(response.headers, "Cache-Control")
    etag = None
    if response.status_code == 200 and method in ("GET", "HEAD") and "no-store" not in cache_control:
        etag = etag_for(body)
        response.headers["ETag"] = etag
        if matches(request_headers.get("if-none-match"), etag):
            response.status_code = 304
            response.body = None
            response.headers.pop("Content-Type", None)
            return response
    coding = negotiate(request_headers.get("accept-encoding"))
    if coding and len(body) >= MIN_COMPRESS_BYTES:
        response.headers["Content-Encoding"] = coding
        response.body = compress(body, coding, etag)
    return response


def middleware(app: Any, next_middleware: Callable[..., Response]) -> Response:
    """Powertools middleware form of finish(): `app.use([http_cache.middleware])`."""
    response = next_middleware(app)
    event = app.current_event
    return finish(response, event.headers or {}, event.http_method)
