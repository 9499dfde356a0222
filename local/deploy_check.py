"""`make deploy ENV=...` asks this first: can we reach AWS, as whom, in which Region, and which stack will change?

Without it, missing credentials or Region surface as a SAM error half way through a build, or worse, as "no
stack yet". Exit 1 with the reason and the fix; exit 0 after one line per fact.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMCONFIG = ROOT / "samconfig.toml"


def environments(config: Path = SAMCONFIG) -> dict[str, dict[str, Any]]:
    """{environment: its `sam deploy` parameters} from samconfig.toml."""
    with config.open("rb") as handle:
        document = tomllib.load(handle)
    return {
        name: section["deploy"]["parameters"]
        for name, section in document.items()
        if isinstance(section, dict) and "parameters" in section.get("deploy", {})
    }


def problems(environment: str, session: Any, config: Path = SAMCONFIG) -> tuple[list[str], list[str]]:
    """(what stops a deploy, what was found): each problem says how to fix it."""
    known = environments(config)
    if environment not in known:
        return [f"no environment {environment!r} in samconfig.toml: use ENV={' or ENV='.join(sorted(known))}"], []
    found = [f"environment {environment}: stack {known[environment]['stack_name']}"]
    region = session.region_name or os.environ.get("AWS_REGION")  # the SAM CLI reads either
    if not region:
        return [
            "no AWS Region: set AWS_REGION (for example AWS_REGION=eu-west-2 make deploy ENV=...), "
            "or a region in your AWS profile (aws configure)"
        ], found
    found.append(f"Region {region}")
    if session.get_credentials() is None:
        return [
            "no AWS credentials: sign in (aws sso login --profile <name>, then AWS_PROFILE=<name>), or run the "
            "pipeline, which assumes its role with GitHub's OIDC token (docs/deploy.md)"
        ], found
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        identity = session.client("sts", region_name=region).get_caller_identity()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        return [f"AWS refused these credentials ({code}): they may have expired; sign in again"], found
    except BotoCoreError as error:
        return [f"AWS could not be reached: {error}"], found
    found.append(f"as {identity['Arn']} in account {identity['Account']}")
    return [], found


def main(argv: list[str] | None = None) -> int:
    import boto3

    [environment] = argv if argv is not None else sys.argv[1:] or ["dev"]
    stopped, found = problems(environment, boto3.session.Session())
    for line in found:
        print(f"deploy: {line}")
    for line in stopped:
        print(f"deploy: cannot deploy: {line}", file=sys.stderr)
    return 1 if stopped else 0


if __name__ == "__main__":
    raise SystemExit(main())
