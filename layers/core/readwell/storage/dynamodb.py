"""One DynamoDB client per process, created on first use.

The endpoint comes from the standard AWS_ENDPOINT_URL_DYNAMODB setting, so pointing Readwell at
moto, DynamoDB Local or AWS needs no code of ours.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

# DynamoDB's answers that mean "busy or broken for now": worth a retry later, not a bug of ours.
TEMPORARY_ERROR_CODES = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 4},
    connect_timeout=2,
    read_timeout=5,
)


@lru_cache(maxsize=1)
def client() -> Any:
    return boto3.client("dynamodb", config=CLIENT_CONFIG)


def is_temporary(error: Exception) -> bool:
    """True when DynamoDB was throttling, failing (5xx) or unreachable, after the client's own retries."""
    if isinstance(error, (HTTPClientError, BotoConnectionError)):  # timeouts, refused or dropped connections
        return True
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return code in TEMPORARY_ERROR_CODES or status >= 500
    return False


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
    """A repository over one table; its client is the shared one unless a test hands in another."""

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = client()
        return self._client
