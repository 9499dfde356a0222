"""`make bench` runs end to end (quick counts: the harness is checked, timings are never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from local.aws.environment import ROOT


@pytest.mark.long
def test_the_bench_prints_every_section_and_writes_its_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "local.bench", "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for heading in ("== Cold start", "== Warm", "== DynamoDB requests", "== Page weight", "== Scaling"):
        assert heading in done.stdout, heading
    for ratio in ("site/floor, moto server, bytecode", "site/peer", "tracker/floor", "template alone", "peer article"):
        assert ratio in done.stdout, ratio
    results = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert {"cold", "warm", "requests", "weight", "scaling", "tracker_scaling", "machine"} <= set(results)
    assert results["requests"]["article"]["calls"] == {"GetItem": 1}
