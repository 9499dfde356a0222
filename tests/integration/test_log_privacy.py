"""The site function's logs never hold tokens, cookies, form bodies or query values."""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from local.template import declarations
from tests.helpers import call
from tests.reliability.faults import INTERNAL, fault, recorded_sleeps
from tests.reliability.logs import captured_logs

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
TOKEN = "tok-9f8e7d6c5b4a39281706"
COOKIES = [("Cookie", f"rw_tracker={TOKEN}; rw_prefs=text_size%3Dlarge-{TOKEN}")]
FORM = [("Content-Type", "application/x-www-form-urlencoded")]
SECRET_FORM = f"weight=83.4&recovery_code=RC-{TOKEN}&csrf_token=csrf-{TOKEN}".encode()


def _all_kinds_of_request(gateway: Gateway) -> list[int]:
    return [
        call(gateway, "GET", f"/articles/{SLUG}?recovery_code={TOKEN}", COOKIES).status,
        call(gateway, "GET", f"/no/such/page?token={TOKEN}", COOKIES).status,
        call(gateway, "POST", "/", FORM + COOKIES, SECRET_FORM).status,  # 405
        call(gateway, "POST", "/", FORM + COOKIES, SECRET_FORM + b"&weight=1").status,  # refused: 400
        call(gateway, "POST", "/", [("Content-Type", "application/json"), *COOKIES], SECRET_FORM).status,  # 415
        call(gateway, "GET", f"/?q={TOKEN}%00", COOKIES).status,  # refused: 400
    ]


@pytest.fixture
def gateway(published: Any, aws: Account) -> Gateway:
    return Gateway(aws)


def test_no_token_cookie_or_form_value_reaches_the_logs(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, function_client: Any
) -> None:
    with captured_logs("site") as logs:
        statuses = _all_kinds_of_request(gateway)
        with recorded_sleeps(monkeypatch), fault(function_client("SiteFunction"), "GetItem", INTERNAL):
            statuses.append(call(gateway, "GET", f"/articles/{SLUG}?code={TOKEN}", COOKIES).status)
    assert statuses == [200, 404, 405, 400, 415, 400, 503]
    text = logs.getvalue()
    assert "Request refused" in text and "DynamoDB unavailable" in text  # the capture really captured
    for secret in (TOKEN, "83.4", "rw_tracker"):
        assert secret not in text


def test_an_unexpected_error_logs_the_path_but_not_the_request(aws: Account) -> None:
    gateway = Gateway(aws, {"CONTENT_TABLE": "NoSuchTable"})
    with captured_logs("site") as logs:
        reply = call(gateway, "GET", f"/articles/{SLUG}?recovery_code={TOKEN}", COOKIES)
    assert reply.status == 500
    assert "Unhandled error" in logs.getvalue() and SLUG in logs.getvalue()
    assert TOKEN not in logs.getvalue()


def test_no_function_logs_whole_events() -> None:
    """Powertools would log every event (cookies, bodies) with POWERTOOLS_LOGGER_LOG_EVENT=true."""
    for spec in declarations.functions().values():
        assert str(spec.environment.get("POWERTOOLS_LOGGER_LOG_EVENT", "false")).lower() == "false", spec.name
        assert str(spec.environment.get("POWERTOOLS_LOG_LEVEL", "INFO")).upper() != "DEBUG", spec.name
