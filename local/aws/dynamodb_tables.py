"""Create the tables declared in template.yaml on whatever DynamoDB endpoint boto3 is pointed at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from local.template.declarations import table_definitions
from local.template.document import TEMPLATE


def create_tables(client: Any, template: Path = TEMPLATE) -> list[str]:
    existing = set(client.list_tables()["TableNames"])
    created = []
    for name, request in table_definitions(template).items():
        if name not in existing:
            client.create_table(**request)
            client.get_waiter("table_exists").wait(TableName=name)
            created.append(name)
    return created
