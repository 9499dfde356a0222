"""The CloudFormation custom resource protocol: every request gets exactly one answer at its ResponseURL.

A small sender of our own, not crhelper (aws-cloudformation/custom-resource-helper, crhelper/utils.py):
crhelper always connects with http.client.HTTPSConnection, retries an unanswered PUT forever, sleeps
up to two minutes on Delete and reconfigures the root logger, which fights Powertools' Logger.
Request parsing is Powertools' CloudFormationCustomResourceEvent. Response fields and the 4096-byte
limit: AWS CloudFormation User Guide, "Custom resource response objects".
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

SUCCESS = "SUCCESS"
FAILED = "FAILED"
MAX_REASON = 2000  # the whole response body must stay under 4096 bytes
VERSION_PROPERTY = "ContentVersion"


@dataclass
class Outcome:
    status: str
    reason: str = ""
    data: dict[str, str] = field(default_factory=dict)


def physical_id(request: CloudFormationCustomResourceEvent) -> str:
    """Stable for the life of the resource, so CloudFormation never sees an update as a replacement."""
    if request.physical_resource_id:
        return request.physical_resource_id
    stack_name = request.stack_id.split("/")[1] if "/" in request.stack_id else request.stack_id
    return f"{stack_name}-{request.logical_resource_id}"


def is_rollback_to_other_code(request: CloudFormationCustomResourceEvent, running_version: str) -> bool:
    """True when CloudFormation asks this code to apply properties written for another version of it.

    During a rollback the custom resource is reverted before the function's alias, so the new code
    receives the old properties. Publishing never deletes, and the older content/ is not bundled with
    this code, so the right answer is SUCCESS without writing: whatever the failed deploy wrote stays.
    """
    wanted = str(request.resource_properties.get(VERSION_PROPERTY, ""))
    if not wanted or running_version in ("", "$LATEST"):
        return False
    return wanted.rsplit(":", 1)[-1] != running_version


class WroteBeforeFailing(Exception):
    """A failure after part of the work was done. The reason CloudFormation shows says first what is kept (a
    rollback undoes none of it) and what the next run will do, then the failure itself."""

    def __init__(self, error: BaseException, kept: str, left: str) -> None:
        self.error = error
        super().__init__(f"Kept: {kept}\nLeft for the next run: {left}\nThe failure: {reason_for(error)}")


def reason_for(error: BaseException) -> str:
    """One line CloudFormation shows in the stack events: the error type and every problem it lists."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if isinstance(error, WroteBeforeFailing):  # its message holds its cause's own reason
        return _fitted("; ".join(lines))
    return _fitted(f"{type(error).__name__}: {'; '.join(lines) or 'no details'}")


def _fitted(reason: str) -> str:
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 15] + " ... (see logs)"


def property_changed(request: CloudFormationCustomResourceEvent, name: str) -> bool:
    """True on an Update whose resource property `name` differs from before (a Create has no before)."""
    if request.request_type != "Update":
        return False
    old = (request.old_resource_properties or {}).get(name)
    return old != (request.resource_properties or {}).get(name)


def run(
    request: CloudFormationCustomResourceEvent,
    running_version: str,
    apply: Callable[[], dict[str, str]],
    on_rollback: Callable[[], str] | None = None,
) -> Outcome:
    """Apply on Create and Update; Delete leaves everything in place. Never raises.

    A rollback writes nothing; `on_rollback()` may note what the rollback leaves to do (what it says is added
    to the reason). Its failure cannot fail the rollback: a stack whose rollback fails is stuck.
    """
    if request.request_type == "Delete":
        return Outcome(SUCCESS, "Delete leaves the published data in place")
    if is_rollback_to_other_code(request, running_version):
        reason = "Rollback: nothing written; what the failed deploy wrote stays (publishing never deletes)"
        try:
            noted = on_rollback() if on_rollback is not None else ""
        except Exception as error:  # the rollback must go on; say what could not be done
            noted = f"could not note what is left to do: {reason_for(error)}"
        return Outcome(SUCCESS, _fitted(f"{reason}. {noted}" if noted else reason))
    try:
        return Outcome(SUCCESS, data=apply())
    except Exception as error:  # every failure must reach CloudFormation, or the stack waits
        return Outcome(FAILED, reason_for(error))


def response_body(request: CloudFormationCustomResourceEvent, outcome: Outcome) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Status": outcome.status,
        "PhysicalResourceId": physical_id(request),
        "StackId": request.stack_id,
        "RequestId": request.request_id,
        "LogicalResourceId": request.logical_resource_id,
        "Data": outcome.data,
    }
    if outcome.reason:
        body["Reason"] = outcome.reason
    return body


def send(request: CloudFormationCustomResourceEvent, outcome: Outcome, attempts: int = 3, timeout: float = 10) -> None:
    """PUT the response to the presigned ResponseURL; a few quick retries, then give up loudly."""
    url = request.response_url
    if urlsplit(url).scheme not in ("https", "http"):
        raise ValueError(f"ResponseURL must be http(s), got {urlsplit(url).scheme!r}")
    payload = json.dumps(response_body(request, outcome)).encode("utf-8")
    # The presigned URL was signed without a content type, so send an empty one.
    put = urllib.request.Request(url, data=payload, method="PUT", headers={"Content-Type": ""})  # noqa: S310
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(put, timeout=timeout):  # noqa: S310 - scheme checked above  # nosec B310
                return
        except (urllib.error.URLError, OSError):
            if attempt == attempts:
                raise
            time.sleep(attempt)
