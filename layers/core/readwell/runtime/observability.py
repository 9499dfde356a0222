"""Powertools Logger, Tracer and Metrics, one set per function.

The Tracer is created only for invocations X-Ray samples. Creating a Powertools Tracer imports the
X-Ray SDK, whose recorder builds two botocore clients at import: that alone cost more than the
whole boto3 import in `make bench`. Lambda's Active tracing records every invocation's segment
without the SDK; the SDK only adds the subsegments (handler, DynamoDB calls), which we still get
whenever the invocation is sampled (`Sampled=1` in _X_AMZN_TRACE_ID).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

NAMESPACE = "Readwell"
Handler = Callable[[dict[str, Any], Any], Any]


def invocation_sampled() -> bool:
    """Whether X-Ray samples the current invocation (Lambda sets _X_AMZN_TRACE_ID per invocation)."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() in ("1", "true"):
        return False
    return "Sampled=1" in os.environ.get("_X_AMZN_TRACE_ID", "")


class SampledTracer:
    """capture_lambda_handler with a Powertools Tracer made on the first sampled invocation."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._tracer: Tracer | None = None

    @property
    def tracer(self) -> Tracer:
        if self._tracer is None:
            from aws_lambda_powertools import Tracer

            self._tracer = Tracer(service=self.service)
        return self._tracer

    def capture_lambda_handler(self, handler: Handler) -> Handler:
        traced: Handler | None = None

        @functools.wraps(handler)
        def wrapper(event: dict[str, Any], context: Any) -> Any:
            nonlocal traced
            if not invocation_sampled():
                return handler(event, context)
            if traced is None:
                traced = self.tracer.capture_lambda_handler(handler)
            return traced(event, context)

        return wrapper


def tools(service: str) -> tuple[Logger, SampledTracer, Metrics]:
    return Logger(service=service), SampledTracer(service), Metrics(namespace=NAMESPACE, service=service)
