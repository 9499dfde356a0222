"""The rehearsal's second deploy: only the layer changed, and every function's alias `live` must move to a new
version that uses the new layer (a layer-only change must reach readers, and SnapStart's snapshot with it).

Checked through boto3 on what moto deployed (lambda get_alias, list_versions_by_function, the stack's
resources), with moto's CloudFormation taught CloudFormation's ways with layers, versions and aliases
(local/rehearsal/moto_lambda.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local.aws.least_privilege import references
from local.rehearsal.checks import LIVE
from local.template.checklist import Results, of_type

# Written into the built layer between the two deploys: the layer's content changes, nothing else does.
MARKER = "readwell-rehearsal-layer-change.txt"


@dataclass(frozen=True)
class Live:
    version: str
    layers: tuple[str, ...]  # layer version ARNs in that version's configuration


def change_only_the_layer(built: Path) -> Path:
    """A file added to the built layer (never to the repository's sources); its path."""
    [layer] = [folder for folder in built.iterdir() if folder.name == "CoreLayer"]
    marker = layer / "python" / MARKER
    marker.write_text("A layer-only change, made by the deploy rehearsal.\n", encoding="utf-8")
    return marker


def physical_ids(session: Any, stack: str) -> dict[str, str]:
    found = session.client("cloudformation").describe_stack_resources(StackName=stack)["StackResources"]
    # (After an update moto also lists the versions the template no longer names, retained, without their ids.)
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in found if "LogicalResourceId" in r}


def aliased_functions(template: dict[str, Any]) -> list[str]:
    return sorted(
        function
        for alias in of_type(template, "AWS::Lambda::Alias").values()
        for function in references(alias["Properties"]["FunctionName"])
    )


def live_versions(session: Any, stack: str, template: dict[str, Any]) -> dict[str, Live]:
    """What each aliased function's `live` alias points at, as moto's Lambda says."""
    client, physical = session.client("lambda"), physical_ids(session, stack)
    found = {}
    for function in aliased_functions(template):
        name = physical[function]
        version = str(client.get_alias(FunctionName=name, Name=LIVE)["FunctionVersion"])
        versions = {v["Version"]: v for v in client.list_versions_by_function(FunctionName=name)["Versions"]}
        layers = tuple(layer["Arn"] for layer in versions.get(version, {}).get("Layers", []))
        found[function] = Live(version, layers)
    return found


def check_first_deploy(session: Any, stack: str, template: dict[str, Any], results: Results) -> dict[str, Live]:
    physical = physical_ids(session, stack)
    [layer] = of_type(template, "AWS::Lambda::LayerVersion")
    live = live_versions(session, stack, template)
    for function, found in live.items():
        results.check(
            found.layers == (physical[layer],),
            f"{function}: {LIVE} points at version {found.version}, which uses {layer} ({physical[layer]})",
        )
    return live


def check_layer_change(
    session: Any, stack: str, before: dict[str, Any], after: dict[str, Any], was: dict[str, Live], results: Results
) -> None:
    """After a deploy whose only change is the layer's content: a new layer version, and every alias on a new
    version of its function that uses it, with the function's own code unchanged."""
    physical = physical_ids(session, stack)
    [old_layer], [new_layer] = of_type(before, "AWS::Lambda::LayerVersion"), of_type(after, "AWS::Lambda::LayerVersion")
    results.check(
        old_layer != new_layer and new_layer in physical,
        f"layer-only change: a new layer version {new_layer} ({physical.get(new_layer)}) replaces {old_layer}",
    )
    now = live_versions(session, stack, after)
    for function in aliased_functions(after):
        same_code = (
            before["Resources"][function]["Properties"]["Code"] == after["Resources"][function]["Properties"]["Code"]
        )
        found = now[function]
        uses = (
            "the new layer" if found.layers == (physical[new_layer],) else "the old layer" if found.layers else "none"
        )
        results.check(
            same_code and found.version != was[function].version and uses == "the new layer",
            f"layer-only change: {function}'s {LIVE} moved from version {was[function].version} to {found.version},"
            f" which uses {uses} ({', '.join(found.layers)}); its own code is {'un' if same_code else ''}changed",
        )
    [old_site], [new_site] = (
        [custom["Properties"]["SiteVersion"] for custom in of_type(template, "Custom::PublishContent").values()]
        for template in (before, after)
    )
    results.check(
        old_site != new_site,
        f"layer-only change: PublishContent's SiteVersion moves to {sorted(references(new_site))}, so its Update"
        " makes the edge forget every page, after the site's alias moved (DependsOn)",
    )
