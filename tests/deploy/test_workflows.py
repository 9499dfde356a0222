"""The GitHub workflows: zizmor's audits (offline) and GitHub's workflow schema pass, actions are pinned to
commits, checkouts keep no token, and the deploys assume a role with GitHub's OIDC token (no stored keys)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TOOLS = ROOT / ".venv-tools" / "bin"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    if not (TOOLS / name).exists():
        pytest.fail(".venv-tools is missing: `make test` installs it (make tools-venv)")
    return subprocess.run([str(TOOLS / name), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def load(path: Path) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def steps(workflow: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec.get("steps", [])]


def test_there_is_a_workflow() -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml"]


def test_zizmor_finds_nothing() -> None:
    result = tool("zizmor", "--offline", "--no-progress", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_would_catch_an_unpinned_action_and_a_kept_token(tmp_path: Path) -> None:
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    worse = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v7", text).replace(
        "persist-credentials: false", "fetch-depth: 1"
    )
    (tmp_path / "ci.yml").write_text(worse, encoding="utf-8")
    result = tool("zizmor", "--offline", "--no-progress", str(tmp_path / "ci.yml"))
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "artipacked" in result.stdout


def test_every_workflow_matches_githubs_schema() -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits_and_checkouts_keep_no_token(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "each job asks for what it needs"
    for job, step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{job}: {step['uses']}"
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, job


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_deploys_assume_a_role_with_oidc_and_prod_waits_for_its_environment(path: Path) -> None:
    workflow = load(path)
    text = path.read_text(encoding="utf-8")
    assert "aws-access-key-id" not in text and "aws-secret-access-key" not in text and "secrets." not in text
    jobs = workflow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    for name, env in (("deploy-dev", "dev"), ("deploy-prod", "prod")):
        job = jobs[name]
        assert job["environment"] == env and job["permissions"] == {"contents": "read", "id-token": "write"}
        [credentials] = [s for s in job["steps"] if "configure-aws-credentials" in s.get("uses", "")]
        assert set(credentials["with"]) == {"role-to-assume", "aws-region"}
        assert any(f"make deploy ENV={env}" in s.get("run", "") for s in job["steps"])
    assert jobs["deploy-dev"]["needs"] == "test" and jobs["deploy-prod"]["needs"] == "deploy-dev"
    assert "refs/heads/main" in jobs["deploy-dev"]["if"]
