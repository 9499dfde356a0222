"""The site origin used for absolute URLs comes from the request, validated."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from readwell.web.origin import site_origin, valid_host


def event(headers: dict[str, str], domain: str | None = None) -> APIGatewayProxyEventV2:
    raw: dict[str, Any] = {"headers": headers, "requestContext": {"domainName": domain} if domain else {}}
    return APIGatewayProxyEventV2(raw)


@pytest.mark.parametrize(
    "host", ["readwell.example.org", "abc123.execute-api.eu-west-2.amazonaws.com", "127.0.0.1:3000"]
)
def test_real_host_names_are_valid(host: str) -> None:
    assert valid_host(host) == host


@pytest.mark.parametrize(
    "host", ["", "evil.example/<script>", 'a"b', "exa mple.org", "-bad.org", "a" * 300, "host:99999999", None]
)
def test_anything_else_is_rejected(host: str | None) -> None:
    assert valid_host(host) is None


def test_api_gateways_domain_name_wins_over_the_host_header() -> None:
    assert site_origin(event({"host": "other.example"}, "readwell.example.org")) == "https://readwell.example.org"


def test_forwarded_proto_is_honoured_only_when_it_is_http_or_https() -> None:
    assert site_origin(event({"x-forwarded-proto": "http"}, "readwell.example.org")) == "http://readwell.example.org"
    assert site_origin(event({"x-forwarded-proto": "javascript"}, "readwell.example.org")) == (
        "https://readwell.example.org"
    )


def test_an_invalid_host_falls_back_to_localhost() -> None:
    assert site_origin(event({"host": "<evil>"}, "<evil>")) == "http://localhost"
