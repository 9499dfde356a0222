"""Freshness behind the edge (issue 16): publishing invalidates exactly the changed paths, under the publish
role, which may do that and nothing else on CloudFront."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from local import moto_iam
from local.roles import Account, open_account
from readwell.articles import freshness
from readwell.articles.content import load_content
from readwell.storage import dynamodb, edge
from tests.conftest import CONTENT

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
EDGE_ON = {"EdgeCache": "on"}


@pytest.fixture
def edge_account() -> Iterator[tuple[Account, str]]:
    """moto enforcing IAM, with the roles of a stack whose edge is on, and a distribution in it."""
    with mock_aws():
        dynamodb.forget_clients()
        account = open_account(parameters=EDGE_ON)
        moto_iam.pause()
        created = account.admin_client("cloudfront").create_distribution(
            DistributionConfig={
                "CallerReference": "readwell-test",
                "Comment": "",
                "Enabled": True,
                "Origins": {
                    "Quantity": 1,
                    "Items": [
                        {
                            "Id": "api",
                            "DomainName": "api.example.org",
                            "CustomOriginConfig": {
                                "HTTPPort": 80,
                                "HTTPSPort": 443,
                                "OriginProtocolPolicy": "https-only",
                            },
                        }
                    ],
                },
                "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "redirect-to-https"},
            }
        )
        moto_iam.enforce()
        yield account, created["Distribution"]["Id"]
    moto_iam.pause()
    dynamodb.forget_clients()


def test_the_publish_role_invalidates_and_no_other_role_may(edge_account: tuple[Account, str]) -> None:
    account, distribution = edge_account
    publisher = account.roles["PublishFunction"].client("cloudfront")
    assert edge.invalidate(distribution, ["/", "/articles/x"], "first", publisher)
    for other in ("SiteFunction", "TrackerFunction"):
        with pytest.raises(Exception, match="CreateInvalidation"):
            edge.invalidate(distribution, ["/"], f"by-{other}", account.roles[other].client("cloudfront"))
    moto_iam.pause()  # (moto refuses even its administrator this read under enforcement)
    listed = account.admin_client("cloudfront").list_invalidations(DistributionId=distribution)
    assert listed["InvalidationList"]["Quantity"] == 1


def test_a_local_run_is_a_bare_api_whose_publish_role_has_no_cloudfront_grant() -> None:
    with mock_aws():
        account = open_account()
        moto_iam.pause()
        policies = account.admin_client("iam").list_role_policies(RoleName="PublishFunction")["PolicyNames"]
        documents = [
            account.admin_client("iam").get_role_policy(RoleName="PublishFunction", PolicyName=name)["PolicyDocument"]
            for name in policies
        ]
    assert "cloudfront" not in str(documents)


def test_a_changed_article_invalidates_its_page_and_every_list_that_shows_it() -> None:
    content = load_content(CONTENT)
    assert freshness.changed_paths([f"article {SLUG}"], content) == [
        f"/articles/{SLUG}",
        "/communities/breast-cancer-stage-3-4",
        "/",
        "/sitemap.xml",
        "/feed.xml",
        "/search*",
    ]


def test_a_community_or_the_glossary_invalidates_only_its_pages() -> None:
    content = load_content(CONTENT)
    assert freshness.changed_paths(["community breast-cancer-stage-3-4"], content) == [
        "/communities/breast-cancer-stage-3-4",
        "/",
    ]
    assert freshness.changed_paths(["glossary"], content) == ["/glossary"]
    assert freshness.changed_paths([], content) == []


def test_many_changes_become_one_wildcard(tmp_path: Path) -> None:
    content = load_content(CONTENT)
    written = [f"article {SLUG}"] + [f"community c{n}" for n in range(20)]
    assert freshness.changed_paths(written, content) == ["/*"]


@pytest.fixture
def publish_function(edge_account: tuple[Account, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The publish function as deployed behind the edge (its role, the distribution), publishing content/."""
    from local.functions import load_functions

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
    assert first["Published"] == "3" and again["Published"] == "0"
    moto_iam.pause()  # (moto refuses even its administrator this read under enforcement)
    listed = account.admin_client("cloudfront").list_invalidations(DistributionId=distribution)
    assert listed["InvalidationList"]["Quantity"] == 1  # the second publish changed nothing


def test_a_new_site_version_invalidates_everything_and_new_content_only_its_paths(
    publish_function: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish = publish_function
    sent: list[list[str]] = []
    real = edge.invalidate
    monkeypatch.setattr(
        publish.module.edge, "invalidate", lambda d, paths, ref, client=None: sent.append(paths) or real(d, paths, ref)
    )
    with publish.running():
        publish.module.publish_bundled_content()  # first publish: the content's own paths
        publish.module.publish_bundled_content(site_changed=True)  # same content, new layout: everything
    assert "/glossary" in sent[0] and "/*" not in sent[0]
    assert sent[1] == ["/*"]


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
