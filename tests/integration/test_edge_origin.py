"""No way around the edge: with the edge on, the origin answers only requests carrying the
stack's secret header, and believes the viewer's host and address only on those."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from local.aws.roles import Account
from local.serve.server import Gateway
from readwell.edge import verified
from readwell.web import same_site
from tests.helpers import call

SECRET = "a-secret-the-stack-generated"
THROUGH_EDGE = [(verified.ORIGIN_HEADER, SECRET)]
# The stack with its edge: each function reads this secret (by the ARN in its environment) under its own role.
pytestmark = pytest.mark.stack(parameters={"EdgeCache": "on"}, secret_values={"OriginSecret": SECRET})


@pytest.fixture
def behind_edge(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


@pytest.fixture
def as_tracker(aws: Account, as_function: Any) -> Iterator[None]:
    """The tracker function's environment behind the edge (the secret's ARN, its role)."""
    with as_function("TrackerFunction"):
        yield


@pytest.mark.parametrize("path", ["/", "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer", "/tracker"])
def test_a_request_around_the_edge_is_refused_with_a_page(behind_edge: Gateway, path: str) -> None:
    reply = call(behind_edge, "GET", path)
    assert reply.status == 403 and "Please use the site&#39;s own address" in reply.text
    assert reply.header("Cache-Control") == "no-store"
    wrong = call(behind_edge, "GET", path, headers=[(verified.ORIGIN_HEADER, SECRET + "x")])
    assert wrong.status == 403


@pytest.mark.parametrize("path", ["/", "/articles/metastatic-breast-cancer-metastasis-and-primary-cancer", "/tracker"])
def test_a_request_through_the_edge_is_served(behind_edge: Gateway, path: str) -> None:
    assert call(behind_edge, "GET", path, headers=THROUGH_EDGE).status == 200


def test_absolute_links_use_the_viewers_host_only_when_it_came_through_the_edge(behind_edge: Gateway) -> None:
    forged = [("x-forwarded-host", "evil.example")]
    viewer = call(behind_edge, "GET", "/sitemap.xml", headers=[*THROUGH_EDGE, ("x-forwarded-host", "read.example.org")])
    assert "https://read.example.org/articles/" in viewer.text
    assert call(behind_edge, "GET", "/sitemap.xml", headers=forged).status == 403


def _event(headers: dict[str, str]) -> APIGatewayProxyEventV2:
    return APIGatewayProxyEventV2({"headers": headers, "requestContext": {"http": {"sourceIp": "203.0.113.9"}}})


def test_the_recovery_limiter_counts_the_viewers_address_only_from_the_edge(
    as_tracker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = {verified.VIEWER_ADDRESS_HEADER: "198.51.100.7:46532"}
    assert same_site.client_address(_event({**viewer, verified.ORIGIN_HEADER: SECRET})) == "198.51.100.7"
    ipv6 = {verified.VIEWER_ADDRESS_HEADER: "2001:db8::1:443", verified.ORIGIN_HEADER: SECRET}
    assert same_site.client_address(_event(ipv6)) == "2001:db8::1"
    assert same_site.client_address(_event(viewer)) == "203.0.113.9"  # not verified: API Gateway's address
    monkeypatch.setenv("ORIGIN_SECRET_ARN", "")
    assert same_site.client_address(_event({**viewer, verified.ORIGIN_HEADER: SECRET})) == "203.0.113.9"  # no edge


def test_without_an_edge_nothing_is_refused_and_no_viewer_header_is_believed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORIGIN_SECRET_ARN", raising=False)
    headers = {verified.ORIGIN_HEADER: "", verified.VIEWER_HOST_HEADER: "evil.example"}
    assert not verified.refused_around_edge(headers) and verified.viewer_host(headers) is None


def test_a_form_from_the_viewers_own_site_is_same_site_behind_the_edge(as_tracker: None) -> None:
    """API Gateway gets its own Host; the reader's browser sends the edge's name as Origin."""
    headers = {"host": "abc123.execute-api.eu-west-2.amazonaws.com", "origin": "https://read.example.org"}
    viewer = {**headers, verified.VIEWER_HOST_HEADER: "read.example.org"}
    assert not same_site.is_cross_site(_event({**viewer, verified.ORIGIN_HEADER: SECRET}))
    assert same_site.is_cross_site(_event(viewer))  # the viewer host is believed only from the edge
