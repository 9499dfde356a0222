"""Least privilege, statically: each function's role names only the resources its own configuration names.

Which actions a role holds is not kept here: the tests record every DynamoDB and Secrets Manager call
each function makes under its role and fail when a grant is missing or never used
(tests/integration/test_grants.py). What moto cannot check is which resource a statement names (it
matches "*" only): which table, secret, distribution or log group. That is checked here, on the
SAM-expanded template, for every function it holds: a new function needs no row.
"""

from __future__ import annotations

import re
from typing import Any

_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def references(value: Any) -> set[str]:
    """Logical ids a CloudFormation value points at through Ref, Fn::GetAtt or Fn::Sub."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= references(item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner.split(".")[0])
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, {})
                found |= {name for name in _SUB_NAME.findall(text) if name not in variables}
                found |= references(variables)
            else:
                found |= references(inner)
    return {name for name in found if not name.startswith("AWS::")}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_of(function: dict[str, Any]) -> str:
    """The logical id of an expanded function's role (SAM writes Role: !GetAtt <Id>Role.Arn)."""
    role = function["Properties"]["Role"]
    names = references(role)
    if len(names) != 1:
        raise ValueError(f"cannot tell which role {role!r} is")
    return names.pop()


def statements(role: dict[str, Any], parameters: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The role's statements for one set of parameters (default: a local run's)."""
    from local.template import conditions

    found = []
    for policy in conditions.choose(role["Properties"].get("Policies", []), conditions.evaluate(parameters)):
        found += _as_list(policy["PolicyDocument"]["Statement"])
    return found


# For each service a role may be granted: the kind of resource its statements may name, and the part of
# the function's own configuration that tells it which ones are its own.
OWN_RESOURCES = {
    "dynamodb": ("AWS::DynamoDB::Table", "Environment"),
    "secretsmanager": ("AWS::SecretsManager::Secret", "Environment"),
    "cloudfront": ("AWS::CloudFront::Distribution", "Environment"),
    "logs": ("AWS::Logs::LogGroup", "LoggingConfig"),
}
# Actions IAM authorises on no particular resource (X-Ray's trace writes and sampling reads): "*" is their
# only Resource, and nothing else may share a statement with them.
WITHOUT_RESOURCES = frozenset(
    {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"}
)


def own_resources(function_id: str, expanded: dict[str, Any], service: str) -> set[str]:
    """The resources of `service` the function's configuration points at: the only ones its role may name."""
    kind, where = OWN_RESOURCES[service]
    resources = expanded["Resources"]
    of_kind = {name for name, res in resources.items() if res["Type"] == kind}
    return references(resources[function_id]["Properties"].get(where, {})) & of_kind


def own_tables(function_id: str, expanded: dict[str, Any]) -> set[str]:
    """The tables a function is told about in its environment: the only ones its role may name."""
    return own_resources(function_id, expanded, "dynamodb")


def violations(function_id: str, expanded: dict[str, Any], parameters: dict[str, str] | None = None) -> list[str]:
    """Every way the function's role reaches beyond its own resources, as readable sentences (empty: fine).

    A statement grants one service's actions on resources of that service which the function's own
    configuration names (its tables, secrets and distribution in its environment, its log group in its
    LoggingConfig); only actions on no particular resource (WITHOUT_RESOURCES) may name "*".
    """
    resources = expanded["Resources"]
    role_id = role_of(resources[function_id])
    problems = []
    for statement in statements(resources[role_id], parameters):
        if statement.get("Effect") != "Allow":
            continue
        actions = [str(action) for action in _as_list(statement.get("Action", []))]
        wild = [action for action in actions if "*" in action]
        if wild:
            problems.append(f"{function_id} ({role_id}) is granted wildcard actions {wild}")
        named_resources = _as_list(statement.get("Resource", []))
        if set(actions) <= WITHOUT_RESOURCES:
            if named_resources != ["*"]:
                problems.append(f"{function_id} ({role_id}) names {named_resources!r} for {actions}, which take '*'")
            continue
        services = {action.split(":")[0] for action in actions}
        if len(services) != 1 or not services <= set(OWN_RESOURCES):
            problems.append(f"{function_id} ({role_id}) mixes or grants unchecked services in {actions}")
            continue
        [service] = services
        kind = OWN_RESOURCES[service][0]
        of_kind = {name for name, res in resources.items() if res["Type"] == kind}
        own = own_resources(function_id, expanded, service)
        for resource in named_resources:
            if resource == "*" or (isinstance(resource, str) and f":{service}:" in resource):
                problems.append(f"{function_id} ({role_id}) names a resource not tied to its own: {resource!r}")
                continue
            named = references(resource) & of_kind
            if not named or not named <= own:
                problems.append(f"{function_id} ({role_id}) names {sorted(named) or resource!r}, not {sorted(own)}")
    return problems
