"""The deployer's permissions cover every service the stack creates: each resource type of the expanded template
(every optional part on) belongs to a service that docs/deploy.md lists and CloudFormation's execution role may use;
the pipeline's own credentials only drive CloudFormation, and the execution role is held to the stacks' resources."""

from __future__ import annotations

from typing import Any

import pytest

from local.template import document

pytestmark = pytest.mark.deploy

# The IAM prefix, and the name docs/deploy.md gives it, of each resource type's service. A resource of a new type
# fails here until it is placed: then the docs and deploy/github-oidc.yaml say it too.
SERVICES = {
    "AWS::ApiGatewayV2": ("apigateway", "API Gateway"),
    "AWS::CloudFront": ("cloudfront", "CloudFront"),
    "AWS::CloudWatch": ("cloudwatch", "CloudWatch"),
    "AWS::CodeDeploy": ("codedeploy", "CodeDeploy"),
    "AWS::DynamoDB": ("dynamodb", "DynamoDB"),
    "AWS::Events": ("events", "EventBridge"),
    "AWS::IAM": ("iam", "IAM"),
    "AWS::Lambda": ("lambda", "Lambda"),
    "AWS::Logs": ("logs", "CloudWatch Logs"),
    "AWS::S3": ("s3", "S3"),
    "AWS::SecretsManager": ("secretsmanager", "Secrets Manager"),
    "AWS::SNS": ("sns", "SNS"),
    "AWS::WAFv2": ("wafv2", "AWS WAF"),
    "Custom": ("lambda", "Lambda"),  # a custom resource is our function, invoked by CloudFormation
}


def every_part_on() -> dict[str, Any]:
    """The expanded template with every condition's resources kept: the most a deploy can create."""
    return document.expanded()


def services(template: dict[str, Any]) -> dict[str, tuple[str, str]]:
    kinds = {resource["Type"] for resource in template["Resources"].values()}
    return {kind: SERVICES.get(kind.rsplit("::", 1)[0] if "::" in kind else kind, ("", "")) for kind in kinds}


def test_every_resource_type_belongs_to_a_known_service() -> None:
    unplaced = sorted(kind for kind, service in services(every_part_on()).items() if not service[0])
    assert unplaced == []


def test_the_deploy_guide_lists_every_service() -> None:
    guide = (document.ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = guide.split("### The deployer's permissions", 1)[1].split("\n## ", 1)[0]
    missing = sorted({name for _, name in services(every_part_on()).values() if name not in section})
    assert missing == []


OIDC = document.ROOT / "deploy" / "github-oidc.yaml"


def statements(role: str) -> list[dict[str, Any]]:
    """Each statement of the role's inline policies in deploy/github-oidc.yaml, its Action always a list."""
    found = document.load(OIDC)["Resources"][role]["Properties"]["Policies"]
    return [
        {**statement, "Action": statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]}
        for policy in found
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def resources(statement: dict[str, Any]) -> list[str]:
    """The statement's resources as written (the text of each !Sub, or "*")."""
    listed = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    return [item["Fn::Sub"] if isinstance(item, dict) and "Fn::Sub" in item else str(item) for item in listed]


def test_cloudformation_deploys_as_a_role_that_may_use_every_service() -> None:
    allowed = {
        str(action).split(":", 1)[0]
        for s in statements("ExecutionRole")
        if s["Effect"] == "Allow"
        for action in s["Action"]
    }
    missing = sorted({prefix for prefix, _ in services(every_part_on()).values()} - allowed)
    assert missing == []
    trust = document.load(OIDC)["Resources"]["ExecutionRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert [s["Principal"] for s in trust] == [{"Service": "cloudformation.amazonaws.com"}]


def test_the_pipelines_own_credentials_reach_only_its_stacks_its_uploads_and_the_execution_role() -> None:
    pipeline = statements("DeployRole")
    assert {action.split(":", 1)[0] for s in pipeline for action in s["Action"]} == {"cloudformation", "s3", "iam"}
    [passing] = [s for s in pipeline if any(a.startswith("iam:") for a in s["Action"])]
    assert passing["Action"] == ["iam:PassRole"] and passing["Resource"] == {"Fn::GetAtt": "ExecutionRole.Arn"}
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}
    uploads = [r for s in pipeline if any(a.startswith("s3:") for a in s["Action"]) for r in resources(s)]
    assert uploads and all(":s3:::aws-sam-cli-managed-default-" in r for r in uploads)
    changing = {"cloudformation:CreateChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack"}
    for statement in pipeline:
        on_our_stacks = any("stack/${StackPrefix}-*" in r for r in resources(statement))
        if on_our_stacks and changing & set(statement["Action"]):
            # Every change to a readwell stack runs as the execution role, never as the pipeline's credentials.
            assert statement["Condition"] == {
                "StringEquals": {"cloudformation:RoleArn": {"Fn::GetAtt": "ExecutionRole.Arn"}}
            }


# Services whose resources get generated ids (the API, the distribution, a secret's suffix) or name none: allowed by
# action on every resource. Every other Allow names resources after the stacks.
BY_ACTION_ONLY = {"apigateway:*", "cloudfront:*"}
NAMED_ANYWHERE = (":layer:*", ":deploymentconfig:*", ":s3:::aws-sam-cli-managed-default-*/*")


def test_the_execution_role_is_limited_to_the_stacks_resources_and_never_reads_what_readers_stored() -> None:
    role = statements("ExecutionRole")
    secrets = set(document.resources("AWS::SecretsManager::Secret"))
    named = [
        r.rsplit(":secret:", 1)[-1] for s in role if s["Effect"] == "Allow" for r in resources(s) if ":secret:" in r
    ]
    assert sorted(named) == sorted(f"{secret}-*" for secret in secrets), "each of the stack's secrets, by its name"
    for statement in (s for s in role if s["Effect"] == "Allow"):
        for resource in resources(statement):
            if resource == "*":
                wildcards = {a for a in statement["Action"] if a.endswith("*")}
                assert wildcards <= BY_ACTION_ONLY, f"{statement['Sid']}: {sorted(wildcards - BY_ACTION_ONLY)}"
            else:
                secret = resource.rsplit(":secret:", 1)[-1].removesuffix("-*") if ":secret:" in resource else None
                assert secret in secrets or "${StackPrefix}-" in resource or resource.endswith(NAMED_ANYWHERE), resource
    denied = {action for s in role if s["Effect"] == "Deny" for action in s["Action"]}
    reads = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect"}
    assert reads | {"logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "s3:GetObject"} <= denied


def test_a_resource_of_an_unlisted_service_fails_the_check() -> None:
    template = every_part_on()
    template["Resources"]["Queue"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    assert services(template)["AWS::SQS::Queue"] == ("", "")
