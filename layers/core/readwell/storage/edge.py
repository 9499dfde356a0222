"""The CloudFront distribution in front of the site: publishing asks it to forget changed pages."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config

# Publishing alone asks CloudFront, with minutes to spare: botocore's own retries serve it.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=2, read_timeout=5)


def cloudfront() -> Any:
    """The client for the credentials now in the environment (one per role, as storage/dynamodb.py explains)."""
    return _client_for(os.environ.get("AWS_ACCESS_KEY_ID"))


@lru_cache(maxsize=8)
def _client_for(access_key_id: str | None) -> Any:
    # CloudFront is a global service; its API lives in us-east-1 whatever region the stack is in.
    return boto3.client(
        "cloudfront",
        region_name="us-east-1",
        config=CLIENT_CONFIG,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") if access_key_id else None,
        aws_session_token=os.environ.get("AWS_SESSION_TOKEN") if access_key_id else None,
    )


def forget_clients() -> None:
    """Drop every client (a test moved to another account)."""
    _client_for.cache_clear()


def invalidate(distribution_id: str, paths: list[str], reference: str, client: Any = None) -> str:
    """Start an invalidation of `paths`; returns its id. `reference` makes a retried request a no-op."""
    response = (client or cloudfront()).create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": reference},
    )
    return str(response["Invalidation"]["Id"])
