"""The deploy rehearsal's checks: what moto deployed (through boto3), and what it cannot deploy (statically).

Every check iterates over whatever the expanded template holds, so a new function, table or route
is checked without changes here. A left-out resource with no static check fails the rehearsal:
nothing is skipped silently.
"""

from __future__ import annotations

import ast
import copy
import io
import json
import secrets
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from local.aws import least_privilege
from local.aws.least_privilege import references
from local.aws.roles import granted_actions
from local.template import declarations
from local.template.checklist import Results, of_type

CUSTOM_RESOURCE_REASON = "a custom resource needs a Lambda runtime; moto's invoke cannot run code without Docker"
SECRET = "AWS::SecretsManager::Secret"  # noqa: S105  # nosec B105 - a resource type, not a password
LIVE = "live"  # the alias template.yaml's functions publish (AutoPublishAlias)


def make_secrets(session: Any, stack: str, expanded: dict[str, Any]) -> dict[str, str]:
    """Each secret of the template, made in Secrets Manager with a generated value as CloudFormation would (moto's
    CloudFormation cannot): {logical id: its ARN}."""
    client = session.client("secretsmanager")
    return {
        name: str(client.create_secret(Name=f"{stack}-{name}", SecretString=secrets.token_urlsafe(48))["ARN"])
        for name in of_type(expanded, SECRET)
    }


def split_for_moto(expanded: dict[str, Any], made: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the template moto can deploy, {left-out logical id or Outputs.X: why}). `made`: the secrets made outside
    moto's CloudFormation (make_secrets), whose ARN replaces each !Ref to them."""
    from moto.cloudformation.parsing import get_model_map

    supported = set(get_model_map())
    resources = expanded["Resources"]
    left_out: dict[str, str] = {}
    for name, res in resources.items():
        kind = res["Type"]
        if kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource":
            left_out[name] = CUSTOM_RESOURCE_REASON
        elif kind not in supported:
            left_out[name] = f"moto's CloudFormation has no {kind}"
            if name in made:
                left_out[name] += "; the rehearsal made it in Secrets Manager and gives its ARN to what refers to it"
    deployable = _refs_replaced(copy.deepcopy(expanded), {name: made[name] for name in left_out if name in made})
    for name, res in deployable["Resources"].items():
        # CodeDeploy's canary (an alias's UpdatePolicy) is not moto's: the alias is deployed all at once here,
        # and the deployment group and its alarms are checked statically.
        if res.pop("UpdatePolicy", None) is not None:
            left_out[f"{name}.UpdatePolicy"] = "moto has no CodeDeploy: the alias moves at once, without a canary"
    changed = True
    while changed:  # whatever points at a left-out resource cannot be created either
        changed = False
        for name, res in deployable["Resources"].items():
            if name in left_out:
                continue
            depends = res.get("DependsOn", [])
            pointed = (references(res) | set(depends if isinstance(depends, list) else [depends])) & set(left_out)
            if pointed:
                left_out[name] = f"refers to {', '.join(sorted(pointed))}, which is left out"
                changed = True
    for name in left_out:
        deployable["Resources"].pop(name, None)
    for output, spec in expanded.get("Outputs", {}).items():
        pointed = references(spec) & set(left_out)
        if pointed:
            left_out[f"Outputs.{output}"] = f"refers to {', '.join(sorted(pointed))}, which is left out"
            deployable["Outputs"].pop(output)
    return deployable, left_out


def _refs_replaced(template: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """Each {"Ref": name} of `values` becomes its value (a secret's ARN, as CloudFormation's Ref gives it): what
    uses the secret is still deployed and run."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"Ref"} and value["Ref"] in values:
                return values[value["Ref"]]
            return {key: walk(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(template)


# ---- Static checks of what moto cannot create ----


def _http_api(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    body = res["Properties"].get("Body", {})
    paths = body.get("paths", {})
    aliases = of_type(template, "AWS::Lambda::Alias")
    for route in declarations.routes():
        method = "x-amazon-apigateway-any-method" if route.method == "ANY" else route.method.lower()
        integration = paths.get(route.path, {}).get(method, {}).get("x-amazon-apigateway-integration", {})
        # SnapStart: a route calls its function's alias (which a function's published version backs).
        targets = {route.function} | {
            name
            for name, alias in aliases.items()
            if references(alias["Properties"]["FunctionName"]) == {route.function}
        }
        results.check(
            bool(targets & references(integration.get("uri"))) and integration.get("payloadFormatVersion") == "2.0",
            f"static: {name} routes {route.method} {route.path} to {route.function} (payload 2.0)",
        )


def _stage(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    settings = props.get("DefaultRouteSettings", {})
    results.check(
        props.get("StageName") == "$default"
        and props.get("AutoDeploy") is True
        and settings.get("ThrottlingBurstLimit", 0) > 0
        and settings.get("ThrottlingRateLimit", 0) > 0,
        f"static: {name} is the auto-deployed $default stage with default throttling {settings}",
    )


def _permission(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    functions = set(of_type(template, "AWS::Lambda::Function"))
    apis = set(of_type(template, "AWS::ApiGatewayV2::Api"))
    functions |= set(of_type(template, "AWS::Lambda::Alias"))  # SnapStart: the routes call the alias
    results.check(
        props.get("Action") == "lambda:InvokeFunction"
        and props.get("Principal") == "apigateway.amazonaws.com"
        and bool(references(props.get("FunctionName")) & functions)
        and bool(references(props.get("SourceArn")) & apis),
        f"static: {name} lets only the HTTP API invoke {sorted(references(props.get('FunctionName')))}",
    )


def _alias(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    versions = of_type(template, "AWS::Lambda::Version")
    [version] = references(props.get("FunctionVersion")) & set(versions) or [""]
    results.check(
        bool(version)
        and references(versions[version]["Properties"]["FunctionName"]) == references(props["FunctionName"]),
        f"static: {name} points at {version or 'no version'} of {sorted(references(props.get('FunctionName')))}",
    )


def _alarm(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    watched = references(props.get("Dimensions"))
    topics = set(of_type(template, "AWS::SNS::Topic")) | {"AlarmTopicArn"}
    told = [references(props.get(key)) for key in ("AlarmActions", "OKActions")]
    results.check(
        bool(watched) and watched <= set(template["Resources"]) and all(found and found <= topics for found in told),
        f"static: {name} watches {props.get('Namespace')} {props.get('MetricName')} of {sorted(watched)}"
        f" and notifies {sorted(set().union(*told))} when it fires and when it clears",
    )


def _codedeploy_application(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    groups = [g for g in of_type(template, "AWS::CodeDeploy::DeploymentGroup").values() if name in references(g)]
    results.check(
        res["Properties"].get("ComputePlatform") == "Lambda" and bool(groups),
        f"static: {name} is a Lambda CodeDeploy application with {len(groups)} deployment groups",
    )


def _deployment_group(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    """The canary: an alias shifted by this group, rolled back on its alarms, by a role that may move only it."""
    props = res["Properties"]
    aliases = [
        alias
        for alias, spec in of_type(template, "AWS::Lambda::Alias").items()
        if name in references(spec.get("UpdatePolicy"))
    ]
    functions = set().union(*(references(template["Resources"][a]["Properties"]["FunctionName"]) for a in aliases))
    alarms = {str(item["Name"].get("Ref")) for item in props.get("AlarmConfiguration", {}).get("Alarms", [])}
    watched = set().union(
        *(references(template["Resources"][alarm]["Properties"].get("Dimensions")) for alarm in alarms)
    )
    rollback = props.get("AutoRollbackConfiguration", {})
    results.check(
        len(aliases) == 1
        and props.get("AlarmConfiguration", {}).get("Enabled") is True
        and rollback.get("Enabled") is True
        and "DEPLOYMENT_STOP_ON_ALARM" in rollback.get("Events", [])
        and functions <= watched,
        f"static: {name} shifts {aliases} and rolls back on {sorted(alarms)}",
    )
    [role] = references(props.get("ServiceRoleArn")) or [""]
    statements = least_privilege.statements(template["Resources"][role]) if role in template["Resources"] else []
    moved = [s for s in statements if any(a.startswith("lambda:") for a in _listed(s.get("Action")))]
    reaches = set().union(*(references(s.get("Resource")) for s in moved)) if moved else set()
    principal = template["Resources"].get(role, {}).get("Properties", {}).get("AssumeRolePolicyDocument", {})
    results.check(
        bool(moved)
        and functions <= reaches
        and all("*" not in _listed(s.get("Resource")) for s in moved)
        and "codedeploy.amazonaws.com" in json.dumps(principal)
        and not template["Resources"][role]["Properties"].get("ManagedPolicyArns"),
        f"static: {name}'s role {role} is CodeDeploy's and may move only the aliases of {sorted(reaches)}",
    )


def _dashboard(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    shown = references(res["Properties"].get("DashboardBody"))
    wanted = set(of_type(template, "AWS::Lambda::Function")) | set(of_type(template, "AWS::DynamoDB::Table"))
    wanted |= set(of_type(template, "AWS::ApiGatewayV2::Api"))
    results.check(
        wanted <= shown <= set(template["Resources"]),
        f"static: {name} shows every function, table and API: {sorted(shown)}",
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _custom_resource(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    aliases = of_type(template, "AWS::Lambda::Alias")
    versions = of_type(template, "AWS::Lambda::Version")
    [alias] = references(props.get("ServiceToken")) & set(aliases) or [""]
    function = references(aliases[alias]["Properties"]["FunctionName"]) if alias else set()
    [version] = references(props.get("ContentVersion")) & set(versions) or [""]
    results.check(
        bool(alias) and bool(version) and references(versions[version]["Properties"]["FunctionName"]) == function,
        f"static: {name} is served by alias {alias} of {sorted(function)} and changes with its version {version}",
    )
    results.check(
        0 < int(props.get("ServiceTimeout", 3600)) <= 900,
        f"static: {name} gives up after {props.get('ServiceTimeout', 3600)} s instead of the default hour",
    )


def _secret(name: str, res: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    props = res["Properties"]
    generated = props.get("GenerateSecretString", {})
    results.check(
        "SecretString" not in props and int(generated.get("PasswordLength", 0)) >= 32,
        f"static: {name} is generated at deploy ({generated.get('PasswordLength')} characters), never written here",
    )
    readers = [
        function
        for function, spec in of_type(template, "AWS::Lambda::Function").items()
        if name in references(spec["Properties"].get("Environment"))
    ]
    granted = [
        function
        for function in readers
        if any(
            statement.get("Action") == "secretsmanager:GetSecretValue" and name in references(statement["Resource"])
            for statement in least_privilege.statements(
                template["Resources"][least_privilege.role_of(template["Resources"][function])]
            )
        )
    ]
    results.check(
        bool(readers) and granted == readers,
        f"static: {name} is read by {readers}, told its ARN and granted GetSecretValue on it",
    )


def _output(name: str, spec: dict[str, Any], template: dict[str, Any], results: Results) -> None:
    pointed = references(spec)
    results.check(bool(pointed) and pointed <= set(template["Resources"]), f"static: {name} reads {sorted(pointed)}")


STATIC_CHECKS: dict[str, Callable[[str, dict[str, Any], dict[str, Any], Results], None]] = {
    "AWS::ApiGatewayV2::Api": _http_api,
    "AWS::ApiGatewayV2::Stage": _stage,
    "AWS::Lambda::Permission": _permission,
    "AWS::Lambda::Alias": _alias,
    "AWS::CloudWatch::Alarm": _alarm,
    "AWS::CodeDeploy::Application": _codedeploy_application,
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group,
    "AWS::CloudWatch::Dashboard": _dashboard,
    SECRET: _secret,
}


def check_statically(expanded: dict[str, Any], left_out: dict[str, str], results: Results) -> None:
    resources = expanded["Resources"]
    for name in left_out:
        if name.startswith("Outputs."):
            _output(name, expanded["Outputs"][name.split(".", 1)[1]], expanded, results)
            continue
        if name.endswith(".UpdatePolicy"):  # the deployment group it names is checked as a resource
            continue
        kind = resources[name]["Type"]
        checker = _custom_resource if kind.startswith("Custom::") else STATIC_CHECKS.get(kind)
        if checker is None:
            results.check(False, f"static: {name} ({kind}) is left out of the rehearsal and has no static check")
        else:
            checker(name, resources[name], expanded, results)
    alarmed = {
        (res["Properties"].get("MetricName"), target)
        for res in of_type(expanded, "AWS::CloudWatch::Alarm").values()
        for target in references(res["Properties"].get("Dimensions"))
    }
    for function in of_type(expanded, "AWS::Lambda::Function"):
        for metric in ("Errors", "Throttles"):
            results.check((metric, function) in alarmed, f"static: {function} is alarmed on {metric}")
    for api in of_type(expanded, "AWS::ApiGatewayV2::Api"):
        results.check(("5xx", api) in alarmed, f"static: {api} is alarmed on 5xx")
    _logs_before_first_run(expanded, results)


def _logs_before_first_run(expanded: dict[str, Any], results: Results) -> None:
    """A function that may run before its log group exists makes Lambda create the group, and then
    CloudFormation's own creation of it fails the deploy: each function names its group, so it comes first."""
    groups = of_type(expanded, "AWS::Logs::LogGroup")
    for name, function in of_type(expanded, "AWS::Lambda::Function").items():
        named = references(function["Properties"].get("LoggingConfig", {}).get("LogGroup")) & set(groups)
        first = bool(named) and all(name not in references(groups[group]) for group in named)
        results.check(first, f"static: {name} logs to {sorted(named)}, created before the function can run")


# ---- Checks through boto3 of what moto deployed ----


def deployed_variables(configuration: dict[str, Any]) -> dict[str, str]:
    """A function's environment as Lambda gives it, every value a string: moto's CloudFormation keeps a Number
    parameter (LogRetentionDays) as the number it parsed."""
    return {name: str(value) for name, value in configuration.get("Environment", {}).get("Variables", {}).items()}


def _resolve_env(value: Any, physical: dict[str, str], parameters: dict[str, Any]) -> str:
    """A variable as CloudFormation sets it: a Ref to a resource is its physical id, to a parameter its value
    (the rehearsal deploys with the defaults)."""
    if isinstance(value, dict) and "Ref" in value:
        name = value["Ref"]
        return physical[name] if name in physical else str(parameters[name]["Default"])
    return str(value)


def check_deployed(
    session: Any, stack: str, expanded: dict[str, Any], deployable: dict[str, Any], results: Results
) -> None:
    cloudformation = session.client("cloudformation")
    status = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    results.check(status == "CREATE_COMPLETE", f"stack {stack} is {status}")
    physical = {
        r["LogicalResourceId"]: r.get("PhysicalResourceId", "")
        for r in cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    }
    for name in deployable["Resources"]:
        results.check(name in physical, f"{name} was created ({deployable['Resources'][name]['Type']})")

    dynamodb = session.client("dynamodb")
    for name, res in of_type(deployable, "AWS::DynamoDB::Table").items():
        props = res["Properties"]
        table = dynamodb.describe_table(TableName=physical[name])["Table"]
        results.check(
            table["KeySchema"] == props["KeySchema"]
            and table.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST"
            and table.get("DeletionProtectionEnabled") is True,
            f"table {name} ({physical[name]}): keys {[k['AttributeName'] for k in props['KeySchema']]},"
            " on-demand, deletion protection on",
        )
        results.check(
            res.get("DeletionPolicy") == "Retain"
            and res.get("UpdateReplacePolicy") == "Retain"
            and props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") is True,
            f"table {name}: DeletionPolicy/UpdateReplacePolicy Retain and PITR in the template",
        )

    lambda_client = session.client("lambda")
    layers = of_type(deployable, "AWS::Lambda::LayerVersion")
    published_layers = lambda_client.list_layers()["Layers"]
    for name, res in layers.items():
        props = res["Properties"]
        [found] = [layer for layer in published_layers if name in layer["LayerName"]] or [{}]
        latest = found.get("LatestMatchingVersion", {})
        results.check("python3.13" in latest.get("CompatibleRuntimes", []), f"layer {name} exists for python3.13")
        static_or_live(
            results,
            latest.get("CompatibleArchitectures"),
            ["arm64"],
            props.get("CompatibleArchitectures"),
            f"layer {name} is for arm64",
        )
    for name, res in of_type(deployable, "AWS::Lambda::Function").items():
        props = res["Properties"]
        config = lambda_client.get_function_configuration(FunctionName=physical[name])
        variables = props["Environment"]["Variables"]
        expected_env = {k: _resolve_env(v, physical, deployable.get("Parameters", {})) for k, v in variables.items()}
        results.check(config["Runtime"] == "python3.13", f"function {name}: python3.13")
        # moto reports its default x86_64 for a function created by CloudFormation, whatever the template says.
        kept = config.get("Architectures") if config.get("Architectures") != ["x86_64"] else None
        static_or_live(results, kept, ["arm64"], props.get("Architectures"), f"function {name}: arm64")
        results.check(
            deployed_variables(config) == expected_env,
            f"function {name}: environment {expected_env}",
        )
        used = {layer["Arn"].rsplit(":", 1)[0].split(":layer:")[-1] for layer in config.get("Layers", [])}
        static_or_live(
            results,
            {name for name in layers if any(name in arn for arn in used)} or None,
            set(layers),
            references(props.get("Layers")),
            f"function {name}: uses the core layer",
        )
        s3 = session.client("s3")
        iam = session.client("iam")
        code = props["Code"]
        archive = zipfile.ZipFile(io.BytesIO(s3.get_object(Bucket=code["S3Bucket"], Key=code["S3Key"])["Body"].read()))
        module = props["Handler"].rsplit(".", 1)[0].replace(".", "/") + ".py"
        results.check(module in archive.namelist(), f"function {name}: its package holds {module}")
        if name in _custom_resource_functions(expanded):
            bundled = [n for n in archive.namelist() if n.startswith("content/") and n.endswith(".md")]
            results.check(bool(bundled), f"function {name}: bundles content/ ({len(bundled)} Markdown files)")
        role_name = config["Role"].rsplit("/", 1)[-1]
        results.check(iam.get_role(RoleName=role_name)["Role"]["Arn"] == config["Role"], f"role of {name} exists")
        _check_role_policies(iam, role_name, name, expanded, {**physical, STACK_NAME: stack}, results)
    results.lines.append(
        "note  moto's Lambda invoke cannot run code without Docker (it answers 200 with an error payload):"
        " the functions are run in process below, from the built folders, under their deployed roles"
    )


def static_or_live(results: Results, live: Any, wanted: Any, template_value: Any, what: str) -> None:
    """Check a property live where moto keeps it; where moto drops it, say so and check the template instead."""
    if live:
        results.check(live == wanted, f"{what} (deployed: {live})")
    else:
        results.check(template_value == wanted, f"{what} (static: moto's CloudFormation does not keep this property)")


def _custom_resource_functions(expanded: dict[str, Any]) -> set[str]:
    functions = set()
    aliases = of_type(expanded, "AWS::Lambda::Alias")
    for res in expanded["Resources"].values():
        if res["Type"].startswith("Custom::"):
            for alias in references(res["Properties"].get("ServiceToken")) & set(aliases):
                functions |= references(aliases[alias]["Properties"]["FunctionName"])
    return functions


def _check_role_policies(
    iam: Any, role_name: str, function: str, expanded: dict[str, Any], physical: dict[str, str], results: Results
) -> None:
    """The deployed role allows exactly the template's actions, on the function's own table, log group and secrets
    (each ARN the deployed policies name is traced back to the resource it belongs to)."""
    own = set().union(*(least_privilege.own_resources(function, expanded, s) for s in _TRACED))
    declared = granted_actions(expanded, function)
    names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    reached: set[str] = set()
    actions: set[str] = set()
    for policy in names:
        document = iam.get_role_policy(RoleName=role_name, PolicyName=policy)["PolicyDocument"]
        if isinstance(document, str):
            document = policy_document(document)
        for statement in document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]:
            listed = statement.get("Action", [])
            listed = listed if isinstance(listed, list) else [listed]
            actions |= set(listed)
            if set(listed) <= least_privilege.WITHOUT_RESOURCES:
                continue  # X-Ray's writes name no resource: "*" is theirs
            resources = statement.get("Resource", [])
            for arn in resources if isinstance(resources, list) else [resources]:
                reached |= _owners(str(arn), expanded, physical) or {str(arn)}
    results.check(
        reached == own and actions == declared,
        f"role of {function}: only {sorted(actions)} on {sorted(own)} (deployed policy documents)",
    )


_TRACED = ("dynamodb", "logs", "secretsmanager")
STACK_NAME = "AWS::StackName"  # in `physical`: the stack's name (make_secrets names each secret after it)


def _owners(arn: str, expanded: dict[str, Any], physical: dict[str, str]) -> set[str]:
    """The template's table, log group or secret a deployed ARN belongs to (a table's index counts as the table)."""

    def belongs(name: str, kind: str) -> bool:
        deployed = physical.get(name, "")
        if kind == "AWS::DynamoDB::Table":
            return bool(deployed) and f":table/{deployed}" in arn
        if kind == "AWS::Logs::LogGroup":  # AWS's Arn attribute ends ":*", moto's does not
            return bool(deployed) and (arn.endswith(f":log-group:{deployed}") or f":log-group:{deployed}:" in arn)
        return kind == SECRET and f":secret:{physical.get(STACK_NAME)}-{name}-" in arn

    return {name for name, resource in expanded["Resources"].items() if belongs(name, resource["Type"])}


def policy_document(text: str | dict[str, Any]) -> Any:
    """boto3 decodes AWS's URL-encoded JSON itself; moto, given a template, keeps Python's repr of the dict."""
    if isinstance(text, dict):
        return text
    try:
        return json.loads(unquote(text))
    except json.JSONDecodeError:
        return ast.literal_eval(text)
