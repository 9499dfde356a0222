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


def test_a_rollback_succeeds_even_when_noting_what_is_left_fails() -> None:
    """A stack whose rollback fails is stuck (UPDATE_ROLLBACK_FAILED): the rollback answer is always SUCCESS."""

    def unavailable() -> str:
        raise RuntimeError("the table is out of reach")

    rollback = request(ContentVersion="arn:aws:lambda:eu-west-2:1:function:f:6")
    outcome = custom_resource.run(rollback, "7", lambda: {"never": "applied"}, unavailable)
    assert outcome.status == custom_resource.SUCCESS and outcome.data == {}
    assert "could not note what is left to do: RuntimeError: the table is out of reach" in outcome.reason
    noted = custom_resource.run(rollback, "7", lambda: {"never": "applied"}, lambda: "Every page is pending.")
    assert noted.reason.endswith("(publishing never deletes). Every page is pending.")


def test_a_failure_after_writing_says_first_what_was_kept_and_what_the_next_run_does() -> None:
    cause = ContentError([ContentProblem("content/articles/a.md", 3, "bad") for _ in range(400)])
    said = custom_resource.reason_for(custom_resource.WroteBeforeFailing(cause, "1 published", "invalidating 7 paths"))
    assert said.startswith("Kept: 1 published; Left for the next run: invalidating 7 paths; The failure: ContentError")
    assert len(said) <= custom_resource.MAX_REASON
