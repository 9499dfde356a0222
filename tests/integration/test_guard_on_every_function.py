"""Every function template.yaml declares runs the request guard: a new function cannot forget it."""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from local.template import declarations
from tests.helpers import call
from tests.reliability.http import assert_secure, sample_path

ROUTES = [r for r in declarations.routes() if r.path != "$default"]


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.function}:{r.method} {r.path}" for r in ROUTES])
def test_each_functions_routes_refuse_a_poisoned_request_with_the_guards_page(
    gateway: Gateway, route: declarations.Route
) -> None:
    method = "GET" if route.method == "ANY" else route.method
    target = sample_path(route.path) + "?x=%00"
    matched = declarations.match(gateway.routes, method, target.split("?")[0])
    assert matched is not None and matched[0].function == route.function  # it reaches this function
    reply = call(gateway, method, target)
    assert reply.status == 400, f"{route.function} does not use request_guard: {reply.status}"
    assert "<h1>This request could not be read</h1>" in reply.text
    assert_secure(reply, over_https=False, label=route.function)
