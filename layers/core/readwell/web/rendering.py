"""Jinja environment: templates from the layer, autoescape on, compiled once per process."""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from readwell.dates import human_date, is_iso_date
from readwell.web import static

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
# Filled at build time (python -m local.build.bytecode): the first render of each page then loads
# compiled code instead of parsing the template. Entries are checked against the template's source,
# so an edited template is never served from a stale entry.
TEMPLATE_CACHE_DIR = Path(__file__).resolve().parent.parent / "template_cache"
SITE_NAME = "Readwell"


def _templates_may_change() -> bool:
    """On Lambda the code never changes under a running process: skip Jinja's per-render stat()s."""
    return "AWS_LAMBDA_FUNCTION_NAME" not in os.environ


class _BuildTimeCache(FileSystemBytecodeCache):
    """Reads what the build compiled; on Lambda the directory is read-only, so a miss stays in memory."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=1)
def environment() -> Environment:
    cache = _BuildTimeCache(str(TEMPLATE_CACHE_DIR)) if TEMPLATE_CACHE_DIR.is_dir() else None
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=cache,
        auto_reload=_templates_may_change(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human_date"] = human_date
    env.tests["iso_date"] = is_iso_date
    env.globals["site_name"] = SITE_NAME
    return env


def shell_context() -> dict[str, str]:
    """What the layout itself needs on every page: the hashed addresses of the stylesheet and icons."""
    return {
        "stylesheet_url": static.stylesheet_url(),
        "icon_url": static.url(static.ICON),
        "touch_icon_url": static.url(static.TOUCH_ICON),
    }


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**{**shell_context(), **context})


def precompile() -> int:
    """Compile every template into TEMPLATE_CACHE_DIR (run at build time); returns how many."""
    TEMPLATE_CACHE_DIR.mkdir(exist_ok=True)
    environment.cache_clear()
    env = environment()
    names = env.list_templates(extensions=["html"])
    for name in names:
        env.get_template(name)
    return len(names)
