"""The components catalogue: every macro in templates/components/ with its parameters and named examples.

Each component `<name>.html` has `<name>.yaml` beside it: a summary, what each parameter means, and
examples (parameters to call the macro with). Two YAML tags build the objects some macros take:
`!preferences {text_size, scheme, spacing, width}` and `!chart [[day, grams], ...]`. `make serve` shows the catalogue
at /components (never routed in template.yaml); the browser suite checks every example with axe and
the Nu checker.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from local.aws.environment import prepare_environment

prepare_environment()

from readwell.preferences import Preferences  # noqa: E402 - after the layer is on sys.path
from readwell.tracker import chart  # noqa: E402
from readwell.tracker.progress import Entry  # noqa: E402
from readwell.web.rendering import TEMPLATE_DIR, environment  # noqa: E402
from readwell.web.static import stylesheet_url  # noqa: E402

COMPONENTS = TEMPLATE_DIR / "components"
PREFIX = "/components"


class _ExampleLoader(yaml.SafeLoader):
    """SafeLoader with the two tags that build what some macros take."""


_ExampleLoader.add_constructor(
    "!preferences",
    lambda loader, node: Preferences(**loader.construct_mapping(node)),  # type: ignore[arg-type]
)
_ExampleLoader.add_constructor(
    "!chart",
    lambda loader, node: chart.chart(
        [Entry(str(day), int(grams)) for day, grams in loader.construct_sequence(node, deep=True)]  # type: ignore[arg-type]
    ),
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Example:
    name: str
    params: dict[str, Any]

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class Component:
    name: str
    summary: str
    parameters: dict[str, str]
    examples: list[Example]

    def macro_arguments(self) -> tuple[str, ...]:
        """The macro's own parameter names, read from the template."""
        module = environment().get_template(f"components/{self.name}.html").module
        return tuple(getattr(module, self.name).arguments)

    def render(self, example: Example) -> str:
        call = f'{{% from "components/{self.name}.html" import {self.name} %}}{{{{ {self.name}(**params) }}}}'
        return environment().from_string(call).render(params=example.params)


@lru_cache(maxsize=1)
def components() -> list[Component]:
    found = []
    for path in sorted(COMPONENTS.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ExampleLoader)  # noqa: S506 - SafeLoader subclass  # nosec B506
        examples = [Example(str(e["name"]), dict(e.get("params") or {})) for e in data.get("examples", [])]
        found.append(Component(path.stem, str(data["summary"]), dict(data.get("parameters") or {}), examples))
    return found


def _document(title: str, main: str, after_main: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en" data-text-size="standard" data-contrast="auto">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} - Components - Readwell</title>\n"
        f'<link rel="stylesheet" href="{stylesheet_url()}">\n</head>\n<body>\n'
        f'<main id="main-content" class="wrap page">\n<div class="main">\n{main}\n</div>\n</main>\n'
        f"{after_main}</body>\n</html>\n"
    )


def example_page(component: Component, example: Example) -> str:
    """One example on a page of its own (ids stay unique); a landmark such as <aside> stands beside <main>."""
    rendered = component.render(example)
    intro = (
        f'<p><a href="{PREFIX}">All components</a></p>\n<h1>{html.escape(component.name)}</h1>\n'
        f"<p>{html.escape(component.summary)}</p>\n<h2>Example: {html.escape(example.name)}</h2>"
    )
    if rendered.lstrip().startswith("<aside"):
        return _document(f"{component.name}: {example.name}", intro, f'<div class="wrap">{rendered}</div>\n')
    return _document(f"{component.name}: {example.name}", f"{intro}\n{rendered}")


def index_page() -> str:
    sections = []
    for component in components():
        rows = "".join(
            f'<tr><th scope="row"><code>{html.escape(name)}</code></th><td>{html.escape(meaning)}</td></tr>'
            for name, meaning in component.parameters.items()
        )
        links = "".join(
            f'<li><a href="{PREFIX}/{component.name}/{example.slug}">{html.escape(example.name)}</a></li>'
            for example in component.examples
        )
        sections.append(
            f'<section aria-labelledby="{component.name}">\n<h2 id="{component.name}">{component.name}</h2>\n'
            f"<p>{html.escape(component.summary)}</p>\n"
            f'<div class="table-wrap"><table class="table"><caption>Parameters of {component.name}</caption>'
            f'<thead><tr><th scope="col">Parameter</th><th scope="col">Meaning</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>\n<h3>Examples of {component.name}</h3>\n<ul>{links}</ul>\n</section>"
        )
    intro = (
        "<h1>Components</h1>\n<p>Every component of the site, what it takes, and examples, each on a page of its own. "
        "This catalogue exists only on your machine (<code>make serve</code>).</p>"
    )
    return _document("All", intro + "\n" + "\n".join(sections))


def page(path: str) -> tuple[int, str] | None:
    """(status, HTML) for a catalogue address, or None when `path` is not one (the site answers it)."""
    if path.rstrip("/") == PREFIX:
        return 200, index_page()
    parts = path.removeprefix(PREFIX + "/").strip("/").split("/")
    if not path.startswith(PREFIX + "/") or len(parts) != 2:
        return None
    for component in components():
        for example in component.examples:
            if [component.name, example.slug] == parts:
                return 200, example_page(component, example)
    return 404, _document("Not found", "<h1>No such component example</h1>")


def example_paths() -> list[str]:
    return [f"{PREFIX}/{c.name}/{e.slug}" for c in components() for e in c.examples]
