"""What every part of the bench shares: the pages it measures, their events, percentiles, and moto in process.

Imports nothing else from local.bench, so the bench's modules form a tree, not a circle.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from local.aws.roles import Account
from local.serve.lambda_http import to_event
from local.template import declarations

ABSENT = "not measured: tracker function absent"
SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
PAGES = {
    "article": f"/articles/{SLUG}",
    "community": "/communities/breast-cancer-stage-3-4",
    "home": "/",
}


def event(path: str, headers: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """An HTTP API event for GET `path`, routed as template.yaml routes it."""
    found = declarations.match(declarations.routes(), "GET", path)
    assert found is not None, path  # dev-only bench harness  # nosec B101
    route, parameters = found
    return to_event("GET", path, [("host", "bench"), *(headers or [])], b"", route, parameters)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@contextmanager
def moto_tables() -> Iterator[Account]:
    """moto in this process, enforcing IAM, with the template's tables and roles."""
    from moto import mock_aws

    from local.aws import moto_iam
    from local.aws.roles import open_account
    from readwell.storage import dynamodb

    with mock_aws():
        dynamodb.forget_clients()
        yield open_account()
    moto_iam.pause()
    dynamodb.forget_clients()
