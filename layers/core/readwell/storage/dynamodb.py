"""The DynamoDB client (one per set of credentials, storage/clients.py) and what every repository shares.

Every client tries each call as storage/attempts.py says: within the invocation's deadline.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from readwell.storage import attempts, clients, deadline, failures, retry

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

# One attempt per call from botocore itself: attempts.py decides every retry, within the invocation's deadline.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 1},
    connect_timeout=deadline.CONNECT_TIMEOUT_SECONDS,
    read_timeout=deadline.READ_TIMEOUT_SECONDS,
)


def client() -> Any:
    """The client for the credentials and endpoint now in the environment, trying each call as attempts.py says."""
    return clients.client("dynamodb", CLIENT_CONFIG, "AWS_ENDPOINT_URL_DYNAMODB", made=attempts.install)


def forget_clients() -> None:
    """Drop every client (a test moved to another DynamoDB; a restored snapshot needs fresh connections)."""
    clients.forget("dynamodb")


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
    return {key: _from_value(value) for key, value in item.items()}


def _from_value(value: dict[str, Any]) -> Any:
    """One attribute as plain Python. Strings and whole numbers, most of what we store (a tracker's month holds a
    number per day), are read directly: through boto3's deserializer each would become a Decimal first."""
    if "S" in value:
        return value["S"]
    number = value.get("N")
    if number is not None and number.isdigit():
        return int(number)
    return _plain(_deserializer.deserialize(value))


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
