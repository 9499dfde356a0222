"""Every deploy goes live: a new layer publishes a new version of every aliased function, and the edge is told
to forget pages only once the site's alias serves that version.

SAM names a function's version after a hash of what it reads: without AutoPublishAliasAllProperties that is
the function's own code only, and even with it the layer counts only through CoreLayer's
PublishLambdaVersion (samtranslator/model/sam_resources.py, _construct_version). `expand` runs SAM's own
transform offline; a code key stands for what `sam package` uploads, so changing one is a changed layer.
"""

from __future__ import annotations

from typing import Any

import pytest

from local.aws.least_privilege import references
from local.template import document

pytestmark = pytest.mark.deploy

LAYER = "CoreLayer"


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def aliased_functions() -> set[str]:
    functions = document.resources("AWS::Serverless::Function")
    return {name for name, function in functions.items() if function["Properties"].get("AutoPublishAlias")}


def live_versions(layer_key: str) -> dict[str, str]:
    """Each aliased function's version logical id (its alias's), with the layer's code at `layer_key`."""
    expanded = document.expand(document.load(), {LAYER: layer_key})
    return {
        function: version
        for alias in of_type(expanded, "AWS::Lambda::Alias").values()
        for function in references(alias["Properties"]["FunctionName"])
        for version in references(alias["Properties"]["FunctionVersion"])
    }


def test_a_layer_only_change_publishes_a_new_version_of_every_aliased_function() -> None:
    before = live_versions("core-layer-before")
    after = live_versions("core-layer-after")
    assert set(before) == set(after) == aliased_functions() == {"SiteFunction", "TrackerFunction", "PublishFunction"}
    unchanged = sorted(function for function in before if before[function] == after[function])
    assert unchanged == [], f"the alias of {unchanged} would keep the old layer after a layer-only change"


def test_a_deploy_that_changes_nothing_keeps_every_version() -> None:
    assert live_versions("core-layer-before") == live_versions("core-layer-before")


def test_a_layer_only_change_makes_the_publish_resource_forget_every_page() -> None:
    """PublishContent's SiteVersion names the site's new version, so CloudFormation sends an Update with a
    changed SiteVersion, and the publish function invalidates everything (functions/publish/app.py)."""

    def site_version_property(layer_key: str) -> Any:
        expanded = document.expand(document.load(), {LAYER: layer_key})
        [custom] = of_type(expanded, "Custom::PublishContent").values()
        return custom["Properties"]["SiteVersion"]

    assert site_version_property("core-layer-before") != site_version_property("core-layer-after")
    assert references(site_version_property("core-layer-after")) == {live_versions("core-layer-after")["SiteFunction"]}


def test_the_edge_is_invalidated_only_after_the_site_alias_moved() -> None:
    """cfn-lint accepts any DependsOn that starts like a SAM-made alias, whatever its case: the name is checked here."""
    expanded = document.expanded()
    [(name, custom)] = of_type(expanded, "Custom::PublishContent").items()
    depends = custom.get("DependsOn", [])
    depends = depends if isinstance(depends, list) else [depends]
    site_aliases = {
        alias
        for alias, resource in of_type(expanded, "AWS::Lambda::Alias").items()
        if references(resource["Properties"]["FunctionName"]) == {"SiteFunction"}
    }
    assert site_aliases and set(depends) >= site_aliases, f"{name} runs before {sorted(site_aliases)} moves"
    routed_to = {
        target
        for integration in _integrations(expanded)
        for target in references(integration.get("uri"))
        if target in site_aliases
    }
    assert routed_to == site_aliases, "the alias PublishContent waits for is the one the site's routes call"


def _integrations(expanded: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for api in of_type(expanded, "AWS::ApiGatewayV2::Api").values():
        for methods in api["Properties"].get("Body", {}).get("paths", {}).values():
            found += [method.get("x-amazon-apigateway-integration", {}) for method in methods.values()]
    return found
