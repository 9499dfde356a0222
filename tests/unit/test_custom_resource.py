"""The custom resource protocol pieces that the in-process handler tests do not reach."""

from __future__ import annotations

import json
import socket
import urllib.error

import pytest
from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

from readwell.articles import custom_resource
from readwell.articles.model import ContentError, ContentProblem


def request(url: str = "https://example.invalid/response", **properties: str) -> CloudFormationCustomResourceEvent:
    return CloudFormationCustomResourceEvent(
        {
            "RequestType": "Create",
            "ResponseURL": url,
            "StackId": "arn:aws:cloudformation:eu-west-2:123456789012:stack/readwell/4f2c",
            "RequestId": "r1",
            "LogicalResourceId": "PublishContent",
            "ResourceType": "Custom::PublishContent",
            "ResourceProperties": properties,
        }
    )


def test_a_long_list_of_problems_still_fits_the_4096_byte_response() -> None:
    problems = [ContentProblem(f"content/articles/a-{n}.md", n, "unknown field 'x' (known: ...)") for n in range(300)]
    outcome = custom_resource.Outcome(custom_resource.FAILED, custom_resource.reason_for(ContentError(problems)))

    body = json.dumps(custom_resource.response_body(request(), outcome))

    assert len(body.encode("utf-8")) < 4096
    assert outcome.reason.startswith("ContentError: content/articles/a-0.md:0: unknown field 'x'")
    assert outcome.reason.endswith("... (see logs)")


def test_an_unreachable_response_url_fails_after_a_bounded_number_of_attempts() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = custom_resource.Outcome(custom_resource.SUCCESS)

    with pytest.raises(urllib.error.URLError):
        custom_resource.send(request(f"http://127.0.0.1:{port}/r"), outcome, attempts=2, timeout=2)


def test_only_http_response_urls_are_followed() -> None:
    with pytest.raises(ValueError, match="http"):
        custom_resource.send(request("file:///etc/passwd"), custom_resource.Outcome(custom_resource.SUCCESS))


@pytest.mark.parametrize(
    ("wanted", "running", "rollback"),
    [
        ("arn:aws:lambda:eu-west-2:1:function:f:7", "7", False),
        ("arn:aws:lambda:eu-west-2:1:function:f:6", "7", True),
        ("arn:aws:lambda:eu-west-2:1:function:f:6", "$LATEST", False),
        ("", "7", False),
    ],
)
def test_rollback_is_recognised_only_by_a_version_mismatch(wanted: str, running: str, rollback: bool) -> None:
    properties = {"ContentVersion": wanted} if wanted else {}
    assert custom_resource.is_rollback_to_other_code(request(**properties), running) is rollback
