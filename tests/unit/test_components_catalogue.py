"""Components documented like a design system: parameters written beside each macro, named examples."""

from __future__ import annotations

import pytest

from local.serve import components
from local.template import declarations

CATALOGUE = components.components()


def test_every_component_has_its_documentation_and_examples_beside_it() -> None:
    macros = sorted(path.stem for path in components.COMPONENTS.glob("*.html"))
    assert [c.name for c in CATALOGUE] == macros
    assert all(c.summary and c.examples for c in CATALOGUE)


@pytest.mark.parametrize("component", CATALOGUE, ids=lambda c: c.name)
def test_the_documented_parameters_are_the_macros_own(component: components.Component) -> None:
    assert list(component.parameters) == list(component.macro_arguments())


@pytest.mark.parametrize("component", CATALOGUE, ids=lambda c: c.name)
def test_every_example_renders(component: components.Component) -> None:
    for example in component.examples:
        status, html = components.page(f"/components/{component.name}/{example.slug}") or (0, "")
        assert status == 200 and f"Example: {example.name}" in html, example.name


def test_the_catalogue_is_never_routed_in_the_template() -> None:
    assert not [route for route in declarations.routes() if route.path.startswith("/components")]
    assert components.page("/articles/x") is None  # anything else is the site's own
