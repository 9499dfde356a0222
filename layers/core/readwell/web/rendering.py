"""Jinja environment: templates from the layer, autoescape on, compiled once per process."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from readwell.web.static import stylesheet_url

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
SITE_NAME = "Readwell"


def human_date(value: str) -> str:
    """2010-09-16 -> 16 September 2010 (day first, month in words: unambiguous when read aloud)."""
    parsed = date.fromisoformat(value)
    return f"{parsed.day} {parsed:%B %Y}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human_date"] = human_date
    env.globals["site_name"] = SITE_NAME
    return env


def render(template: str, **context: Any) -> str:
    context.setdefault("stylesheet_url", stylesheet_url())
    return environment().get_template(template).render(**context)
