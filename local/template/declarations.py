"""What template.yaml declares for a local run: the HTTP routes, each function (handler, environment, timeout)
and each table, the one source the local server, the IAM-enforcing moto and the tests read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local.template import conditions
from local.template.document import ROOT, TEMPLATE, load, resources


@dataclass(frozen=True)
class Route:
    method: str  # GET, POST, ... or ANY
    path: str  # /articles/{slug}, /tracker/{proxy+} or $default
    function: str  # logical id

    @property
    def pattern(self) -> re.Pattern[str]:
        if self.path == "$default":
            return re.compile(r".*")
        regex = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(self.path))
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex)
        return re.compile(f"^{regex}$")

    @property
    def priority(self) -> tuple[int, int, int]:
        """API Gateway's order: exact paths, then parameters, then greedy, then $default; then longest."""
        if self.path == "$default":
            return (3, 0, 0)
        greedy = "+}" in self.path
        params = "{" in self.path
        return (2 if greedy else 1 if params else 0, -self.path.count("/"), 0 if self.method != "ANY" else 1)


def routes(path: Path = TEMPLATE) -> list[Route]:
    found = []
    for name, function in resources("AWS::Serverless::Function", path).items():
        for event in (function["Properties"].get("Events") or {}).values():
            if event["Type"] == "HttpApi":
                props = event["Properties"]
                found.append(Route(props.get("Method", "ANY").upper(), props.get("Path", "$default"), name))
    return sorted(found, key=lambda r: r.priority)


def match(all_routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in all_routes:
        if route.method not in ("ANY", method.upper()):
            continue
        found = route.pattern.match(path)
        if found:
            return route, found.groupdict()
    return None


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    code_dir: Path
    module: str
    handler: str
    environment: dict[str, Any]
    timeout_seconds: int = 3  # Lambda's default


def functions(path: Path = TEMPLATE, parameters: dict[str, str] | None = None) -> dict[str, FunctionSpec]:
    """Each function as the stack with `parameters` has it (default: a local run's, local/template/conditions.py)."""
    template = load(path)
    chosen = conditions.evaluate(parameters, template)
    globals_ = template.get("Globals", {}).get("Function", {})
    global_env = globals_.get("Environment", {}).get("Variables", {})
    specs = {}
    for name, function in resources("AWS::Serverless::Function", path).items():
        props = function["Properties"]
        module, handler = props["Handler"].rsplit(".", 1)
        env = conditions.choose({**global_env, **props.get("Environment", {}).get("Variables", {})}, chosen)
        timeout = int(props.get("Timeout", globals_.get("Timeout", 3)))
        specs[name] = FunctionSpec(name, ROOT / props["CodeUri"], module, handler, env, timeout)
    return specs


def table_definitions(path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """boto3 create_table arguments for each AWS::DynamoDB::Table, named by its logical id."""
    tables = {}
    for name, table in resources("AWS::DynamoDB::Table", path).items():
        props = table["Properties"]
        request: dict[str, Any] = {
            "TableName": name,
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
        }
        if props.get("GlobalSecondaryIndexes"):
            request["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        tables[name] = request
    return tables
