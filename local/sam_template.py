"""Read template.yaml: the one source of routes, functions and table definitions."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
# The region templates are expanded for offline; it only appears inside ARNs nothing here resolves.
REGION = "eu-west-2"


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that keeps CloudFormation short-form tags (!Ref, !Sub, ...) as {tag: value}."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@lru_cache(maxsize=4)
def load(path: Path = TEMPLATE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        # _CfnLoader is a SafeLoader subclass: no arbitrary objects.
        return yaml.load(handle, Loader=_CfnLoader)  # noqa: S506  # nosec B506


def resources(kind: str, path: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in load(path)["Resources"].items() if res["Type"] == kind}


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
    """Each function as the stack with `parameters` has it (default: a local run's, local/conditions.py)."""
    from local import conditions  # imports this module

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


def expand(template: dict[str, Any], code_keys: dict[str, str] | None = None) -> dict[str, Any]:
    """The SAM transform, offline: CloudFormation runs it on deploy; moto, our tests and the local server cannot.

    Local code folders get placeholder S3 locations (sam package would upload them); `code_keys` names
    a resource's placeholder, so a test can say "this function's code changed".
    """
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    source = copy.deepcopy(template)
    for name, resource in source["Resources"].items():
        for key in ("CodeUri", "ContentUri"):
            value = resource.get("Properties", {}).get(key)
            if isinstance(value, str) and not value.startswith("s3://"):
                resource["Properties"][key] = f"s3://placeholder/{(code_keys or {}).get(name, name)}"
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=REGION))
    # Our templates name managed policies by ARN only, so no IAM lookup is needed.
    expanded: dict[str, Any] = translator.translate(source, parameter_values={}, get_managed_policy_map=dict)
    translator.metrics.publish()  # to samtranslator's no-op publisher: else it warns of them when collected
    return expanded


@lru_cache(maxsize=4)
def _expanded(path: Path, modified: float) -> dict[str, Any]:
    return expand(load(path))


def expanded(path: Path = TEMPLATE) -> dict[str, Any]:
    """template.yaml as CloudFormation receives it (roles, versions, permissions written out); a fresh copy."""
    return copy.deepcopy(_expanded(path, path.stat().st_mtime))
