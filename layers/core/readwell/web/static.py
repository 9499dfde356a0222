"""The stylesheet and the site icons, each served under a content-hashed name so browsers may cache it forever."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import rcssmin

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = "readwell.css"
ICON = "icon.svg"  # the favicon, drawn as a vector so it is sharp at any size
TOUCH_ICON = "icon-180.png"  # the home-screen icon: phones want a 180 x 180 PNG (make icons draws it from ICON)
CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def hashed(name: str) -> tuple[str, bytes]:
    """(hashed file name, bytes) of a static file: readwell.css -> readwell.<digest>.css. A stylesheet is
    served minified: its comments are for us, and every byte counts in an article's first round trip."""
    body = (STATIC_DIR / name).read_bytes()
    if name.endswith(".css"):
        body = rcssmin.cssmin(body.decode("utf-8")).encode("utf-8")
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(body).hexdigest()[:12]}.{suffix}", body


def stylesheet() -> tuple[str, bytes]:
    return hashed(STYLESHEET)


def url(name: str) -> str:
    return "/static/" + hashed(name)[0]


def stylesheet_url() -> str:
    return url(STYLESHEET)


def asset(name: str) -> tuple[str, bytes] | None:
    """(content type, bytes) for a current hashed name, or None: old or unknown names are not served."""
    for source in (STYLESHEET, ICON, TOUCH_ICON):
        current, body = hashed(source)
        if name == current:
            return CONTENT_TYPES[Path(source).suffix], body
    return None
