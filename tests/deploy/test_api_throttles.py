"""The API's throttles in template.yaml: every route that writes has a ceiling of its own, below the default."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from local.template import declarations, document

WRITES = [route for route in declarations.routes() if route.method == "POST"]


def route_key(route: declarations.Route) -> str:
    return f"{route.method} {route.path}"


def stage(expanded: dict[str, Any]) -> dict[str, Any]:
    [found] = [r["Properties"] for r in expanded["Resources"].values() if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    return dict(found)


def problems(expanded: dict[str, Any]) -> list[str]:
    """Why the stage does not hold every write route below the default ceiling (empty when it does)."""
    settings = stage(expanded)
    default, own = settings["DefaultRouteSettings"], settings.get("RouteSettings", {})
    found = []
    for route in WRITES:
        limits = own.get(route_key(route), {})
        for name in ("ThrottlingRateLimit", "ThrottlingBurstLimit"):
            if not 0 < limits.get(name, 0) < default[name]:
                found.append(f"{route_key(route)}: {name} {limits.get(name)} not below the default {default[name]}")
    # A setting for a route that does not exist fails the deploy ("Unable to find Route by key").
    keys = {route_key(route) for route in declarations.routes()}
    found += [f"{key}: no such route" for key in own if key not in keys]
    return found


def test_every_write_route_is_throttled_below_the_default() -> None:
    assert {route_key(route) for route in WRITES} >= {"POST /tracker/{proxy+}", "POST /preferences"}
    assert problems(document.expanded()) == []


@pytest.mark.parametrize("route", WRITES, ids=route_key)
def test_a_write_route_without_its_own_throttle_fails_the_check(route: declarations.Route) -> None:
    expanded = copy.deepcopy(document.expanded())
    del stage(expanded)["RouteSettings"][route_key(route)]
    found = problems(expanded)
    assert len(found) == 2 and all(problem.startswith(f"{route_key(route)}: Throttling") for problem in found)


def test_tracker_forms_take_the_throttled_route_and_its_pages_the_other() -> None:
    routes = declarations.routes()
    for path in ("/tracker/start", "/tracker/entries", "/tracker/open", "/tracker/entries/2026-02-01/delete"):
        found = declarations.match(routes, "POST", path)
        assert found is not None and route_key(found[0]) == "POST /tracker/{proxy+}", path
    found = declarations.match(routes, "GET", "/tracker/open")
    assert found is not None and route_key(found[0]) == "ANY /tracker/{proxy+}"
