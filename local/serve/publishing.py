"""content/ published as the publish function publishes it on deploy: validated first, then written under
its role (on moto) by the same code, for the local server, `make publish`, the bench and the tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import boto3

from local.aws.dynamodb_tables import create_tables
from local.aws.environment import ROOT, prepare_environment
from local.aws.roles import Account
from local.serve.lambda_runtime import environment

prepare_environment()  # the layer on sys.path, for the publishing code below

from readwell.articles.content import load_content  # noqa: E402
from readwell.articles.publishing import PublishReport, publish  # noqa: E402
from readwell.config import content_table  # noqa: E402
from readwell.storage.content import ContentRepository  # noqa: E402

PUBLISHER = "PublishFunction"


def publish_folder(
    account: Account, content_dir: Path = ROOT / "content", create_missing_tables: bool = False
) -> PublishReport:
    """Load, validate and publish as the publish function; ContentError, before any write, if content is malformed."""
    content = load_content(content_dir)
    if create_missing_tables:
        create_tables(boto3.client("dynamodb"))
    with environment(account.environment(PUBLISHER)):
        report = publish(content, ContentRepository(content_table()))
    for warning in report.warnings:
        print(warning.describe(), file=sys.stderr)
    return report


def listed_articles(account: Account) -> list[dict[str, Any]]:
    """What the content table lists as published (slug, title), read as the publish function reads it."""
    with environment(account.environment(PUBLISHER)):
        return ContentRepository(content_table()).listed_articles()
