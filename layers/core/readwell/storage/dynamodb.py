"""One DynamoDB client per set of credentials, created on first use.

The endpoint comes from the standard AWS_ENDPOINT_URL_DYNAMODB setting, so pointing Readwell at
moto, DynamoDB Local or AWS needs no code of ours. Credentials come from the environment, as Lambda
sets them for the function's role; in Lambda that is one client per process. The local server runs
every function in one process, each under its own role's credentials, and gets one client per role.
Every client tries each call as storage/attempts.py says: within the invocation's deadline.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from readwell.storage import attempts, deadline, failures, retry

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

# One attempt per call from botocore itself: attempts.py decides every retry, within the invocation's deadline.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 1},
    connect_timeout=deadline.CONNECT_TIMEOUT_SECONDS,
    read_timeout=deadline.READ_TIMEOUT_SECONDS,
)


def client() -> Any:
    """The client for the credentials and endpoint now in the environment."""
    return _client_for(os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))


@lru_cache(maxsize=8)
def _client_for(access_key_id: str | None, endpoint: str | None) -> Any:
    # Named explicitly: boto3's default session resolves credentials once and would keep the first role's.
    # None (no key in the environment) leaves botocore's usual chain (profile, SSO) to find them.
    made = boto3.client(
        "dynamodb",
        config=CLIENT_CONFIG,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") if access_key_id else None,
        aws_session_token=os.environ.get("AWS_SESSION_TOKEN") if access_key_id else None,
    )
    return attempts.install(made)


def forget_clients() -> None:
    """Drop every client (a test moved to another DynamoDB; a restored snapshot needs fresh connections)."""
    _client_for.cache_clear()


C = TypeVar("C", bound=type)


def _translating(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (ClientError, BotoCoreError) as error:
            found = failures.translated(error)
            if found is error:
                raise
            raise found from error

    return call


def storage_errors(cls: C) -> C:
    """Every public method of a repository raises storage/errors.py's errors, never boto's temporary ones."""
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, _translating(member))
    return cls


def to_item(record: dict[str, Any]) -> dict[str, Any]:
    return {key: _serializer.serialize(value) for key, value in record.items()}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(_deserializer.deserialize(value)) for key, value in item.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; our numbers are whole or fixed-precision."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Repository:
    """A repository over one table; its client is the one for the credentials in force unless a test hands one in."""

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    @property
    def client(self) -> Any:
        return self._client if self._client is not None else client()

    def _batch_get(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item one BatchGetItem request on this table finds, asking again for the keys DynamoDB left."""
        found: list[dict[str, Any]] = []

        def send(pending: dict[str, Any]) -> dict[str, Any]:
            return dict(self.client.batch_get_item(RequestItems=pending))

        for response in retry.until_processed(send, {self.table_name: request}, "UnprocessedKeys"):
            found += [from_item(item) for item in response["Responses"].get(self.table_name, [])]
        return found

    def _batch_write(self, requests: list[dict[str, Any]]) -> None:
        """One BatchWriteItem's put and delete requests on this table, sending again the ones DynamoDB left."""

        def send(pending: dict[str, Any]) -> dict[str, Any]:
            return dict(self.client.batch_write_item(RequestItems=pending))

        for _ in retry.until_processed(send, {self.table_name: requests}, "UnprocessedItems"):
            pass
