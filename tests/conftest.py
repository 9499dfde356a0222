"""Shared test set-up: a safe AWS environment (never real credentials) and moto-backed tables."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before anything imports boto3 or Powertools: fake credentials, no real endpoint, quiet Powertools.
for _key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(_key, None)
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="eu-west-2",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="WARNING",
)

from local.environment import prepare_environment  # noqa: E402

prepare_environment()

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture
def aws() -> Iterator[None]:
    """An in-process moto DynamoDB with the tables template.yaml declares."""
    import boto3
    from moto import mock_aws

    from local.tables import create_tables
    from readwell.storage import dynamodb

    with mock_aws():
        dynamodb.client.cache_clear()
        create_tables(boto3.client("dynamodb"))
        yield
    dynamodb.client.cache_clear()


@pytest.fixture
def content_repo(aws: None) -> Any:
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    return ContentRepository(content_table())


@pytest.fixture
def published(content_repo: Any) -> Any:
    from readwell.articles.content import load_content
    from readwell.articles.publishing import publish

    publish(load_content(CONTENT), content_repo)
    return content_repo
