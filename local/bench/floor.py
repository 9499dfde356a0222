"""The floor: the least a Python Lambda function on boto3 can do. Imports boto3, returns a string."""

from typing import Any

import boto3  # noqa: F401 - importing it is the point


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "ok"}
