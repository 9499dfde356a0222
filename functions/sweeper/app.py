"""Sweeper function: run on a schedule (template.yaml), it finishes tracker deletions cut short whose reader never
came back (readwell.tracker.sweeper). Logs and metrics say how many, never which tracker."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from readwell import config
from readwell.runtime.observability import tools
from readwell.storage import deadline
from readwell.storage.tracker import TrackerRepository
from readwell.tracker import sweeper

logger, tracer, metrics = tools("sweeper")
repository = TrackerRepository(config.tracker_table())


def more_time() -> bool:
    """Another step only when one attempt at its slowest still ends before the deadline."""
    return deadline.allows_attempt()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    with deadline.invocation(context):
        swept = sweeper.sweep(repository, more_time)
    metrics.add_metric(name="DeletionsFinished", unit=MetricUnit.Count, value=swept.finished)
    logger.info("Swept unfinished deletions", extra={"finished": swept.finished, "complete": swept.complete})
    return {"finished": swept.finished, "complete": swept.complete}
