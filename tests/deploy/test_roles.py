"""Each function's role, statically: its logs go to its own group only, it sends traces, and it reads only the
secrets its environment names, which hold their ARNs, never their values.

Which actions a role holds is proven by the calls the tests make (tests/integration/test_grants.py); which
resource a statement names is checked here, as moto matches every statement against "*".
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from local.aws import least_privilege
from local.aws.least_privilege import references, role_of, statements
from local.template import declarations, document

pytestmark = pytest.mark.deploy

STACKS = {"bare API": {"EdgeCache": "off"}, "with the edge": {"EdgeCache": "on"}}
FUNCTIONS = sorted(declarations.functions())


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def role(expanded: dict[str, Any], function: str) -> dict[str, Any]:
    return dict(expanded["Resources"][role_of(expanded["Resources"][function])])


def arn_of(value: Any) -> str | None:
    """The logical id whose Arn attribute `value` is (!GetAtt X.Arn in either form), else None."""
    target = value.get("Fn::GetAtt") if isinstance(value, dict) and len(value) == 1 else None
    parts = target.split(".") if isinstance(target, str) else target
    return str(parts[0]) if isinstance(parts, list) and parts[1:] == ["Arn"] else None


def log_statements(expanded: dict[str, Any], function: str, parameters: dict[str, str]) -> list[dict[str, Any]]:
    return [s for s in statements(role(expanded, function), parameters) if "logs:" in json.dumps(s.get("Action"))]


@pytest.mark.parametrize("stack", sorted(STACKS))
@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_function_writes_logs_to_its_own_group_and_no_other(function: str, stack: str) -> None:
    expanded = document.expanded()
    resource = expanded["Resources"][function]
    [own_group] = references(resource["Properties"]["LoggingConfig"]["LogGroup"])
    found = log_statements(expanded, function, STACKS[stack])
    assert found, f"{function} may not write its logs"
    for statement in found:
        # The group's ARN, which ends ":*": the streams of that group and nothing else.
        assert arn_of(statement["Resource"]) == own_group, f"{function} writes logs to {statement['Resource']}"
        assert set(statement["Action"]) == {"logs:CreateLogStream", "logs:PutLogEvents"}, statement["Action"]
    # A managed policy could grant logs anywhere (SAM's AWSLambdaBasicExecutionRole does): none is attached.
    assert "ManagedPolicyArns" not in role(expanded, function)["Properties"], function


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_traced_function_may_send_its_traces(function: str) -> None:
    expanded = document.expanded()
    assert expanded["Resources"][function]["Properties"]["TracingConfig"] == {"Mode": "Active"}
    granted = {
        action
        for statement in statements(role(expanded, function))
        for action in statement["Action"]
        if statement["Resource"] == "*"
    }
    assert {"xray:PutTraceSegments", "xray:PutTelemetryRecords"} <= granted, function


@pytest.mark.parametrize("stack", sorted(STACKS))
@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_role_names_only_the_resources_its_function_is_told_about(function: str, stack: str) -> None:
    assert least_privilege.violations(function, document.expanded(), STACKS[stack]) == []


def test_the_check_catches_another_functions_log_group_a_secret_not_in_the_environment_and_a_wildcard() -> None:
    broader = copy.deepcopy(document.expanded())
    site_role = broader["Resources"][role_of(broader["Resources"]["SiteFunction"])]["Properties"]["Policies"]
    logs = next(p for p in site_role if p.get("PolicyName") == "LogsAndTraces")["PolicyDocument"]["Statement"][0]
    logs["Resource"] = {"Fn::GetAtt": ["TrackerLogGroup", "Arn"]}
    secret = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": {"Ref": "ServerSecret"}}
    everywhere = {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}
    site_role.append({"PolicyName": "More", "PolicyDocument": {"Statement": [secret, everywhere]}})
    problems = least_privilege.violations("SiteFunction", broader)
    assert any("TrackerLogGroup" in problem for problem in problems), problems
    assert any("ServerSecret" in problem for problem in problems), problems
    assert any("'*'" in problem for problem in problems), problems


def test_origin_secret_goes_only_to_the_functions_that_check_it() -> None:
    """readwell/edge/verified.py runs in every function that serves a route (its request guard); publishing never
    reads it."""
    source = document.load()
    assert "ORIGIN_SECRET" not in json.dumps(source["Globals"]), "every function would get it"
    told = {
        name
        for name, function in document.resources("AWS::Serverless::Function").items()
        if "OriginSecret" in references(function["Properties"].get("Environment"))
    }
    assert (
        told
        == {route.function for route in declarations.routes()}
        == {"SiteFunction", "TrackerFunction", "FeedbackFunction"}
    )


@pytest.mark.parametrize("function", FUNCTIONS)
def test_an_environment_holds_secrets_arns_never_their_values(function: str) -> None:
    """A dynamic reference would put the value in the function's configuration, which lambda:GetFunctionConfiguration
    shows; a !Ref to the secret is its ARN."""
    expanded = document.expanded()
    secrets = set(of_type(expanded, "AWS::SecretsManager::Secret"))
    variables = expanded["Resources"][function]["Properties"]["Environment"]["Variables"]
    assert "{{resolve:" not in json.dumps(variables), f"{function} gets a secret's value in its environment"
    for name, value in variables.items():
        pointed = references(value) & secrets
        if pointed:
            assert name.endswith("_ARN") and "Ref" in json.dumps(value), f"{function}: {name} = {value}"
    # and it may read exactly those secrets: no more (violations above), no fewer
    granted = {
        secret
        for stack in STACKS.values()
        for statement in statements(role(expanded, function), stack)
        if statement["Action"] == "secretsmanager:GetSecretValue"
        for secret in references(statement["Resource"])
    }
    assert granted == references(variables) & secrets, function
