"""Who may do what to which table: the one table the template tests and the deploy rehearsal check against.

A function missing from template.yaml is skipped with a reason (its branch may not be merged yet);
a function in the template with no row here is an error: every new function states its grant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

READ_CONTENT = frozenset({"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"})
# Publishing reads current hashes (BatchGetItem) and writes with PutItem, also inside TransactWriteItems.
PUBLISH_CONTENT = frozenset({"dynamodb:BatchGetItem", "dynamodb:PutItem"})
# The tracker: one Query per page, conditional Put/Update/Delete of its own items, batched deletes.
TRACKER_READ_WRITE = frozenset(
    {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
)


@dataclass(frozen=True)
class Grant:
    table: str  # logical id of the only table the function may touch
    actions: frozenset[str]


ALLOWED: dict[str, Grant] = {
    "SiteFunction": Grant("ContentTable", READ_CONTENT),
    "PublishFunction": Grant("ContentTable", PUBLISH_CONTENT),
    "TrackerFunction": Grant("TrackerTable", TRACKER_READ_WRITE),
}

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


def statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for policy in role["Properties"].get("Policies", []):
        found += _as_list(policy["PolicyDocument"]["Statement"])
    return found


def violations(function_id: str, expanded: dict[str, Any]) -> list[str]:
    """Every way the function's role reaches beyond its grant, as readable sentences (empty: fine)."""
    grant = ALLOWED[function_id]
    resources = expanded["Resources"]
    tables = {name for name, res in resources.items() if res["Type"] == "AWS::DynamoDB::Table"}
    role_id = role_of(resources[function_id])
    problems = []
    for statement in statements(resources[role_id]):
        actions = set(_as_list(statement.get("Action", [])))
        if statement.get("Effect") != "Allow":
            continue
        extra = actions - grant.actions
        if extra:
            problems.append(f"{function_id} ({role_id}) may also {sorted(extra)}")
        for resource in _as_list(statement.get("Resource", [])):
            if resource == "*" or (isinstance(resource, str) and ":dynamodb:" in resource):
                problems.append(f"{function_id} ({role_id}) names a resource not tied to its table: {resource!r}")
                continue
            named = references(resource) & tables
            if named != {grant.table}:
                problems.append(f"{function_id} ({role_id}) names {sorted(named) or resource!r}, not {grant.table}")
    if not statements(resources[role_id]):
        problems.append(f"{function_id} ({role_id}) has no policy on {grant.table}")
    return problems
