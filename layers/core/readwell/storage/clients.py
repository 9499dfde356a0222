"""One boto3 client per AWS service and set of credentials, made on first use: DynamoDB, Secrets Manager, CloudFront.

Credentials come from the environment, as Lambda sets them for the function's role: in Lambda that is one
client per service and process. The local server runs every function in one process, each under its own
role's credentials, and so gets one client per role. The endpoint comes from the standard
AWS_ENDPOINT_URL_<SERVICE> setting, so pointing Readwell at moto, DynamoDB Local or AWS needs no code of
ours; a client is kept under it too, so moving to another endpoint makes a new one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

KEPT_PER_SERVICE = 8  # in Lambda one set of credentials; locally one per function's role, and a few test accounts
_kept: dict[tuple[str, str | None, str | None], Any] = {}


def client(
    service: str,
    config: Config,
    endpoint_variable: str | None = None,
    region: str | None = None,
    made: Callable[[Any], Any] | None = None,
) -> Any:
    """`made(client)` (the client itself unless given) for the credentials and endpoint now in the environment."""
    access_key_id = os.environ.get("AWS_ACCESS_KEY_ID")
    endpoint = os.environ.get(endpoint_variable) if endpoint_variable else None
    key = (service, access_key_id, endpoint)
    found = _kept.get(key)
    if found is None:
        # Named explicitly: boto3's default session resolves credentials once and would keep the first role's.
        # None (no key in the environment) leaves botocore's usual chain (profile, SSO) to find them.
        new = boto3.client(
            service,
            region_name=region,
            endpoint_url=endpoint,
            config=config,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") if access_key_id else None,
            aws_session_token=os.environ.get("AWS_SESSION_TOKEN") if access_key_id else None,
        )
        found = made(new) if made else new
        older = [kept for kept in _kept if kept[0] == service]
        for oldest in older[: max(len(older) - KEPT_PER_SERVICE + 1, 0)]:
            del _kept[oldest]
        _kept[key] = found
    return found


def forget(service: str) -> None:
    """Drop every client of `service` (a test moved to another account; a restored snapshot needs fresh connections)."""
    for kept in [kept for kept in _kept if kept[0] == service]:
        del _kept[kept]
