"""`make deploy-rehearsal`: build, package, expand and deploy into a throwaway moto server, then check it; then
deploy again with only the layer changed, and see every alias move to a new version that uses the new layer."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from local.template import document
from tests.deploy.conftest import BUILT, ROOT

# It deploys a copy of the deploy tests' one build (tests/deploy/conftest.py), on the process that made it.
pytestmark = [pytest.mark.deploy, pytest.mark.long, pytest.mark.xdist_group("sam-build")]


def test_the_rehearsal_deploys_and_says_what_it_checked_statically(build_output: str) -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "deploy-rehearsal"],
        cwd=ROOT,
        env={**os.environ, "REHEARSAL_BUILT": str(BUILT)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert f"sam build: a copy of {BUILT}, built by the caller" in output  # not built a second time
    assert "Successfully created/updated stack - readwell-rehearsal" in output
    assert "they are NOT deployed here and are checked statically" in output
    assert "PublishContent (Custom::PublishContent): a custom resource needs a Lambda runtime" in output
    assert "HttpApi (AWS::ApiGatewayV2::Api): moto's CloudFormation has no AWS::ApiGatewayV2::Api" in output
    assert "the functions are run in process below" in output
    # CodeDeploy's canary: not moto's, so the aliases move at once there and the canary is checked statically.
    for function in ("SiteFunction", "TrackerFunction"):
        assert f"{function}Aliaslive.UpdatePolicy (UpdatePolicy): moto has no CodeDeploy" in output
        assert f"ok    static: {function}DeploymentGroup shifts ['{function}Aliaslive'] and rolls back on [" in output
        assert (
            f"ok    static: {function}DeploymentGroup's role CodeDeployRole is CodeDeploy's and may move only" in output
        )
    assert "ok    static: ServerlessDeploymentApplication is a Lambda CodeDeploy application with 2" in output
    for alarm in document.resources("AWS::CloudWatch::Alarm"):
        assert (
            f"ok    static: {alarm} watches " in output
            and "notifies ['AlarmTopic'] when it fires and when it clears" in output
        )
    assert "ok    AlarmTopic was created (AWS::SNS::Topic)" in output
    assert "ok    static: Dashboard shows every function, table and API" in output
    for said in ("ok    Create: SUCCESS", "ok    Update: SUCCESS", "ok    Delete: SUCCESS", "every item kept"):
        assert said in output, said
    assert "ok    the site, under its role, renders /articles/" in output
    for function in document.resources("AWS::Serverless::Function"):
        assert f"ok    static: {function} logs to [" in output
    for table in document.resources("AWS::DynamoDB::Table"):
        assert f"ok    table {table} (" in output
    for function in document.resources("AWS::Serverless::Function"):
        assert f"ok    function {function}: environment" in output
        assert f"ok    role of {function}: only" in output
    assert "ok    the tracker is told secrets' ARNs only (SERVER_SECRET_ARN), never their values" in output
    assert "ok    the tracker, under its role, read its secret from Secrets Manager (1 read)" in output
    secret_readers = re.search(r"ok    static: ServerSecret is read by \[([^\]]*)\], told its ARN and granted", output)
    assert secret_readers
    assert set(secret_readers[1].replace("'", "").split(", ")) == {"TrackerFunction", "FeedbackFunction"}
    assert "A second deploy with only the layer changed" in output
    assert "ok    layer-only change: a new layer version CoreLayer" in output
    aliased = [
        name
        for name, f in document.resources("AWS::Serverless::Function").items()
        if "AutoPublishAlias" in f["Properties"]
    ]
    assert sorted(aliased) == ["PublishFunction", "SiteFunction", "TrackerFunction"]
    for function in aliased:
        assert f"ok    {function}: live points at version 1, which uses CoreLayer" in output
        moved = f"ok    layer-only change: {function}'s live moved from version 1 to 2, which uses the new layer ("
        assert moved in output and "); its own code is unchanged" in output.split(moved, 1)[1].split("\n", 1)[0]
    assert "ok    layer-only change: PublishContent's SiteVersion moves to ['SiteFunctionVersion" in output
    assert "FAIL" not in output
    assert output.rstrip().endswith(" passed, 0 failed")
