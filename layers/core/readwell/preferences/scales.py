"""The text-size steps as the stylesheet sets them, so the buttons' labels come from the one place the
sizes are written (`--text-step-<size>: <multiple>;` tokens in readwell.css)."""

from __future__ import annotations

import re
from functools import lru_cache

from readwell.web.static import stylesheet

_TOKEN = re.compile(rb"--text-step-([a-z]+):\s*(\d+(?:\.\d+)?);")


@lru_cache(maxsize=1)
def text_scales() -> dict[str, int]:
    """Each text size and its percentage of the browser's base size, smallest first."""
    found = {name.decode(): round(float(step) * 100) for name, step in _TOKEN.findall(stylesheet()[1])}
    if len(found) < 4:  # the floor: at least four steps
        raise RuntimeError(f"readwell.css defines too few text sizes: {found}")
    return dict(sorted(found.items(), key=lambda item: item[1]))
