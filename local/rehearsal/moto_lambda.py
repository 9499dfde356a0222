"""moto's CloudFormation, taught what CloudFormation does with Lambda layers, versions and aliases.

The deploy rehearsal deploys twice, the second time with only the layer changed, and checks through
boto3 that each function's alias `live` moved to a new version that uses the new layer. moto's
CloudFormation (5.x) falls short of AWS there in four ways, each corrected here, as local/aws/moto_iam.py
corrects its IAM:
- `Ref` to an AWS::Lambda::LayerVersion is the layer version's ARN (CloudFormation User Guide,
  AWS::Lambda::LayerVersion, "Return values"); moto hands over its Python object, which fails any update
  of a function's Layers;
- a function created with Layers keeps them (moto drops them on create, keeps them on update);
- `Fn::GetAtt <version>.Version` is the version's number, and AWS::Lambda::Alias exists (moto has neither);
- CloudFormation creates and updates resources in dependency order, so a new AWS::Lambda::Version is
  published after the update of the function it names (and an alias moves after its new version);
  moto adds every new resource before it modifies any existing one, so it would publish the new
  version from the function as it was before this deploy. Versions and aliases go last here.
Only the in-process moto server of the rehearsal runs with these (`install`).
"""

from __future__ import annotations

from typing import Any

HELD_BACK = ("AWS::Lambda::Version", "AWS::Lambda::Alias")  # in this order: an alias names a version


def install() -> None:
    from moto.awslambda import models
    from moto.cloudformation import parsing

    if getattr(models.LayerVersion, "_readwell_cloudformation", False):
        return
    models.LayerVersion.physical_resource_id = property(lambda self: self.arn)  # type: ignore[attr-defined]
    models.LayerVersion._readwell_cloudformation = True  # type: ignore[attr-defined]
    _keep_layers_on_create(models.LambdaFunction)
    models.LambdaVersion.get_cfn_attribute = _version_attribute  # type: ignore[attr-defined]
    _define_alias(models)
    _versions_and_aliases_last(parsing)


def _keep_layers_on_create(function_class: Any) -> None:
    create = function_class.create_from_cloudformation_json

    def create_with_layers(cls: Any, resource_name: str, template: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        function = create(resource_name, template, *args, **kwargs)
        layers = template["Properties"].get("Layers")
        if layers:
            function.layers = function._get_layers_data(layers)
        return function

    function_class.create_from_cloudformation_json = classmethod(create_with_layers)


def _version_attribute(self: Any, attribute_name: str) -> str:
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    if attribute_name == "Version":
        return str(self.version)
    raise UnformattedGetAttTemplateException()


def _define_alias(models: Any) -> None:
    from moto.core.common_models import CloudFormationModel

    class Alias(CloudFormationModel):
        """AWS::Lambda::Alias over moto's Lambda backend: created, then moved to the version it is given."""

        def __init__(self, alias: Any) -> None:
            self.alias = alias

        @property
        def physical_resource_id(self) -> str:
            return str(self.alias.arn)

        @staticmethod
        def cloudformation_name_type() -> str:
            return ""

        @staticmethod
        def cloudformation_type() -> str:
            return "AWS::Lambda::Alias"

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return False

        @classmethod
        def create_from_cloudformation_json(
            cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **_: Any
        ) -> Alias:
            props = cloudformation_json["Properties"]
            backend = models.get_backend(account_id, region_name)
            arguments = (props["Name"], props["FunctionName"], str(props["FunctionVersion"]))
            return cls(backend.create_alias(*arguments, props.get("Description", ""), props.get("RoutingConfig")))

        @classmethod
        def update_from_cloudformation_json(
            cls,
            original_resource: Alias,
            new_resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
        ) -> Alias:
            props = cloudformation_json["Properties"]
            backend = models.get_backend(account_id, region_name)
            arguments = (props["Name"], props["FunctionName"], str(props["FunctionVersion"]))
            return cls(backend.update_alias(*arguments, props.get("Description", ""), props.get("RoutingConfig")))

    models.ReadwellAlias = Alias
    from moto.cloudformation import parsing

    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()  # moto lists CloudFormationModel's subclasses once; Alias is a new one


def _versions_and_aliases_last(parsing: Any) -> None:
    resource_map = parsing.ResourceMap
    diff, update = resource_map.build_resource_diff, resource_map.update

    def diff_holding_back(self: Any, template: dict[str, Any], parameters: Any = None) -> dict[str, Any]:
        actions: dict[str, Any] = diff(self, template, parameters)
        kinds = {name: resource.get("Type") for name, resource in template["Resources"].items()}
        self._readwell_held = {
            action: [name for name in actions[action] if kinds.get(name) in HELD_BACK] for action in ("Add", "Modify")
        }
        for action, names in self._readwell_held.items():
            actions[action] = [name for name in actions[action] if name not in names]
        return actions

    def update_in_dependency_order(self: Any, template: dict[str, Any], parameters: Any = None) -> None:
        update(self, template, parameters)
        held = getattr(self, "_readwell_held", {"Add": [], "Modify": []})
        for kind in HELD_BACK:
            for name in held["Add"]:
                if self._resource_json_map[name]["Type"] == kind:
                    _ = self[name]  # created on first access, as moto creates every resource
            for name in held["Modify"]:
                if self._resource_json_map[name]["Type"] == kind:
                    updated = parsing.parse_and_update_resource(
                        name, self._resource_json_map[name], self, self._account_id, self._region_name
                    )
                    self._parsed_resources[name] = updated or self._parsed_resources[name]

    resource_map.build_resource_diff = diff_holding_back
    resource_map.update = update_in_dependency_order
