"""The one stylesheet, served under a content-hashed name so browsers may cache it forever."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = "readwell.css"
IMMUTABLE = "public, max-age=31536000, immutable"


@lru_cache(maxsize=1)
def stylesheet() -> tuple[str, bytes]:
    """(hashed file name, bytes) of the stylesheet."""
    body = (STATIC_DIR / STYLESHEET).read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:12]
    return f"readwell.{digest}.css", body


def stylesheet_url() -> str:
    return "/static/" + stylesheet()[0]


def asset(name: str) -> bytes | None:
    """The asset for a hashed name, or None; old or unknown names are not served."""
    hashed, body = stylesheet()
    return body if name == hashed else None
