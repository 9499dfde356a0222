"""The deployer's permissions cover every service the stack creates: each resource type of the expanded template
(every optional part on) belongs to a service that docs/deploy.md lists and the pipeline's role may use."""

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


def test_the_pipelines_role_may_use_every_service() -> None:
    role = document.load(document.ROOT / "deploy" / "github-oidc.yaml")["Resources"]["DeployRole"]
    allowed = {
        str(action).split(":", 1)[0]
        for policy in role["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
        for action in (statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
    }
    missing = sorted({prefix for prefix, _ in services(every_part_on()).values()} - allowed)
    assert missing == []
    assert {"cloudformation", "s3", "iam"} <= allowed


def test_a_resource_of_an_unlisted_service_fails_the_check() -> None:
    template = every_part_on()
    template["Resources"]["Queue"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    assert services(template)["AWS::SQS::Queue"] == ("", "")
