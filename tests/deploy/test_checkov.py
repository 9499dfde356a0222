"""A peer's rule suite on the template: checkov's CloudFormation checks, every one passed or skipped in
template.yaml with its reason beside the resource."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from local.template import conditions, document

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
CHECKOV = ROOT / ".venv-tools" / "bin" / "checkov"
SUMMARY = re.compile(r"Passed checks: \d+, Failed checks: (\d+), Skipped checks: \d+")


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """checkov's own summary line and its JSON report, from one run (no network: --skip-download)."""
    if not CHECKOV.exists():
        pytest.fail(".venv-tools is missing: `make test` installs it (make tools-venv)")
    report = tmp_path_factory.mktemp("checkov")
    result = subprocess.run(
        [
            *(str(CHECKOV), "--file", str(ROOT / "template.yaml"), "--file", str(ROOT / "deploy" / "github-oidc.yaml")),
            *("--framework", "cloudformation"),
            *("--skip-download", "--compact", "--output", "cli", "--output", "json"),
            *("--output-file-path", f"console,{report / 'results.json'}"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = SUMMARY.search(result.stdout)
    assert found, result.stdout[-3000:] + result.stderr[-3000:]
    return found.group(0), json.loads((report / "results.json").read_text(encoding="utf-8"))


def test_checkov_finds_no_failed_check(scan: tuple[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    line, report = scan
    with capsys.disabled():
        print(f"\ncheckov (CloudFormation checks on template.yaml and deploy/github-oidc.yaml): {line}")
    failed = [f"{c['check_id']} {c['resource']}: {c['check_name']}" for c in report["results"]["failed_checks"]]
    assert failed == [], "\n".join(failed)
    assert report["summary"]["parsing_errors"] == 0
    assert report["summary"]["passed"] > 0


def test_every_skipped_check_says_why_beside_its_resource(scan: tuple[str, dict[str, Any]]) -> None:
    skipped = scan[1]["results"]["skipped_checks"]
    assert skipped, "template.yaml skips checks: checkov must have read them"
    unexplained = [
        f"{check['check_id']} {check['resource']}"
        for check in skipped
        if len(check["check_result"].get("suppress_comment") or "") < 20
    ]
    assert unexplained == []


def test_the_tls_skip_is_true_every_certificate_we_can_set_asks_for_tls_1_2() -> None:
    """CKV_AWS_174 is skipped because only the default certificate has no minimum to set."""
    with_domain = {
        "DomainName": "read.example.org",
        "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x",
    }
    stack = conditions.for_stack(document.expanded(), with_domain, {"UseEdge", "HasDomain"})
    config = stack["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    without = conditions.for_stack(document.expanded(), {}, {"UseEdge", "HasDomain"})
    default = without["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["ViewerCertificate"]
    assert default == {"CloudFrontDefaultCertificate": True}
