"""The stack's floor: the packages the product owner fixed, imported as the site function needs them,
and no Readwell code. Imports boto3, Powertools' HTTP API resolver, Logger and Metrics, and Jinja2;
returns a string. Against the boto3 floor it shows what any handler on this stack pays before its
own code runs; the site against it shows what Readwell's own code adds.
"""

from typing import Any

import boto3  # noqa: F401 - importing these is the point
import jinja2  # noqa: F401
from aws_lambda_powertools import Logger, Metrics  # noqa: F401
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver  # noqa: F401


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "ok"}
