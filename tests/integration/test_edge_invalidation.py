"""Freshness behind the edge: publishing invalidates exactly the changed paths, under the publish
role, which may do that and nothing else on CloudFront; and a path once changed stays pending until
CloudFront has taken its invalidation, whatever fails in between."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from local.aws import moto_iam
from local.aws.roles import Account
from local.rehearsal.cfn_response import ResponseCatcher, event, response_url
from readwell.articles.content import load_content
from readwell.articles.custom_resource import WroteBeforeFailing
from readwell.edge.invalidations import changed_paths
from readwell.storage import cloudfront, dynamodb
from tests.conftest import CONTENT
from tests.helpers import make_distribution
from tests.reliability.faults import fault, recorded_sleeps
from tests.support.moto_account import account_in_process

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
# content/articles, in the order publishing writes them (file names, A to Z)
ARTICLES = sorted(path.stem for path in (CONTENT / "articles").glob("*.md"))
EDGE_ON = {"EdgeCache": "on"}


@pytest.fixture
def edge_account() -> Iterator[tuple[Account, str]]:
    """moto enforcing IAM, with the roles of a stack whose edge is on, and a distribution in it."""
    with account_in_process(parameters=EDGE_ON) as account:
        moto_iam.pause()
        distribution = make_distribution(account.admin_client("cloudfront"))
        moto_iam.enforce()
        yield account, distribution


def test_the_publish_role_invalidates_and_no_other_role_may(edge_account: tuple[Account, str]) -> None:
    account, distribution = edge_account
    publisher = account.roles["PublishFunction"].client("cloudfront")
    assert cloudfront.invalidate(distribution, ["/", "/articles/x"], "first", publisher)
    for other in ("SiteFunction", "TrackerFunction"):
        with pytest.raises(Exception, match="CreateInvalidation"):
            cloudfront.invalidate(distribution, ["/"], f"by-{other}", account.roles[other].client("cloudfront"))
    moto_iam.pause()  # (moto refuses even its administrator this read under enforcement)
    listed = account.admin_client("cloudfront").list_invalidations(DistributionId=distribution)
    assert listed["InvalidationList"]["Quantity"] == 1


def test_a_local_run_is_a_bare_api_whose_publish_role_has_no_cloudfront_grant() -> None:
    with account_in_process() as account:
        moto_iam.pause()
        policies = account.admin_client("iam").list_role_policies(RoleName="PublishFunction")["PolicyNames"]
        documents = [
            account.admin_client("iam").get_role_policy(RoleName="PublishFunction", PolicyName=name)["PolicyDocument"]
            for name in policies
        ]
    assert "cloudfront" not in str(documents)


def test_a_changed_article_invalidates_its_page_and_every_list_that_shows_it() -> None:
    content = load_content(CONTENT)
    assert changed_paths([f"article {SLUG}"], content) == [
        f"/articles/{SLUG}",
        f"/articles/{SLUG}/history",
        "/communities/breast-cancer-stage-3-4",
        "/",
        "/sitemap.xml",
        "/feed.xml",
        "/search*",
    ]


def test_a_community_or_the_glossary_invalidates_only_its_pages() -> None:
    content = load_content(CONTENT)
    assert changed_paths(["community breast-cancer-stage-3-4"], content) == [
        "/communities/breast-cancer-stage-3-4",
        "/",
    ]
    assert changed_paths(["glossary"], content) == ["/glossary"]
    assert changed_paths([], content) == []


def test_many_changes_become_one_wildcard(tmp_path: Path) -> None:
    content = load_content(CONTENT)
    written = [f"article {SLUG}"] + [f"community c{n}" for n in range(20)]
    assert changed_paths(written, content) == ["/*"]


@pytest.fixture
def publish_function(edge_account: tuple[Account, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The publish function as deployed behind the edge (its role, the distribution), publishing content/."""
    from local.serve.lambda_runtime import load_functions

    account, distribution = edge_account
    publish = load_functions(account, ["PublishFunction"], {"DISTRIBUTION_ID": distribution})["PublishFunction"]
    monkeypatch.setattr(publish.module, "CONTENT", CONTENT)
    return publish


def test_the_publish_function_invalidates_what_it_published(
    edge_account: tuple[Account, str], publish_function: Any
) -> None:
    account, distribution = edge_account
    publish = publish_function
    with publish.running():
        first: Any = publish.module.publish_bundled_content()
        again: Any = publish.module.publish_bundled_content()
    assert first["Published"] == "6" and again["Published"] == "0"  # the community, three articles, the glossary, help
    moto_iam.pause()  # (moto refuses even its administrator this read under enforcement)
    listed = account.admin_client("cloudfront").list_invalidations(DistributionId=distribution)
    assert listed["InvalidationList"]["Quantity"] == 1  # the second publish changed nothing


def invalidations(account: Account, distribution: str) -> list[list[str]]:
    """The paths of every invalidation CloudFront received, oldest first."""
    moto_iam.pause()  # (moto refuses even its administrator these reads under enforcement)
    try:
        cloudfront = account.admin_client("cloudfront")
        listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"].get("Items", [])
        found = [cloudfront.get_invalidation(DistributionId=distribution, Id=item["Id"]) for item in listed]
    finally:
        moto_iam.enforce()
    ordered = sorted(found, key=lambda answer: answer["Invalidation"]["CreateTime"])
    return [answer["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] for answer in ordered]


def pending_record(account: Account) -> dict[str, Any] | None:
    item = account.admin_client().get_item(TableName="ContentTable", Key={"PK": {"S": "EDGE"}, "SK": {"S": "PENDING"}})
    return dynamodb.from_item(item["Item"]) if "Item" in item else None


def test_a_new_site_version_invalidates_everything_and_new_content_only_its_paths(
    edge_account: tuple[Account, str], publish_function: Any
) -> None:
    account, distribution = edge_account
    with publish_function.running():
        publish_function.module.publish_bundled_content()  # first publish: the content's own paths
        publish_function.module.publish_bundled_content(site_changed=True)  # same content, new layout: everything
    first, second = invalidations(account, distribution)
    assert "/glossary" in first and "/*" not in first
    assert second == ["/*"]
    assert pending_record(account) is None  # each was cleared once CloudFront took it


INVALIDATION_SENT = "before-send.cloudfront.CreateInvalidation"


def cloudfront_unreachable(request: Any, **_: Any) -> None:
    """CloudFront out of reach: raised before the request leaves, so nothing reaches it (or moto)."""
    raise EndpointConnectionError(endpoint_url=request.url)


@pytest.fixture
def refusing_cloudfront(publish_function: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The publish role's CloudFront client (the one the function uses) failing at botocore's edge, after its
    own retries (their back-off recorded, not slept)."""
    with publish_function.running():
        client = cloudfront.client()
    client.meta.events.register_first(INVALIDATION_SENT, cloudfront_unreachable)
    with recorded_sleeps(monkeypatch):
        yield
    client.meta.events.unregister(INVALIDATION_SENT, cloudfront_unreachable)


def test_a_refused_invalidation_stays_pending_and_the_next_publish_sends_it(
    edge_account: tuple[Account, str], publish_function: Any, refusing_cloudfront: None
) -> None:
    account, distribution = edge_account
    with publish_function.running(), pytest.raises(WroteBeforeFailing) as failed:
        publish_function.module.publish_bundled_content()
    said = str(failed.value)
    articles = ", ".join(f"article {slug}" for slug in ARTICLES)
    assert f"Written: community breast-cancer-stage-3-4, {articles}, glossary, help." in said
    assert "invalidating 13 edge paths" in said and "recorded as pending" in said and "EndpointConnectionError" in said
    recorded = pending_record(account)
    assert recorded is not None and f"/articles/{SLUG}" in recorded["paths"] and len(recorded["paths"]) == 13
    assert invalidations(account, distribution) == []

    with publish_function.running():
        cloudfront.client().meta.events.unregister(INVALIDATION_SENT, cloudfront_unreachable)
        again = publish_function.module.publish_bundled_content()  # CloudFormation's retry, or the next deploy
    assert again["Published"] == "0"  # nothing new to write, and yet:
    assert invalidations(account, distribution) == [recorded["paths"]]
    assert pending_record(account) is None


def test_cloudformation_is_told_what_a_failed_publish_kept_and_a_retry_sends_the_invalidation(
    edge_account: tuple[Account, str], publish_function: Any, refusing_cloudfront: None
) -> None:
    account, distribution = edge_account
    arn = "arn:aws:lambda:eu-west-2:123456789012:function:readwell-PublishFunction"

    def deploy(catcher: ResponseCatcher, request_type: str, version: str) -> dict[str, Any]:
        extra = {"PhysicalResourceId": "readwell-PublishContent"} if request_type != "Create" else {}
        request = event(request_type, catcher.url, arn, version, "ContentTable", **extra)
        publish_function.invoke(request, version)
        return catcher.bodies[-1]

    with response_url() as catcher:
        failed = deploy(catcher, "Create", "1")
        with publish_function.running():
            cloudfront.client().meta.events.unregister(
                "before-send.cloudfront.CreateInvalidation", cloudfront_unreachable
            )
        retried = deploy(catcher, "Update", "2")
    assert failed["Status"] == "FAILED"
    assert failed["Reason"].startswith("Kept: 6 published, 0 unchanged")
    assert "Left for the next run: invalidating 13 edge paths" in failed["Reason"]
    assert "The failure: EndpointConnectionError: Could not connect to the endpoint URL" in failed["Reason"]
    assert retried["Status"] == "SUCCESS" and retried["Data"]["Published"] == "0"
    [sent] = invalidations(account, distribution)
    assert f"/articles/{SLUG}" in sent and len(sent) == 13


def test_a_publish_cut_short_while_writing_leaves_every_changed_path_pending(
    edge_account: tuple[Account, str],
    publish_function: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The paths are recorded before the first write: whatever the publish wrote, the edge will forget."""
    account, distribution = edge_account
    monkeypatch.setattr(publish_function.module, "CONTENT", shutil.copytree(CONTENT, tmp_path / "content"))
    with publish_function.running():
        client = dynamodb.client()
    with (
        recorded_sleeps(monkeypatch),
        fault(client, "TransactWriteItems", "timeout"),
        publish_function.running(),
        pytest.raises(WroteBeforeFailing) as failed,
    ):
        publish_function.module.publish_bundled_content()
    said = str(failed.value)
    assert "Written: community breast-cancer-stage-3-4." in said and "ReadTimeoutError" in said
    assert "writing whatever of content/ the table does not hold yet" in said
    recorded = pending_record(account)
    assert recorded is not None and f"/articles/{SLUG}" in recorded["paths"] and "/glossary" in recorded["paths"]
    assert invalidations(account, distribution) == []

    with publish_function.running():
        finished = publish_function.module.publish_bundled_content()
    assert finished["Published"] == "5"  # the three articles, the glossary and the help page the first run never wrote
    assert invalidations(account, distribution) == [recorded["paths"]]  # sent once, every path in it
    assert pending_record(account) is None


def test_only_an_update_with_another_site_version_counts_as_a_site_change() -> None:
    from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

    from readwell.articles.custom_resource import property_changed

    def request(kind: str, old: str, new: str) -> CloudFormationCustomResourceEvent:
        return CloudFormationCustomResourceEvent(
            {
                "RequestType": kind,
                "ResourceProperties": {"SiteVersion": new},
                "OldResourceProperties": {"SiteVersion": old},
            }
        )

    assert property_changed(request("Update", "v1", "v2"), "SiteVersion")
    assert not property_changed(request("Update", "v2", "v2"), "SiteVersion")
    assert not property_changed(request("Create", "", "v1"), "SiteVersion")


def test_a_rollback_of_the_site_leaves_every_page_pending_for_the_next_publish(
    edge_account: tuple[Account, str], publish_function: Any
) -> None:
    """CloudFormation reverts PublishContent before the site's alias, so the new code gets the old properties:
    it writes nothing, and records every page as pending (the edge may hold pages of the version rolled back),
    to be sent by the next publish, after that publish's alias moved."""
    account, distribution = edge_account
    arn = "arn:aws:lambda:eu-west-2:123456789012:function:readwell-PublishFunction"

    def request(kind: str, version: str, site: str, old_site: str = "", running: str = "") -> dict[str, Any]:
        with response_url() as catcher:
            properties = {"ServiceToken": f"{arn}:live", "ContentVersion": f"{arn}:{version}", "SiteVersion": site}
            extra: dict[str, Any] = {"ResourceProperties": {**properties, "ContentTable": "ContentTable"}}
            if kind != "Create":
                extra |= {"PhysicalResourceId": "readwell-PublishContent"}
                extra |= {"OldResourceProperties": {**properties, "SiteVersion": old_site}}
            sent = event(kind, catcher.url, arn, version, "ContentTable", **extra)
            publish_function.invoke(sent, running or version)
            return catcher.bodies[-1]

    created = request("Create", "1", "site-1")
    rolled_back = request("Update", "1", "site-1", old_site="site-2", running="2")  # the failed deploy's code
    assert created["Status"] == rolled_back["Status"] == "SUCCESS"
    assert rolled_back["Reason"].startswith("Rollback: nothing written")
    assert "The edge is to forget /* at the next publish." in rolled_back["Reason"]
    assert len(invalidations(account, distribution)) == 1  # the Create's only: nothing sent during the rollback
    assert (pending_record(account) or {}).get("paths") == ["/*"]

    request("Update", "3", "site-3", old_site="site-1")  # the next deploy
    assert invalidations(account, distribution)[-1] == ["/*"]
    assert pending_record(account) is None
