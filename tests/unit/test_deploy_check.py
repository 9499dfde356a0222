"""`make deploy` says why it cannot reach AWS before it builds: the environment, the Region, the credentials."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from local import deploy_check

ROOT = Path(__file__).resolve().parents[2]


def check(environment: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The check as `make deploy` runs it, with no AWS configuration of the machine's (no profile, no files)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update(AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    clean.update(AWS_EC2_METADATA_DISABLED="true", **env)
    return subprocess.run(
        [sys.executable, "-m", "local.deploy_check", environment],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_samconfig_has_a_dev_and_a_prod_stack_with_different_names() -> None:
    found = deploy_check.environments()
    assert {"dev", "prod"} <= set(found)
    assert found["dev"]["stack_name"] != found["prod"]["stack_name"]
    assert all(spec["capabilities"] == "CAPABILITY_IAM" for spec in found.values())


def test_an_unknown_environment_names_the_known_ones(tmp_path: Path) -> None:
    result = check("staging", tmp_path, AWS_REGION="eu-west-2")
    assert result.returncode == 1
    assert "no environment 'staging' in samconfig.toml: use ENV=dev or ENV=prod" in result.stderr


def test_no_region_says_so_and_how_to_set_one(tmp_path: Path) -> None:
    result = check("dev", tmp_path)
    assert result.returncode == 1
    assert "cannot deploy: no AWS Region: set AWS_REGION" in result.stderr
    assert "deploy: environment dev: stack readwell-dev" in result.stdout


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_no_credentials_says_so_instead_of_looking_like_a_missing_stack(environment: str, tmp_path: Path) -> None:
    result = check(environment, tmp_path, AWS_REGION="eu-west-2")
    assert result.returncode == 1
    assert "cannot deploy: no AWS credentials: sign in" in result.stderr
    assert "deploy: Region eu-west-2" in result.stdout


def test_the_makefile_checks_before_it_builds_and_never_deploys_guided() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndeploy:", 1)[1].split("\n\n", 1)[0]
    assert (
        recipe.index("local.deploy_check") < recipe.index("$(SAM) build") < recipe.index("$(SAM) deploy --config-env")
    )
    assert "--guided" not in makefile
