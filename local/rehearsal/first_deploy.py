"""The first deploy, run: what CloudFormation would make the stack's functions do, under their deployed roles.

moto's Lambda cannot run code without Docker, so the functions are invoked here, in process, from the
folders `sam build` made (the publish function with the content/ it bundled, in a copy: the build is
deployed again later), with the environment and the role moto's CloudFormation created for each. The
roles get credentials with sts:AssumeRole; then the moto server enforces IAM, and from then on only
those credentials, and an administrator that counts items, talk to it. PublishContent gets
CloudFormation's Create, an Update after a content change, and Delete, answering at a local
ResponseURL; then the site renders what was published, and the tracker reads its secret from Secrets
Manager by the ARN in its environment (which holds no secret's value).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from local.aws import moto_iam
from local.aws.environment import prepare_environment
from local.aws.roles import ADMIN, Credentials, for_moto
from local.rehearsal import checks
from local.rehearsal.cfn_response import event, response_url
from local.serve.lambda_http import to_event
from local.serve.lambda_runtime import LocalFunction
from local.template import declarations, document

ARTICLE = "metastatic-breast-cancer-metastasis-and-primary-cancer"
REVISION_TEXT = "This sentence was added to rehearse an update."
ACCOUNT = "123456789012"


def _assume(iam: Any, sts: Any, role_name: str) -> Credentials:
    """Credentials for a deployed role, its policies readable by moto (which matches Resource "*" only)."""
    for name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        stored = iam.get_role_policy(RoleName=role_name, PolicyName=name)["PolicyDocument"]
        document = checks.policy_document(stored)
        iam.put_role_policy(RoleName=role_name, PolicyName=name, PolicyDocument=json.dumps(for_moto(document)))
    arn = iam.get_role(RoleName=role_name)["Role"]["Arn"]
    found = sts.assume_role(RoleArn=arn, RoleSessionName="rehearsal")["Credentials"]
    return Credentials(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])


def _admin(iam: Any) -> Credentials:
    iam.create_user(UserName=ADMIN)
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName=ADMIN, PolicyName="everything", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=ADMIN)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def _deployed_function(session: Any, physical: dict[str, str], name: str, credentials: Credentials) -> dict[str, Any]:
    configuration = session.client("lambda").get_function_configuration(FunctionName=physical[name])
    return {**checks.deployed_variables(configuration), **credentials.environment()}


def run_first_deploy(
    session: Any, endpoint: str, stack: str, built: Path, made: dict[str, str], results: checks.Results
) -> None:
    """Create, Update and Delete of PublishContent, then an article page and a recovery code tried, each under its
    function's deployed role. `made`: the secrets' ARNs (made outside moto's CloudFormation)."""
    prepare_environment()
    cloudformation = session.client("cloudformation")
    physical = {
        r["LogicalResourceId"]: r.get("PhysicalResourceId", "")
        for r in cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    }
    iam, sts = session.client("iam"), session.client("sts")
    role_of = {name: physical[f"{name}Role"] for name in ("PublishFunction", "SiteFunction", "TrackerFunction")}
    credentials = {name: _assume(iam, sts, role) for name, role in role_of.items()}
    environments = {name: _deployed_function(session, physical, name, found) for name, found in credentials.items()}
    admin = _admin(iam)
    moto_iam.install()
    moto_iam.enforce(endpoint)
    try:
        table = physical["ContentTable"]
        count = admin.client("dynamodb", endpoint)
        publishing = shutil.copytree(built / "PublishFunction", built.parent / "PublishFunction-run")
        publisher = LocalFunction("PublishFunction", environments["PublishFunction"], publishing)
        arn = f"arn:aws:lambda:{document.REGION}:{ACCOUNT}:function:{physical['PublishFunction']}"

        def items() -> int:
            return int(count.scan(TableName=table, Select="COUNT")["Count"])

        with response_url() as cfn:

            def send(request_type: str, version: str, **extra: Any) -> tuple[dict[str, Any], int, str]:
                request = event(request_type, cfn.url, arn, version, table, **extra)
                publisher.invoke(request, version)
                answer = cfn.bodies[-1]
                told = answer.get("Data", {}).get("Summary") or answer.get("Reason", "")
                return answer, items(), f"{request_type}: {answer['Status']} {told}"

            created, after_create, said = send("Create", "1")
            results.check(created["Status"] == "SUCCESS" and after_create > 0, f"{said} ({after_create} items)")
            article = publishing / "content" / "articles" / f"{ARTICLE}.md"
            article.write_text(article.read_text(encoding="utf-8") + f"\n{REVISION_TEXT}\n", encoding="utf-8")
            same_resource = {"PhysicalResourceId": created["PhysicalResourceId"]}
            updated, after_update, said = send("Update", "2", **same_resource)
            results.check(
                updated["Status"] == "SUCCESS"
                and updated["Data"].get("Published") == "1"
                and after_update > after_create,
                f"{said} (content changed; {after_update} items)",
            )
            deleted, after_delete, said = send("Delete", "2", **same_resource)
            results.check(
                deleted["Status"] == "SUCCESS" and after_delete == after_update,
                f"{said} (every item kept: {after_delete} items)",
            )
        site = LocalFunction(
            "SiteFunction",
            environments["SiteFunction"],
            built / "SiteFunction",
        )
        path = f"/articles/{ARTICLE}"
        route, parameters = declarations.match(declarations.routes(), "GET", path) or (None, {})
        assert route is not None  # noqa: S101 - the template routes articles  # nosec B101
        page = site.invoke(to_event("GET", path, [("host", "readwell.example")], b"", route, parameters))
        results.check(
            page["statusCode"] == 200 and REVISION_TEXT in page["body"],
            f"the site, under its role, renders {path} with the updated text ({page['statusCode']})",
        )
        _tracker_reads_its_secret(built, environments["TrackerFunction"], role_of["TrackerFunction"], made, results)
    finally:
        moto_iam.pause(endpoint)


def _tracker_reads_its_secret(
    built: Path, environment: dict[str, Any], role: str, made: dict[str, str], results: checks.Results
) -> None:
    """A recovery code tried: the tracker derives the limiter's key from its secret, read by the ARN it is told."""
    values = {name: value for name, value in environment.items() if name.endswith("_ARN") and value}
    results.check(
        set(values.values()) <= set(made.values()) and bool(values),
        f"the tracker is told secrets' ARNs only ({', '.join(sorted(values))}), never their values",
    )
    tracker = LocalFunction("TrackerFunction", environment, built / "TrackerFunction")
    path = "/tracker/open"
    route, parameters = declarations.match(declarations.routes(), "POST", path) or (None, {})
    assert route is not None  # noqa: S101 - the template routes the tracker  # nosec B101
    headers = [("host", "readwell.example"), ("origin", "https://readwell.example")]
    headers += [("content-type", "application/x-www-form-urlencoded"), ("x-forwarded-proto", "https")]
    with moto_iam.recording() as record:
        reply = tracker.invoke(to_event("POST", path, headers, b"recovery_code=AAAA-BBBB-CCCC-DDDD", route, parameters))
    reads = record.count(role, "secretsmanager:GetSecretValue")
    results.check(
        reply["statusCode"] == 400 and reads == 1,
        f"the tracker, under its role, read its secret from Secrets Manager ({reads} read) to try a recovery code"
        f" ({reply['statusCode']}: no tracker has it)",
    )
