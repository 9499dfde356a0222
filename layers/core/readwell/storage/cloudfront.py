"""The CloudFront distribution in front of the site (readwell/edge/): publishing asks it to forget changed pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.config import Config

from readwell.storage import clients

# Publishing alone asks CloudFront, with minutes to spare: botocore's own retries serve it.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=2, read_timeout=5)


def client() -> Any:
    """The client for the credentials now in the environment (one per role, storage/clients.py)."""
    # CloudFront is a global service; its API lives in us-east-1 whatever region the stack is in.
    return clients.client("cloudfront", CLIENT_CONFIG, region="us-east-1")


def forget_clients() -> None:
    """Drop every client (a test moved to another account)."""
    clients.forget("cloudfront")


def invalidate(distribution_id: str, paths: list[str], reference: str, cloudfront: Any = None) -> str:
    """Start an invalidation of `paths`; returns its id. `reference` makes a retried request a no-op."""
    response = (cloudfront or client()).create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": reference},
    )
    return str(response["Invalidation"]["Id"])


def invalidator(distribution_id: str) -> Callable[[list[str], str], str] | None:
    """`invalidate` for that distribution, as publishing calls it with (paths, reference); None without one."""
    if not distribution_id:
        return None
    return lambda paths, reference: invalidate(distribution_id, paths, reference)
