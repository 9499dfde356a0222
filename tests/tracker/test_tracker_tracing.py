"""Traces hold nothing personal: every invocation of a whole tracker flow is sampled, the X-Ray
SDK records it as in Lambda, and an in-memory emitter keeps each segment exactly as it would be sent.

No segment, subsegment, annotation or metadata may hold a token, recovery code, cookie, form token or weight:
Powertools' defaults would store the whole handler response (cookies, the "started" page, weights)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pytest

from local.aws.roles import Account
from local.serve.server import Gateway
from tests.tracker.browser import Browser
from tests.tracker.flows import holds_a_weight, whole_flow

SAMPLED = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


class MemoryEmitter:
    """Keeps what the X-Ray SDK would send to the daemon, serialized as it would be sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_entity(self, entity: Any) -> None:
        self.sent.append(entity.serialize())

    def set_daemon_address(self, address: str | None) -> None:
        """No daemon: nothing leaves the process."""


@contextmanager
def xray_in_memory() -> Iterator[MemoryEmitter]:
    """The X-Ray SDK recording every invocation into memory; as it was afterwards."""
    import aws_xray_sdk
    from aws_lambda_powertools import Tracer
    from aws_xray_sdk.core import xray_recorder
    from aws_xray_sdk.core.context import Context

    emitter = MemoryEmitter()
    before = (xray_recorder.emitter, xray_recorder.context, xray_recorder.sampling)
    enabled = aws_xray_sdk.global_sdk_config.sdk_enabled()
    Tracer._reset_config()  # an earlier Tracer made outside Lambda would otherwise keep every later one disabled
    aws_xray_sdk.global_sdk_config.set_sdk_enabled(True)
    xray_recorder.configure(emitter=emitter, context=Context(), sampling=False, context_missing="LOG_ERROR")
    try:
        yield emitter
    finally:
        xray_recorder.configure(emitter=before[0], context=before[1], sampling=before[2])
        aws_xray_sdk.global_sdk_config.set_sdk_enabled(enabled)
        Tracer._reset_config()


class TracedGateway:
    """Each request is one sampled invocation: Lambda would open its segment, here the test does."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    def __call__(self, *request: Any) -> Any:
        from aws_xray_sdk.core import xray_recorder

        xray_recorder.begin_segment("readwell-tracker")
        try:
            return self.gateway(*request)
        finally:
            xray_recorder.end_segment()


@pytest.fixture
def sampled_gateway(aws: Account) -> Iterator[TracedGateway]:
    in_lambda = {"_X_AMZN_TRACE_ID": SAMPLED, "POWERTOOLS_TRACE_DISABLED": "false", "LAMBDA_TASK_ROOT": "/var/task"}
    with xray_in_memory():
        yield TracedGateway(Gateway(aws, overrides=in_lambda))


def test_sampled_traces_of_a_whole_tracker_flow_hold_no_secret_cookie_or_weight(sampled_gateway: Any) -> None:
    from aws_xray_sdk.core import xray_recorder

    emitter = xray_recorder.emitter
    handled = whole_flow(Browser(sampled_gateway), nullcontext)
    traces = "\n".join(emitter.sent)
    # The SDK streams each closed subsegment on its own: the handler's is one entity per invocation.
    handlers = [entity for entity in map(json.loads, emitter.sent) if entity["name"] == "## lambda_handler"]
    assert len(handlers) >= 20, "every invocation was sampled and traced through the handler"
    assert '"name": "dynamodb"' in traces, "the DynamoDB calls were traced too"
    for secret in [*handled.secrets, "rw_tracker", "Set-Cookie", "csrf_token"]:
        assert secret not in traces, secret
    assert holds_a_weight(traces, handled.weights) is None
