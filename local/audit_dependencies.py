"""`make security`: pip-audit over every pinned package, but only where pip-audit can really look.

Without its vulnerability service pip-audit skips every package ("not found on PyPI") and still
prints "No known vulnerabilities found". So a canary goes first: jinja2 3.1.2 has published CVEs;
if pip-audit cannot see them, the audit is reported as not possible instead of passing.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PINNED = ROOT / "constraints.txt"  # every package, runtime and dev, at its exact version
CANARY = "jinja2==3.1.2"
UNREACHABLE = "pip-audit: audit not possible here (service unreachable)"


# A fixed command line (this interpreter running pip-audit) with our own file names: no shell, no input.
def _pip_audit(requirements: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps", "--disable-pip"]
    command += ["--progress-spinner", "off", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # nosec B603


def canary_was_seen(report: dict[str, Any]) -> bool:
    """True when pip-audit found the canary's known vulnerabilities (so its service answered)."""
    return any(dep.get("name") == "jinja2" and dep.get("vulns") for dep in report.get("dependencies", []))


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        canary = Path(folder) / "canary.txt"
        canary.write_text(CANARY + "\n", encoding="utf-8")
        probe = _pip_audit(canary, "--format", "json")
    try:
        reachable = canary_was_seen(json.loads(probe.stdout or "{}"))
    except json.JSONDecodeError:
        reachable = False
    if not reachable:
        print(UNREACHABLE)
        return 0
    audit = _pip_audit(PINNED, "--strict")
    print(audit.stdout + audit.stderr, end="")
    return audit.returncode


if __name__ == "__main__":
    raise SystemExit(main())
