"""Publish function: the CloudFormation custom resource `sam deploy` runs to publish the bundled content/.

The same code as `make publish` (load_content + publish + ContentRepository) over the content/ folder
that `sam build` copied next to this file. Parse, call, respond.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from readwell import config
from readwell.articles import custom_resource
from readwell.articles.content import load_content
from readwell.articles.release import after_rollback, release
from readwell.runtime.observability import tools
from readwell.storage import cloudfront, deadline
from readwell.storage.content import ContentRepository

CONTENT = Path(__file__).resolve().parent / "content"
logger, tracer, metrics = tools("publish")
# Kept back from the invocation for answering CloudFormation (custom_resource.send: three tries of up to 10 s).
ANSWER_SECONDS = 40


def publish_bundled_content(site_changed: bool = False) -> dict[str, str]:
    """Publish; then the edge forgets what changed: everything when the site's own code did (a new layout)."""
    invalidate = cloudfront.invalidator(config.distribution_id())
    released = release(load_content(CONTENT), ContentRepository(config.content_table()), invalidate, site_changed)
    report = released.report
    for warning in report.warnings:
        logger.warning(str(warning))
    if released.invalidated is not None:
        paths = list(released.invalidated.paths)
        logger.info("Edge cache invalidated", extra={"paths": paths, "invalidation": released.invalidation_id})
    return {"Summary": report.summary(), "Published": str(len(report.written)), "Unchanged": str(len(report.unchanged))}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = CloudFormationCustomResourceEvent(event)
    site_changed = custom_resource.property_changed(request, "SiteVersion")
    has_edge = bool(config.distribution_id())
    with deadline.invocation(context, keep_seconds=ANSWER_SECONDS):
        outcome = custom_resource.run(
            request,
            context.function_version,
            lambda: publish_bundled_content(site_changed),
            lambda: after_rollback(ContentRepository(config.content_table()), has_edge, site_changed),
        )
    log = logger.info if outcome.status == custom_resource.SUCCESS else logger.error
    log("%s %s: %s", request.request_type, outcome.status, outcome.reason or outcome.data)
    custom_resource.send(request, outcome)
    return {"Status": outcome.status, "Reason": outcome.reason, "Data": outcome.data}
