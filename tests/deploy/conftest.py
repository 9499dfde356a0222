"""One `sam build` for the deploy tests: the template's checks read it, and the rehearsal deploys a copy of it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / ".aws-sam" / "build"


def make(target: str) -> subprocess.CompletedProcess[str]:
    # No AWS credentials at all: linting, validating and building must not need any.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        ["make", "--no-print-directory", target], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def build_output() -> str:
    """`make build` (sam build into .aws-sam/build), once per process; what it printed."""
    result = make("build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout
