"""The stack's generated secrets, read from Secrets Manager on first use and then kept (Powertools Parameters).

template.yaml gives a function a secret's ARN in an environment variable, never its value: a value there
is shown to anyone allowed lambda:GetFunctionConfiguration. The function's role may read exactly the
secrets its environment names.

SnapStart: nothing here runs while a version is initialised for its snapshot, in its priming or in a
restore hook, so no secret is in a snapshot and no network call is made there. The first request after
a cold start or a restore reads the secret; later requests use the kept value.

One provider per set of credentials (storage/clients.py): in Lambda that is one per process; the local
server runs every function in one process, each under its own role, and each role must make (and be
allowed) its own read. Powertools' module-level get_secret keeps one provider per process, created with
whichever role came first.
"""

from __future__ import annotations

import os
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from readwell.storage import clients, deadline
from readwell.storage.errors import Unavailable

# How long a value is kept before it is read again: long, since the secrets are not rotated; a value
# changed by hand reaches every environment within this time.
KEEP_SECONDS = 3600
# A reader's request waits for this read: two attempts with DynamoDB's per-attempt timeouts fit the function's
# time with room for the page (storage/deadline.py).
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 2},
    connect_timeout=deadline.CONNECT_TIMEOUT_SECONDS,
    read_timeout=deadline.READ_TIMEOUT_SECONDS,
)


def value(variable: str) -> str:
    """The secret whose ARN the environment variable `variable` holds; "" when the variable is unset or empty.

    Raises Unavailable when Secrets Manager is busy or out of reach after the client's retries.
    """
    secret_id = os.environ.get(variable, "")
    if not secret_id:
        return ""
    provider = clients.client("secretsmanager", CLIENT_CONFIG, "AWS_ENDPOINT_URL_SECRETS_MANAGER", made=_provider)
    try:
        return str(provider.get(secret_id, max_age=KEEP_SECONDS))
    except Exception as error:  # Powertools raises GetParameterError while handling what the client raised
        cause = error.__context__ or error
        if _is_temporary(cause):
            raise Unavailable(type(cause).__name__) from cause
        raise cause from None  # the client's own error (a denial, a missing secret) says what is wrong


def _is_temporary(error: BaseException) -> bool:
    from readwell.storage.failures import is_temporary

    return isinstance(error, (ClientError, BotoCoreError)) and is_temporary(error)


def _provider(client: Any) -> Any:
    # Imported here: only a function that reads a secret pays for the import, and only when it first does.
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider(boto3_client=client)


def forget() -> None:
    """Drop every provider and the values they keep (a test moved to another account)."""
    clients.forget("secretsmanager")
