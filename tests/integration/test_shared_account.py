"""The shared account (tests/support/moto_account.py): a test that writes leaves nothing behind for the next.

The tests here run in this order in one process (one xdist group): the first changes everything it can
reach (items in both tables, an article gone, a CloudFront distribution, IAM paused); the ones after it
read the same account, and see it exactly as published, with IAM enforced under the same credentials.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from local.aws import moto_iam
from local.aws.roles import Account
from tests.conftest import SHARED
from tests.helpers import make_distribution

pytestmark = pytest.mark.xdist_group("shared-account")

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
SEEN: dict[str, Any] = {}  # what the writer saw, for the readers after it


def items(admin: Any, table: str) -> list[dict[str, Any]]:
    return sorted(admin.scan(TableName=table)["Items"], key=lambda item: (item["PK"]["S"], item["SK"]["S"]))


def test_a_test_that_writes_everywhere(published: Any, aws: Account, admin: Any) -> None:
    SEEN["published"] = items(admin, "ContentTable")
    SEEN["generation"] = SHARED.generation
    SEEN["site_key"] = aws.roles["SiteFunction"].access_key_id
    admin.put_item(TableName="ContentTable", Item={"PK": {"S": "ARTICLE#written"}, "SK": {"S": "CURRENT"}})
    admin.delete_item(TableName="ContentTable", Key={"PK": {"S": f"ARTICLE#{SLUG}"}, "SK": {"S": "CURRENT"}})
    admin.put_item(TableName="TrackerTable", Item={"PK": {"S": "TRACKER#x"}, "SK": {"S": "PROFILE"}})
    moto_iam.pause()
    make_distribution(aws.admin_client("cloudfront"))
    aws.secrets["OriginSecret"] = "changed in this test's copy"
    assert len(items(admin, "ContentTable")) == len(SEEN["published"])  # one added, one gone
    assert items(admin, "TrackerTable")


def test_the_next_reader_sees_the_published_state_under_iam(published: Any, aws: Account, admin: Any) -> None:
    if SEEN.get("generation") != SHARED.generation:
        pytest.fail("the writer above did not run before this test on the same shared account")
    assert aws.roles["SiteFunction"].access_key_id == SEEN["site_key"]  # the very account the writer changed
    assert items(admin, "ContentTable") == SEEN["published"]
    assert items(admin, "TrackerTable") == []
    assert aws.secrets.get("OriginSecret") != "changed in this test's copy"
    site = aws.roles["SiteFunction"].client("dynamodb")
    with moto_iam.recording(), pytest.raises(ClientError, match="AccessDenied"):  # a denial kept out of the run's
        site.put_item(TableName="ContentTable", Item={"PK": {"S": "x"}, "SK": {"S": "y"}})
    moto_iam.pause()  # (moto refuses even its administrator this read under enforcement)
    assert aws.admin_client("cloudfront").list_distributions()["DistributionList"].get("Items", []) == []


def test_a_test_without_published_gets_empty_tables(aws: Account, admin: Any) -> None:
    assert SEEN.get("generation") == SHARED.generation, "not the same shared account as the writer's"
    assert items(admin, "ContentTable") == [] and items(admin, "TrackerTable") == []
