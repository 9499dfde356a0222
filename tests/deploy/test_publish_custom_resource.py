"""The publish custom resource, run in process exactly as `sam build` packages it.

The function is built with the real `make build-PublishFunction` target (handler + bundled content/),
DynamoDB is moto, and CloudFormation's presigned ResponseURL is a local HTTP server that records the
PUT. moto's own Lambda invoke cannot run code without Docker, so this is where the handler is proven.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.aws.roles import Account
from local.rehearsal.cfn_response import ResponseCatcher, response_url
from local.rehearsal.cfn_response import event as cfn_event
from local.serve.lambda_runtime import LocalFunction
from tests.reliability.tables import snapshot

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "content/articles/metastatic-breast-cancer-metastasis-and-primary-cancer.md"
FUNCTION_ARN = "arn:aws:lambda:eu-west-2:123456789012:function:readwell-PublishFunction"


@pytest.fixture
def catcher() -> Iterator[ResponseCatcher]:
    with response_url() as found:
        yield found


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The PublishFunction artifact, made by the same make target `sam build` runs."""
    artifacts = tmp_path / "PublishFunction"
    subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "build-PublishFunction", f"ARTIFACTS_DIR={artifacts}"],
        check=True,
        capture_output=True,
    )
    return artifacts


def event(request_type: str, url: str, version: str = "7", **extra: Any) -> dict[str, Any]:
    return cfn_event(request_type, url, FUNCTION_ARN, version, "ContentTable", **extra)


def invoke(
    account: Account,
    artifacts: Path,
    body: dict[str, Any],
    running_version: str = "7",
    overrides: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The built handler, loaded and run as Lambda would: its environment and its role, nothing more."""
    function = LocalFunction(
        "PublishFunction", {**account.environment("PublishFunction"), **(overrides or {})}, artifacts
    )
    result: dict[str, Any] = function.invoke(body, running_version)
    return result


def table_items(admin: Any) -> list[dict[str, Any]]:
    return sorted(admin.scan(TableName="ContentTable")["Items"], key=lambda item: json.dumps(item))


def test_bundles_the_handler_and_content(built: Path) -> None:
    assert (built / "app.py").is_file()
    assert (built / ARTICLE).is_file()
    assert (built / "content" / "communities").is_dir()


def test_create_publishes_and_reports_success_with_data(
    built: Path, catcher: ResponseCatcher, aws: Account, site_repo: Any
) -> None:
    invoke(aws, built, event("Create", catcher.url))

    [response] = catcher.bodies
    assert response["Status"] == "SUCCESS"
    assert response["Data"]["Published"] == "6"  # the community, three articles, the glossary and help
    assert response["Data"]["Summary"].startswith("6 published, 0 unchanged")
    assert response["PhysicalResourceId"] == "readwell-PublishContent"
    assert (response["StackId"], response["RequestId"], response["LogicalResourceId"]) == (
        "arn:aws:cloudformation:eu-west-2:123456789012:stack/readwell/4f2c",
        "request-Create",
        "PublishContent",
    )
    assert catcher.content_types == [""]  # what the presigned URL was signed for
    assert site_repo.get_article("metastatic-breast-cancer-metastasis-and-primary-cancer") is not None


def test_update_with_unchanged_content_writes_nothing(
    built: Path, catcher: ResponseCatcher, aws: Account, admin: Any
) -> None:
    invoke(aws, built, event("Create", catcher.url))
    before = table_items(admin)

    invoke(aws, built, event("Update", catcher.url, version="8", PhysicalResourceId="readwell-PublishContent"), "8")

    response = catcher.bodies[-1]
    assert response["Status"] == "SUCCESS"
    assert response["Data"]["Published"] == "0"
    assert response["PhysicalResourceId"] == "readwell-PublishContent"
    assert table_items(admin) == before


def test_malformed_content_fails_with_path_and_line_and_keeps_existing_content(
    built: Path, catcher: ResponseCatcher, aws: Account, admin: Any
) -> None:
    invoke(aws, built, event("Create", catcher.url))
    before = table_items(admin)
    article = built / ARTICLE
    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "mood: cheerful\n")  # an unknown front-matter field on line 2
    article.write_text("".join(lines), encoding="utf-8")

    result = invoke(
        aws, built, event("Update", catcher.url, version="8", PhysicalResourceId="readwell-PublishContent"), "8"
    )

    response = catcher.bodies[-1]
    assert response["Status"] == "FAILED"
    assert f"{ARTICLE}:2: unknown field 'mood'" in response["Reason"]
    assert response["Reason"].startswith("ContentError: ")
    assert result["Status"] == "FAILED"
    assert table_items(admin) == before


def test_rollback_runs_new_code_with_old_properties_and_writes_nothing(
    built: Path, catcher: ResponseCatcher, aws: Account, admin: Any
) -> None:
    """On rollback CloudFormation reverts PublishContent before the alias: version 8 gets version 7's properties."""
    invoke(aws, built, event("Create", catcher.url, version="7"), "7")
    before = table_items(admin)
    (built / ARTICLE).write_text("no front matter at all\n", encoding="utf-8")

    invoke(aws, built, event("Update", catcher.url, version="7", PhysicalResourceId="readwell-PublishContent"), "8")

    response = catcher.bodies[-1]
    assert response["Status"] == "SUCCESS"
    assert response["Reason"].startswith("Rollback")
    assert table_items(admin) == before


def test_delete_leaves_the_data_and_succeeds(built: Path, catcher: ResponseCatcher, aws: Account, admin: Any) -> None:
    invoke(aws, built, event("Create", catcher.url))
    before = table_items(admin)

    invoke(aws, built, event("Delete", catcher.url, PhysicalResourceId="readwell-PublishContent"))

    response = catcher.bodies[-1]
    assert response["Status"] == "SUCCESS"
    assert response["PhysicalResourceId"] == "readwell-PublishContent"
    assert before and table_items(admin) == before


def test_a_storage_failure_is_reported_not_raised(built: Path, catcher: ResponseCatcher, aws: Account) -> None:
    """The table does not exist: publishing fails inside DynamoDB and CloudFormation still hears why."""
    invoke(aws, built, event("Create", catcher.url), overrides={"CONTENT_TABLE": "NoSuchTable"})

    [response] = catcher.bodies
    assert response["Status"] == "FAILED"
    assert "ResourceNotFoundException" in response["Reason"]


def test_a_published_article_whose_file_is_gone_fails_the_deploy_and_writes_nothing(
    built: Path, catcher: ResponseCatcher, aws: Account, admin: Any
) -> None:
    invoke(aws, built, event("Create", catcher.url))
    before = snapshot(admin)
    (built / ARTICLE).unlink()

    invoke(aws, built, event("Update", catcher.url, version="8", PhysicalResourceId="readwell-PublishContent"), "8")

    response = catcher.bodies[-1]
    assert response["Status"] == "FAILED"
    assert response["Reason"] == (
        f"ContentError: {ARTICLE}: 'Metastatic Breast Cancer: Metastasis and Primary Cancer' was published and has "
        "no file; to withdraw it, set status: withdrawn"
    )
    assert snapshot(admin) == before
