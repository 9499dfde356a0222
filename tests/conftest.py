"""Shared test set-up: a safe AWS environment (never real credentials) and moto-backed tables."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

from local.aws.environment import prepare_environment  # noqa: E402

prepare_environment()

if TYPE_CHECKING:
    from local.aws.roles import Account

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture
def aws(request: pytest.FixtureRequest) -> Iterator[Account]:
    """An in-process moto that enforces IAM, with the tables, secrets and function roles template.yaml declares.

    The process's own credentials are unknown to it: our code talks to AWS only inside
    `as_function(...)` (or through a Gateway), under that function's role. A test module marked
    `stack(parameters={...}, secret_values={...})` gets the stack with those parameters (say, the edge on).
    """
    from moto import mock_aws

    from local.aws import moto_iam
    from local.aws.roles import open_account
    from readwell.storage import dynamodb, secret_store

    marker = request.node.get_closest_marker("stack")
    options = dict(marker.kwargs) if marker else {}
    with mock_aws():
        dynamodb.forget_clients()
        secret_store.forget()
        yield open_account(parameters=options.get("parameters"), secret_values=options.get("secret_values"))
    moto_iam.pause()
    dynamodb.forget_clients()
    secret_store.forget()


@pytest.fixture
def admin(aws: Account) -> Any:
    """A DynamoDB client for looking at tables directly (test inspection only, never our code)."""
    return aws.admin_client()


@pytest.fixture
def as_function(aws: Account) -> Callable[[str], AbstractContextManager[None]]:
    """`with as_function("PublishFunction"):` runs the block with that function's environment and role."""
    from local.serve.lambda_runtime import environment

    return lambda name: environment(aws.environment(name))


@pytest.fixture
def function_client(aws: Account) -> Callable[[str], Any]:
    """The DynamoDB client a function uses (its role's credentials): the one a Gateway's function gets too."""
    from local.serve.lambda_runtime import dynamodb_client_of as client_of

    return lambda name: client_of(aws, name)


@pytest.fixture
def content_repo(function_client: Callable[[str], Any]) -> Any:
    """The content table as the publish function writes it (its role)."""
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    return ContentRepository(content_table(), function_client("PublishFunction"))


@pytest.fixture
def site_repo(function_client: Callable[[str], Any]) -> Any:
    """The content table as the site function reads it (its role): for tests that check what readers get."""
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    return ContentRepository(content_table(), function_client("SiteFunction"))


@pytest.fixture
def published(content_repo: Any, site_repo: Any) -> Any:
    """content/ published by the publish function; returns the site's view of the table."""
    from readwell.articles.content import load_content
    from readwell.articles.publishing import publish

    publish(load_content(CONTENT), content_repo)
    return site_repo


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked after_everything reads what the others recorded: it runs last."""
    last = [item for item in items if item.get_closest_marker("after_everything")]
    items[:] = [item for item in items if item not in last] + last
