"""moto's IAM enforcement, corrected to AWS's rules for DynamoDB and Secrets Manager, and a record of what each
role was allowed.

moto can authorise every request against the caller's IAM policies, but it is lenient or different
from AWS in three ways we care about:
- it trusts every caller until told otherwise (`pause` / `enforce` switch that, in process or on a server);
- it matches a statement's Resource against "*" only (so our roles are loaded with Resource "*" and which
  table or secret a statement names is checked statically: local/aws/least_privilege.py);
- it answers a denial in IAM's XML rather than the JSON AccessDeniedException DynamoDB and Secrets Manager send;
- it asks for dynamodb:TransactWriteItems / TransactGetItems, where AWS authorises each item of a
  transaction as its own action: "Permissions for Put, Update, Delete, and Get actions are governed by
  the permissions used for the underlying PutItem, UpdateItem, DeleteItem, and GetItem operations. For the
  ConditionCheck action, you can use the dynamodb:ConditionCheckItem permission" (Amazon DynamoDB
  Developer Guide, "Using IAM with DynamoDB transactions", transaction-apis-iam.html). `install` makes
  moto do what AWS does; nothing else in this project knows about it.

Every decision moto takes on a DynamoDB or Secrets Manager call is also written to a `Record` (role, action,
allowed or denied), which the tests compare with what template.yaml grants.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# The action AWS authorises for each kind of item inside a transaction.
TRANSACTION_ITEM_ACTIONS = {
    "TransactWriteItems": {
        "Put": "PutItem",
        "Update": "UpdateItem",
        "Delete": "DeleteItem",
        "ConditionCheck": "ConditionCheckItem",
    },
    "TransactGetItems": {"Get": "GetItem"},
}


# The services whose decisions are corrected and recorded here (as IAM names their actions).
RECORDED_SERVICES = ("dynamodb", "secretsmanager")


@dataclass
class Record:
    """What each principal was allowed and denied, as '<service>:<Action>' counts."""

    allowed: dict[str, Counter[str]] = field(default_factory=dict)
    denied: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, principal: str, action: str, permitted: bool, service: str = "dynamodb") -> None:
        book = self.allowed if permitted else self.denied
        book.setdefault(principal, Counter())[f"{service}:{action}"] += 1

    def count(self, principal: str, action: str) -> int:
        """How many times `principal` was allowed `action` ('<service>:<Action>')."""
        return self.allowed.get(principal, Counter())[action]

    def actions(self, principal: str) -> set[str]:
        return set(self.allowed.get(principal, ()))

    def denials(self, principal: str) -> set[str]:
        return set(self.denied.get(principal, ()))


_lock = threading.Lock()
_records: list[Record] = [Record()]  # the innermost `recording()` receives decisions; the first is the session's


def session_record() -> Record:
    return _records[0]


@contextmanager
def recording() -> Iterator[Record]:
    """Send decisions to a fresh record for a while (a test that expects denials keeps them out of the session's)."""
    record = Record()
    with _lock:
        _records.append(record)
    try:
        yield record
    finally:
        with _lock:
            _records.remove(record)


def item_actions(action: str, body: dict[str, Any] | str | bytes) -> list[str]:
    """The actions AWS authorises for one DynamoDB request: one per item for a transaction, else the request's own."""
    kinds = TRANSACTION_ITEM_ACTIONS.get(action)
    if kinds is None:
        return [action]
    request = body if isinstance(body, dict) else json.loads(body or "{}")
    items = request.get("TransactItems", [])
    return sorted({kinds[kind] for item in items for kind in item if kind in kinds}) or [action]


def _principal(handler: Any) -> str:
    """The role (or user) behind a request's access key, as moto's STS and IAM know it."""
    from moto.iam.models import iam_backends
    from moto.sts.models import sts_backends

    credential = handler.headers.get("Authorization", "").partition("Credential=")[2].split("/")[0]
    account, partition = handler.current_account, "aws"
    for role in sts_backends[account][partition].assumed_roles:
        if role.access_key_id == credential:
            return str(role.role_arn.rsplit("/", 1)[-1])
    for user in iam_backends[account][partition].users.values():
        if any(key.access_key_id == credential for key in user.access_keys):
            return str(user.name)
    return credential


def _enforcing() -> bool:
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin

    return ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT


def install() -> None:
    """Make moto's DynamoDB authorise transactions item by item, as AWS does, make DynamoDB and Secrets Manager
    deny in their own JSON, and record each decision."""
    from moto.dynamodb.responses import DynamoHandler
    from moto.secretsmanager.responses import SecretsManagerResponse

    _authorise_like_aws(DynamoHandler, "dynamodb")
    _authorise_like_aws(SecretsManagerResponse, "secretsmanager")


def _authorise_like_aws(handler: Any, service: str) -> None:
    from moto.core.exceptions import AccessDeniedError, JsonRESTError

    if getattr(handler, "_readwell_authorisation", False):
        return
    moto_authorise = handler._authenticate_and_authorize_normal_action

    def authorise_like_aws(self: Any, resource: str = "*") -> None:
        if not _enforcing():
            moto_authorise(self, resource)
            return
        principal = _principal(self)
        request_action = self._get_action()
        for action in item_actions(request_action, self.body) if service == "dynamodb" else [request_action]:
            # moto builds its IAM request from _get_action(); for a transaction, ask for each item's action.
            self._get_action = lambda action=action: action
            try:
                moto_authorise(self, resource)
            except AccessDeniedError as denied:
                _records[-1].add(principal, action, permitted=False, service=service)
                # Both answer a denial as JSON AccessDeniedException (HTTP 400); moto sends S3-style XML.
                raise JsonRESTError("AccessDeniedException", denied.message) from denied
            finally:
                del self._get_action
            _records[-1].add(principal, action, permitted=True, service=service)

    handler._authenticate_and_authorize_normal_action = authorise_like_aws
    handler._readwell_authorisation = True


def _set_free_requests(endpoint: str | None, count: float) -> None:
    """How many requests moto lets through before it checks credentials: inf pauses IAM, 0 enforces it."""
    if endpoint is None:  # moto in this process (mock_aws, or a ThreadedMotoServer started here)
        from moto import settings
        from moto.core.authorization import ActionAuthenticatorMixin

        settings.INITIAL_NO_AUTH_ACTION_COUNT = count
        ActionAuthenticatorMixin.request_count = 0
        return
    # text/plain: with urllib's default form type, the server would parse the number as a form and lose it.
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth",
        data=str(count).encode(),
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    urllib.request.urlopen(request, timeout=10).close()  # nosec B310 - a moto server's own http endpoint


def enforce(endpoint: str | None = None) -> None:
    _set_free_requests(endpoint, 0)


def pause(endpoint: str | None = None) -> None:
    _set_free_requests(endpoint, float("inf"))
