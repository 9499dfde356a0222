"""`make deploy-rehearsal`: sam build -> sam package -> expand -> sam deploy into a throwaway moto server, twice.

moto does not run the SAM transform, so the packaged template is expanded offline with samtranslator.
Resources moto's CloudFormation cannot create (the HTTP API, alarms, secrets, and the custom resource,
which needs a real Lambda runtime) are taken out of the deployed copy, SAID SO in the output, and
checked statically in the expanded template instead (see local/rehearsal/checks.py); the secrets are
made in Secrets Manager instead, and their ARNs given to what refers to them. What moto does create is
then checked through boto3: tables, functions with their environment, the layer, the roles, each
function's alias `live`. Then a second deploy changes nothing but the layer's content, and every alias
must be on a new version that uses the new layer (local/rehearsal/layer_change.py; moto's CloudFormation is
taught CloudFormation's ways with layers, versions and aliases in local/rehearsal/moto_lambda.py).
Exit 0 only if every check passed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # runs sam only  # nosec B404
import tempfile
from pathlib import Path
from typing import Any

from local.edge import template_checks
from local.rehearsal import checks, first_deploy, layer_change, moto_lambda
from local.template import conditions, document
from local.template.document import ROOT, load

REGION: Any = "eu-west-2"  # a plain str; boto3-stubs wants a Literal region
STACK = "readwell-rehearsal"
BARE_API = {"EdgeCache": "off"}  # what moto can create; the edge is checked statically
BUCKET = "readwell-rehearsal-artifacts"


def say(line: str) -> None:
    print(line, flush=True)


def run_sam(args: list[str], env: dict[str, str], cwd: Path) -> None:
    sam = ROOT / ".venv-sam" / "bin" / "sam"  # its own venv: the SAM CLI pins an older boto3 (Makefile)
    say(f"\n$ sam {' '.join(args)}")
    result = subprocess.run([str(sam), *args], env=env, cwd=cwd, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        say(result.stdout[-4000:])
        say(result.stderr[-4000:])
        raise SystemExit(f"sam {args[0]} failed with exit code {result.returncode}")
    tail = [line for line in result.stdout.splitlines() if line.strip()][-3:]
    say("\n".join(f"  {line}" for line in tail))


def aws_environment(endpoint: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="rehearsal",
        AWS_SECRET_ACCESS_KEY="rehearsal",  # noqa: S106 - moto accepts anything; never real credentials  # nosec B106
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        SAM_CLI_TELEMETRY="0",
    )
    return env


def package(built: Path, work: Path, env: dict[str, str], name: str) -> dict[str, Any]:
    """sam package the build (uploads what changed), then the SAM transform offline: the stack with its edge."""
    packaged_file = work / name
    run_sam(
        [
            *("package", "--template-file", str(built / "template.yaml"), "--s3-bucket", BUCKET, "--use-json"),
            *("--output-template-file", str(packaged_file), "--region", REGION),
        ],
        env,
        work,
    )
    return document.expand(load(packaged_file))


def deploy(deployable: dict[str, Any], work: Path, env: dict[str, str], name: str) -> None:
    deploy_file = work / name
    deploy_file.write_text(json.dumps(deployable, indent=1), encoding="utf-8")
    run_sam(
        [
            *("deploy", "--template-file", str(deploy_file), "--stack-name", STACK, "--s3-bucket", BUCKET),
            *("--capabilities", "CAPABILITY_IAM", "--no-confirm-changeset", "--no-fail-on-empty-changeset"),
            *("--region", REGION, "--no-progressbar"),
        ],
        env,
        work,
    )


def bare_api(with_edge: dict[str, Any]) -> dict[str, Any]:
    """What moto gets: the bare-API stack (EdgeCache=off), with the same functions, tables and roles."""
    return conditions.for_stack(with_edge, BARE_API, conditions.EDGE | conditions.ALARMS)


# A finished `sam build` of template.yaml (its --build-dir) the caller made already: the rehearsal deploys a copy
# of it rather than building again (the test suite builds once for its template checks and this rehearsal).
BUILT_BY_CALLER = "REHEARSAL_BUILT"


def rehearse(work: Path, endpoint: str) -> checks.Results:
    env = aws_environment(endpoint)
    os.environ.update({k: v for k, v in env.items() if k.startswith("AWS_")})
    import boto3

    boto3.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    session = boto3.session.Session(region_name=REGION)

    built = work / "build"
    if BUILT_BY_CALLER in os.environ:  # `make build`'s output of this very template, taken as it is (a copy)
        say(f"sam build: a copy of {os.environ[BUILT_BY_CALLER]}, built by the caller")
        shutil.copytree(os.environ[BUILT_BY_CALLER], built, symlinks=True)
    else:
        run_sam(["build", "--template-file", str(ROOT / "template.yaml"), "--build-dir", str(built)], env, ROOT)
    with_edge = package(built, work, env, "packaged.json")
    results = checks.Results()
    say("\nThe edge (CloudFront), which moto cannot create, checked statically in the default stack:")
    template_checks.check_edge(with_edge, results)
    expanded = bare_api(with_edge)
    made = checks.make_secrets(session, STACK, expanded)
    deployable, left_out = checks.split_for_moto(expanded, made)
    say("\nmoto's CloudFormation cannot create these; they are NOT deployed here and are checked statically:")
    for logical_id, why in left_out.items():
        kind = "UpdatePolicy" if logical_id.endswith(".UpdatePolicy") else "Output"
        say(f"  - {logical_id} ({expanded['Resources'].get(logical_id, {}).get('Type', kind)}): {why}")
    checks.check_statically(expanded, left_out, results)

    deploy(deployable, work, env, "deploy.json")
    checks.check_deployed(session, STACK, expanded, deployable, results)
    was_live = layer_change.check_first_deploy(session, STACK, expanded, results)
    say("\nThe first deploy, run: PublishContent's Create, Update and Delete, the site and tracker, under their roles")
    first_deploy.run_first_deploy(session, endpoint, STACK, built, made, results)

    say(f"\nA second deploy with only the layer changed ({layer_change.MARKER} added to the built layer):")
    layer_change.change_only_the_layer(built)
    after = bare_api(package(built, work, env, "packaged-layer-change.json"))
    deploy(checks.split_for_moto(after, made)[0], work, env, "deploy-layer-change.json")
    layer_change.check_layer_change(session, STACK, expanded, after, was_live, results)
    return results


def main() -> int:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would bury the results
    moto_lambda.install()  # this process's moto server: CloudFormation's ways with layers, versions, aliases
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        _, port = server.get_host_and_port()
        # The host must read "localhost" (verified on these machines, see DESIGN.md "Build and deploy").
        endpoint = f"http://localhost:{port}"
        say(f"moto server at {endpoint}")
        with tempfile.TemporaryDirectory(prefix="readwell-rehearsal-") as work:
            results = rehearse(Path(work), endpoint)
    finally:
        server.stop()
    say("")
    for line in results.lines:
        say(line)
    say(f"\n{results.passed} passed, {len(results.failures)} failed")
    return 0 if not results.failures else 1
