"""template.yaml: lint-clean, buildable here (no Docker, no local Python 3.13), and least privilege.

The built template (.aws-sam/build/template.yaml) is expanded offline with samtranslator, with
placeholder S3 locations for the built folders, so the IAM roles are checked exactly as SAM writes them.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from local.aws import least_privilege
from local.build import botocore_data
from local.template import declarations, document
from readwell.tracker import privacy
from tests.deploy.conftest import BUILT, ROOT, make

# The build is shared with the rehearsal (tests/deploy/conftest.py): the two run on one process.
pytestmark = [pytest.mark.deploy, pytest.mark.xdist_group("sam-build")]


@pytest.fixture(scope="session")
def built_template(build_output: str) -> dict[str, Any]:
    return document.load(BUILT / "template.yaml")


expand = document.expand


@pytest.fixture(scope="session")
def expanded(built_template: dict[str, Any]) -> dict[str, Any]:
    return expand(built_template)


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def test_validate_runs_cfn_lint_and_sam_validate_lint_cleanly() -> None:
    result = make("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "template.yaml is a valid SAM Template" in result.stdout + result.stderr


def test_sam_build_makes_arm64_cp313_artifacts(build_output: str) -> None:
    assert "Build Succeeded" in build_output
    layer = BUILT / "CoreLayer" / "python"
    assert (layer / "readwell" / "templates" / "layout.html").is_file()
    assert (layer / "aws_lambda_powertools").is_dir()
    compiled = sorted(path.name for path in layer.rglob("*.so"))
    assert compiled, "the layer has compiled wheels (markupsafe, pyyaml, wrapt)"
    assert all("cpython-313-aarch64-linux-gnu" in name for name in compiled), compiled
    assert botocore_data.shipped(layer) == sorted(botocore_data.SERVICES), "botocore ships only the models we call"
    for name, function in document.resources("AWS::Serverless::Function").items():
        handler = function["Properties"]["Handler"].rsplit(".", 1)[0] + ".py"
        assert (BUILT / name / handler).is_file(), f"{name} was built with its handler"
    assert sorted(p.name for p in (BUILT / "PublishFunction" / "content" / "articles").glob("*.md")) == sorted(
        p.name for p in (ROOT / "content" / "articles").glob("*.md")
    )


def test_every_function_and_the_layer_build_with_the_makefile() -> None:
    source = document.load()
    built_by_make = [
        name
        for name, res in source["Resources"].items()
        if res["Type"] in ("AWS::Serverless::Function", "AWS::Serverless::LayerVersion")
    ]
    for name in built_by_make:
        assert source["Resources"][name]["Metadata"] == {
            **source["Resources"][name]["Metadata"],
            "BuildMethod": "makefile",
            "ContextPath": ".",
        }, name


def test_built_functions_run_python313_on_arm64_with_the_core_layer(
    built_template: dict[str, Any], expanded: dict[str, Any]
) -> None:
    globals_ = built_template["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.13"
    assert globals_["Architectures"] == ["arm64"]
    assert globals_["Tracing"] == "Active"
    layer = of_type(built_template, "AWS::Serverless::LayerVersion")["CoreLayer"]["Properties"]
    assert layer["CompatibleRuntimes"] == ["python3.13"] and layer["CompatibleArchitectures"] == ["arm64"]
    assert Path(layer["ContentUri"]).name == "CoreLayer"  # sam build pointed it at the built folder
    [layer_version] = of_type(expanded, "AWS::Lambda::LayerVersion")
    assert expanded["Resources"][layer_version]["DeletionPolicy"] == "Delete"  # old versions are cleaned up
    functions = of_type(expanded, "AWS::Lambda::Function")
    assert functions
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Runtime"] == "python3.13", name
        assert props["Architectures"] == ["arm64"], name
        assert props["Layers"] == [{"Ref": layer_version}], name
        assert props["TracingConfig"] == {"Mode": "Active"}, name
        variables = props["Environment"]["Variables"]
        assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "Readwell", name
        assert variables["POWERTOOLS_SERVICE_NAME"], name


@pytest.mark.parametrize("function", sorted(declarations.functions()))
def test_each_role_names_only_the_table_its_function_is_told_about(function: str, expanded: dict[str, Any]) -> None:
    """Which actions: tests/integration/test_grants.py (recorded calls). Which table: here, as moto cannot tell."""
    assert least_privilege.own_tables(function, expanded), f"{function} names no table in its environment"
    assert least_privilege.violations(function, expanded) == []


def test_the_least_privilege_check_catches_a_broader_policy(expanded: dict[str, Any]) -> None:
    broader = copy.deepcopy(expanded)
    role = least_privilege.role_of(broader["Resources"]["SiteFunction"])
    policies = broader["Resources"][role]["Properties"]["Policies"]
    statement = next(p for p in policies if p.get("PolicyName") == "ReadContent")["PolicyDocument"]["Statement"][0]
    statement["Action"] = [*statement["Action"], "dynamodb:*"]
    statement["Resource"] = [*statement["Resource"], "*", {"Fn::GetAtt": ["TrackerTable", "Arn"]}]
    problems = least_privilege.violations("SiteFunction", broader)
    assert any("dynamodb:*" in p for p in problems)
    assert any("'*'" in p for p in problems)
    assert any("TrackerTable" in p for p in problems)


def test_tables_are_on_demand_recoverable_and_retained(expanded: dict[str, Any]) -> None:
    tables = of_type(expanded, "AWS::DynamoDB::Table")
    assert "ContentTable" in tables
    for name, table in tables.items():
        props = table["Properties"]
        assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain", name
        assert props["BillingMode"] == "PAY_PER_REQUEST", name
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name
        assert props["DeletionProtectionEnabled"] is True, name


@pytest.mark.parametrize("table", ["TrackerTable", "FeedbackTable"])
def test_the_privacy_page_states_the_recovery_period_of_each_table_of_readers_data(
    expanded: dict[str, Any], table: str
) -> None:
    """Point-in-time recovery keeps deleted trackers and expired feedback this long; the privacy page says so
    from privacy.py."""
    recovery = expanded["Resources"][table]["Properties"]["PointInTimeRecoverySpecification"]
    assert recovery["RecoveryPeriodInDays"] == privacy.RECOVERY_PERIOD_DAYS


def test_every_function_logs_to_its_own_group_which_exists_before_it_runs(expanded: dict[str, Any]) -> None:
    """The function names the group, so CloudFormation creates the group first (PublishContent runs it mid-deploy);
    the API's access log has a group of its own; every group expires its lines."""
    groups = of_type(expanded, "AWS::Logs::LogGroup")
    used = []
    for name, function in of_type(expanded, "AWS::Lambda::Function").items():
        [group] = least_privilege.references(function["Properties"]["LoggingConfig"]["LogGroup"]) & set(groups)
        assert name not in least_privilege.references(groups[group]), f"{group} would be created after {name}"
        assert "RetentionInDays" in groups[group]["Properties"], group
        used.append(group)
    [stage] = of_type(expanded, "AWS::ApiGatewayV2::Stage").values()
    [access] = least_privilege.references(stage["Properties"]["AccessLogSettings"]["DestinationArn"]) & set(groups)
    assert "RetentionInDays" in groups[access]["Properties"], access
    assert sorted([*used, access]) == sorted(groups), "one group per function, and the API's access log"


def test_content_change_alone_republishes(built_template: dict[str, Any]) -> None:
    """sam package names the publish code by its checksum, so new content means a new version and an Update."""
    before = expand(built_template, {"PublishFunction": "0f3a-content-before"})
    after = expand(built_template, {"PublishFunction": "9b7c-content-after"})

    def version_and_property(template: dict[str, Any]) -> tuple[str, Any]:
        [version] = [name for name in of_type(template, "AWS::Lambda::Version") if name.startswith("PublishFunction")]
        [custom] = [res for res in template["Resources"].values() if res["Type"] == "Custom::PublishContent"]
        return version, custom["Properties"]["ContentVersion"]

    old_version, old_property = version_and_property(before)
    new_version, new_property = version_and_property(after)
    assert old_property == {"Ref": old_version} and new_property == {"Ref": new_version}
    assert old_version != new_version
    assert version_and_property(expand(built_template, {"PublishFunction": "0f3a-content-before"}))[0] == old_version


def test_the_api_access_log_says_which_route_and_how_it_went_never_who_asked_or_for_what(
    expanded: dict[str, Any],
) -> None:
    """Route keys, not paths (a tracker's days) or queries; no address, cookie or header of the reader's."""
    [stage] = of_type(expanded, "AWS::ApiGatewayV2::Stage").values()
    line = stage["Properties"]["AccessLogSettings"]["Format"]
    fields = json.loads(line.replace("\n", " "))
    assert {"requestId", "route", "status", "latencyMs"} <= set(fields)
    used = set(re.findall(r"\$context\.([A-Za-z.]+)", line))
    assert used <= {
        "requestId",
        "requestTimeEpoch",
        "routeKey",
        "status",
        "responseLatency",
        "integrationLatency",
        "integrationErrorMessage",
    }, used
