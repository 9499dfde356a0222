"""The X-Ray SDK is loaded only for invocations X-Ray samples."""

from __future__ import annotations

from typing import Any

import pytest

from readwell.runtime.observability import SampledTracer, invocation_sampled


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": event["path"]}


@pytest.mark.parametrize(
    ("trace_id", "disabled", "sampled"),
    [
        ("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "false", True),
        ("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0", "false", False),
        ("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "true", False),
        (None, "false", False),
    ],
)
def test_sampling_decision(monkeypatch: pytest.MonkeyPatch, trace_id: str | None, disabled: str, sampled: bool) -> None:
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", disabled)
    if trace_id is None:
        monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
    else:
        monkeypatch.setenv("_X_AMZN_TRACE_ID", trace_id)
    assert invocation_sampled() is sampled


def test_unsampled_invocations_never_create_the_tracer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "false")
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0")
    tracer = SampledTracer("test")
    wrapped = tracer.capture_lambda_handler(handler)
    assert wrapped({"path": "/a"}, None) == {"statusCode": 200, "body": "/a"}
    assert tracer._tracer is None


def test_a_sampled_invocation_goes_through_the_powertools_tracer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "false")
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
    tracer = SampledTracer("test")
    wrapped = tracer.capture_lambda_handler(handler)
    assert wrapped({"path": "/b"}, None) == {"statusCode": 200, "body": "/b"}
    assert tracer._tracer is not None and tracer._tracer.service == "test"
