"""web/methods.py: the route decorators alone say which methods a path takes; every other one gets the 405 page."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from readwell.web.methods import KNOWN, READ, MethodsResolver


def not_allowed(allowed: tuple[str, ...]) -> Response:
    return Response(status_code=405, body="not allowed", headers={"Allow": ", ".join(allowed)})


def request(method: str, path: str) -> dict[str, Any]:
    return {
        "version": "2.0",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {},
        "requestContext": {"http": {"method": method, "path": path}, "stage": "$default"},
        "isBase64Encoded": False,
    }


@pytest.fixture
def app() -> MethodsResolver:
    made = MethodsResolver()
    made.post("/form")(lambda: Response(status_code=303, body=""))
    made.route("/form", method=READ)(lambda: Response(status_code=200, body="form"))
    router = Router()
    router.route("/things/<name>", method=READ)(lambda name: Response(status_code=200, body=name))
    made.include_router(router)
    made.answer_other_methods(not_allowed)
    return made


def test_one_rule_in_two_decorators_takes_both_and_answers_405_for_the_rest(app: MethodsResolver) -> None:
    assert app.resolve(request("GET", "/form"), None)["statusCode"] == 200
    assert app.resolve(request("POST", "/form"), None)["statusCode"] == 303
    for method in set(KNOWN) - {"GET", "HEAD", "POST"}:
        answer = app.resolve(request(method, "/form"), None)
        assert answer["statusCode"] == 405 and answer["headers"]["Allow"] == "GET, HEAD, POST"


def test_a_routers_routes_are_noted_too(app: MethodsResolver) -> None:
    assert app.resolve(request("GET", "/things/a"), None)["body"] == "a"
    answer = app.resolve(request("DELETE", "/things/a"), None)
    assert answer["statusCode"] == 405 and answer["headers"]["Allow"] == "GET, HEAD"


def test_allowed_at_knows_each_path_and_nothing_else(app: MethodsResolver) -> None:
    assert app.allowed_at("/form") == ("GET", "HEAD", "POST")
    assert app.allowed_at("/things/anything") == ("GET", "HEAD")
    assert app.allowed_at("/things/a/b") is None and app.allowed_at("/elsewhere") is None


def test_a_route_registered_after_the_405_pages_is_refused(app: MethodsResolver) -> None:
    """Its path would go without its 405 page for the methods it does not take."""
    with pytest.raises(RuntimeError, match="/late"):
        app.route("/late", method=READ)
