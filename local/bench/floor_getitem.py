"""The floor plus the one request an article view cannot skip: import boto3, create a DynamoDB client,
GetItem the article and answer with its status. Beside the moto-server rows it shows what any
handler pays for its first DynamoDB read, which the boto3 floor does not include.
"""

import os
from typing import Any

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    key = {"PK": {"S": "ARTICLE#" + event["pathParameters"]["slug"]}, "SK": {"S": "CURRENT"}}
    found = client.get_item(TableName=os.environ["CONTENT_TABLE"], Key=key)
    return {"statusCode": 200 if "Item" in found else 404, "headers": {"Content-Type": "text/plain"}, "body": "ok"}
