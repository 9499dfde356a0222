"""Least privilege, statically: each function's role names only the table its environment names.

Which actions a role holds is not kept here: the tests record every DynamoDB call each function makes
under its role and fail when a grant is missing or never used (tests/integration/test_grants.py).
What moto cannot check is which resource a statement names (it matches "*" only), so that is
checked here, on the SAM-expanded template, for every function it holds: a new function needs no row.
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
    from local import conditions

    found = []
    for policy in conditions.choose(role["Properties"].get("Policies", []), conditions.evaluate(parameters)):
        found += _as_list(policy["PolicyDocument"]["Statement"])
    return found


def own_tables(function_id: str, expanded: dict[str, Any]) -> set[str]:
    """The tables a function is told about in its environment: the only ones its role may name."""
    resources = expanded["Resources"]
    tables = {name for name, res in resources.items() if res["Type"] == "AWS::DynamoDB::Table"}
    variables = resources[function_id]["Properties"].get("Environment", {}).get("Variables", {})
    return references(variables) & tables


def violations(function_id: str, expanded: dict[str, Any]) -> list[str]:
    """Every way the function's role reaches beyond its own table, as readable sentences (empty: fine)."""
    resources = expanded["Resources"]
    tables = {name for name, res in resources.items() if res["Type"] == "AWS::DynamoDB::Table"}
    own = own_tables(function_id, expanded)
    role_id = role_of(resources[function_id])
    problems = []
    for statement in statements(resources[role_id]):
        if statement.get("Effect") != "Allow":
            continue
        wild = [action for action in _as_list(statement.get("Action", [])) if "*" in action]
        if wild:
            problems.append(f"{function_id} ({role_id}) is granted wildcard actions {wild}")
        for resource in _as_list(statement.get("Resource", [])):
            if resource == "*" or (isinstance(resource, str) and ":dynamodb:" in resource):
                problems.append(f"{function_id} ({role_id}) names a resource not tied to its table: {resource!r}")
                continue
            named = references(resource) & tables
            if not named or not named <= own:
                problems.append(f"{function_id} ({role_id}) names {sorted(named) or resource!r}, not {sorted(own)}")
    return problems
