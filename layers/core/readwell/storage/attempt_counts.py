"""Per-address counters for the limits on tries (the tracker's recovery codes and starts, feedback): one item per
client key, counter and fixed window, PK=ATTEMPTS#<client key> SK=<counter>#<window start>, removed by the
table's time to live. The client key is already a keyed hash (tracker/identity.client_key): no address is stored.
"""

from __future__ import annotations

import time
from typing import Any

PARTITION = "ATTEMPTS#"  # template.yaml scopes the feedback role's UpdateItem to keys that begin so


def count(client: Any, table_name: str, client_key: str, counter: str, window_seconds: int, windows_kept: int) -> int:
    """Count one try on `counter` for this client in the current window; the count so far, this one included."""
    now = int(time.time())
    window = now - now % window_seconds
    response = client.update_item(
        TableName=table_name,
        Key={"PK": {"S": PARTITION + client_key}, "SK": {"S": f"{counter}#{window}"}},
        UpdateExpression="ADD tries :one SET expires_at = if_not_exists(expires_at, :expires)",
        ExpressionAttributeValues={
            ":one": {"N": "1"},
            ":expires": {"N": str(window + windows_kept * window_seconds)},
        },
        ReturnValues="UPDATED_NEW",
    )
    return int(response["Attributes"]["tries"]["N"])
