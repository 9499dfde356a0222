"""The IAM role template.yaml gives each function, made real on a moto that enforces IAM.

`open_account` creates on a moto endpoint (in process, or a server) the template's tables, its secrets
(in Secrets Manager, each with a value made up here as Secrets Manager generates one) and one role per
function holding exactly the policies the SAM-expanded template gives that function's role, takes
credentials for each role with sts:AssumeRole (as Lambda does), plus an administrator for set-up and
for tests that inspect tables, and then turns IAM enforcement on. From then on our code only ever runs
with one function's credentials: a missing grant is an AccessDenied, as in AWS.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from local.aws import moto_iam
from local.aws.least_privilege import references, role_of, statements
from local.template import conditions, declarations, document

ADMIN = "readwell-admin"
_ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
_ANYONE = "set-up"  # while IAM is paused moto accepts any credentials


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def environment(self) -> dict[str, str | None]:
        """The variables Lambda sets for a role's credentials (None: must be unset)."""
        return {
            "AWS_ACCESS_KEY_ID": self.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.secret_access_key,
            "AWS_SESSION_TOKEN": self.session_token,
        }

    def client(self, service: str, endpoint: str | None = None, config: Any = None) -> Any:
        return boto3.client(
            service,
            endpoint_url=endpoint,
            config=config,
            region_name=document.REGION,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            aws_session_token=self.session_token,
        )


def function_policies(
    expanded: dict[str, Any], parameters: dict[str, str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each function's inline policy documents, as the SAM-expanded template writes its role (for the
    given parameters; default: a local run's)."""
    chosen = conditions.evaluate(parameters)
    resources = expanded["Resources"]
    found = {}
    for name, resource in resources.items():
        if resource["Type"] == "AWS::Lambda::Function":
            policies = conditions.choose(resources[role_of(resource)]["Properties"].get("Policies", []), chosen)
            found[name] = [policy["PolicyDocument"] for policy in policies]
    return found


def granted_actions(expanded: dict[str, Any], function: str, parameters: dict[str, str] | None = None) -> set[str]:
    """Every action a function's role allows (DynamoDB's and any other service's), in the stack with `parameters`
    (default: a local run's)."""
    role = expanded["Resources"][role_of(expanded["Resources"][function])]
    granted: set[str] = set()
    for statement in statements(role, parameters):
        if statement.get("Effect") == "Allow":
            actions = statement.get("Action", [])
            granted |= set(actions if isinstance(actions, list) else [actions])
    return granted


def for_moto(document: dict[str, Any]) -> dict[str, Any]:
    """The policy with every Resource widened to "*": moto matches resources against "*" only.

    Which table or secret a statement names is therefore checked statically (least_privilege.violations).
    """
    listed = document["Statement"]
    return {
        "Version": "2012-10-17",
        "Statement": [{**s, "Resource": "*"} for s in (listed if isinstance(listed, list) else [listed])],
    }


def stack_secrets(parameters: dict[str, str] | None = None, template: Path = document.TEMPLATE) -> list[str]:
    """The AWS::SecretsManager::Secret resources the stack with `parameters` has (default: a local run's)."""
    chosen = conditions.evaluate(parameters, document.load(template))
    found = document.resources("AWS::SecretsManager::Secret", template)
    return [name for name, secret in found.items() if chosen.get(secret.get("Condition", ""), True)]


def local_secrets(parameters: dict[str, str] | None = None, template: Path = document.TEMPLATE) -> dict[str, str]:
    """A value for each secret of the stack, made up here as Secrets Manager would generate one."""
    return {name: secrets.token_urlsafe(48) for name in stack_secrets(parameters, template)}


@dataclass
class Account:
    """A moto endpoint with the template's tables and secrets, an administrator, and credentials per function."""

    endpoint: str | None  # None: moto in this process (mock_aws)
    admin: Credentials | None  # None: not moto; the functions use the caller's own credentials
    roles: dict[str, Credentials]
    table_names: dict[str, str]  # table logical id -> table name
    secrets: dict[str, str] = field(default_factory=local_secrets)  # secret logical id -> its value
    secret_ids: dict[str, str] = field(default_factory=dict)  # secret logical id -> its ARN in Secrets Manager
    # The stack's parameters (None: a local run's, local/template/conditions.py).
    parameters: dict[str, str] | None = None

    def admin_client(self, service: str = "dynamodb") -> Any:
        """For set-up and for tests that look at a table directly; never for our code."""
        if self.admin is None:
            raise RuntimeError("this DynamoDB is not moto: there is no administrator of ours")
        return self.admin.client(service, self.endpoint)

    def environment(self, function: str) -> dict[str, str | None]:
        """What Lambda would give the function: template.yaml's variables (tables, secrets' ARNs resolved), its
        role, and where this account's Secrets Manager is."""
        variables: dict[str, str | None] = {
            **template_environment(function, self.table_names, self.secret_ids, self.parameters)
        }
        if self.endpoint is not None and self.secret_ids:
            variables["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = self.endpoint
        role = self.roles.get(function)
        return {**variables, **(role.environment() if role else {})}


# A stack's CloudFront distribution has no local counterpart: a function told of none invalidates nothing
# (a test that makes a distribution passes its id itself).
_NOT_LOCAL = ("AWS::CloudFront::Distribution",)


def template_environment(
    function: str,
    table_names: dict[str, str] | None = None,
    secret_ids: dict[str, str] | None = None,
    parameters: dict[str, str] | None = None,
) -> dict[str, str]:
    """The variables template.yaml gives a function, resolved here: a parameter by its value in the stack with
    `parameters`, tables by name, each secret by its ARN (default: its logical id, for a process that never reads
    it), what has no local counterpart as ""."""
    tables = table_names or {name: name for name in declarations.table_definitions()}
    absent = {name: "" for kind in _NOT_LOCAL for name in document.resources(kind)}
    secret_names = {name: name for name in stack_secrets(parameters)}
    names = {**conditions.parameter_values(parameters), **absent, **tables, **secret_names, **(secret_ids or {})}
    variables = declarations.functions(parameters=parameters)[function].environment
    return {key: resolve(value, names) for key, value in variables.items()}


def resolve(value: Any, names: dict[str, str]) -> str:
    """An environment value from template.yaml: a !Ref to a table becomes its name here, a secret its ARN."""
    pointed = references(value) if isinstance(value, dict) else set()
    if pointed:
        [logical_id] = pointed
        return names[logical_id]
    return str(value)


def open_account(
    endpoint: str | None = None,
    template: Path = document.TEMPLATE,
    parameters: dict[str, str] | None = None,
    secret_values: dict[str, str] | None = None,
) -> Account:
    """Tables, administrator and function roles on moto at `endpoint`, then IAM enforced there.

    Safe to run again on the same endpoint (`make publish` against the moto `make serve` started):
    what exists is reused, policies are written afresh, credentials are new. `parameters`: the stack's
    parameter values the roles, secrets and environments follow (default: a local run's,
    local/template/conditions.py). `secret_values`: values for some of the secrets (the rest are made up here).
    """
    from local.aws.dynamodb_tables import create_tables

    moto_iam.install()
    moto_iam.pause(endpoint)
    try:
        setup = Credentials(_ANYONE, _ANYONE)
        iam, sts = setup.client("iam", endpoint), setup.client("sts", endpoint)
        create_tables(setup.client("dynamodb", endpoint), template)
        wanted = {**local_secrets(parameters, template), **(secret_values or {})}
        manager = setup.client("secretsmanager", endpoint)
        stored = {name: _secret(manager, name, value) for name, value in wanted.items()}
        admin = _user(iam, ADMIN, _ADMIN_POLICY)
        expanded = document.expanded(template)
        roles = {
            function: _role(iam, sts, expanded, function, documents)
            for function, documents in function_policies(expanded, parameters).items()
        }
    finally:
        moto_iam.enforce(endpoint)
    names = {name: name for name in declarations.table_definitions(template)}
    values = {name: value for name, (_, value) in stored.items()}
    arns = {name: arn for name, (arn, _) in stored.items()}
    return Account(endpoint, admin, roles, names, values, arns, parameters)


def _secret(client: Any, name: str, value: str) -> tuple[str, str]:
    """(ARN, value) of the secret named after its logical id: created with `value`, or as it already is."""
    try:
        return str(client.create_secret(Name=name, SecretString=value)["ARN"]), value
    except client.exceptions.ResourceExistsException:
        found = client.get_secret_value(SecretId=name)
        return str(found["ARN"]), str(found["SecretString"])


def _user(iam: Any, name: str, policy: dict[str, Any]) -> Credentials:
    try:
        iam.create_user(UserName=name)
    except iam.exceptions.EntityAlreadyExistsException:
        for key in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    iam.put_user_policy(UserName=name, PolicyName="everything", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def _role(iam: Any, sts: Any, expanded: dict[str, Any], function: str, documents: list[dict[str, Any]]) -> Credentials:
    """The function's role with its template policies (for moto), and credentials for it."""
    role = expanded["Resources"][role_of(expanded["Resources"][function])]["Properties"]
    try:
        arn = iam.create_role(RoleName=function, AssumeRolePolicyDocument=json.dumps(role["AssumeRolePolicyDocument"]))
    except iam.exceptions.EntityAlreadyExistsException:
        arn = iam.get_role(RoleName=function)
        for old in iam.list_role_policies(RoleName=function)["PolicyNames"]:
            iam.delete_role_policy(RoleName=function, PolicyName=old)
    for number, policy in enumerate(documents):
        iam.put_role_policy(
            RoleName=function, PolicyName=f"template{number}", PolicyDocument=json.dumps(for_moto(policy))
        )
    assumed = sts.assume_role(RoleArn=arn["Role"]["Arn"], RoleSessionName=f"{function}-{uuid.uuid4().hex[:8]}")
    found = assumed["Credentials"]
    return Credentials(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])
