"""template.yaml as a document: read as written (load, resources) and as CloudFormation receives it after
the SAM transform (expand, expanded)."""

from __future__ import annotations

import copy
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
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
    # Offline there is no feature-toggle config: SAM then warns, once per DeploymentPreference, of a default it uses.
    logging.getLogger("samtranslator.feature_toggle.feature_toggle").setLevel(logging.ERROR)
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
