"""The layer as build-CoreLayer ships it (botocore with only the models we call) runs the site for real.

A fresh Lambda-like process over the trimmed layer reads the article from DynamoDB (a moto server)
on an invocation X-Ray samples, so the Tracer loads the X-Ray SDK, which creates its own clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local.aws.roles import Account
from local.bench.common import PAGES, event
from local.bench.processes import site_spec
from local.build import botocore_data
from local.build.lambda_layout import build, function_files, lambda_environment, layer_requirements, run
from local.serve.publishing import publish_folder
from tests.reliability.moto_server import fresh_account, moto_dynamodb_server

SAMPLED = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    with moto_dynamodb_server() as url:
        found = fresh_account(url)
        publish_folder(found)
        yield found


def test_a_sampled_article_view_reads_dynamodb_through_the_trimmed_layer(account: Account, tmp_path: Path) -> None:
    site = site_spec()
    package = build(tmp_path, "site", function_files(site), layer_requirements(), True, site)
    assert botocore_data.shipped(package.opt) == sorted(botocore_data.SERVICES)
    role = {name: value for name, value in account.environment("SiteFunction").items() if value is not None}
    env = lambda_environment(
        package, {**role, "AWS_ENDPOINT_URL_DYNAMODB": str(account.endpoint), "_X_AMZN_TRACE_ID": SAMPLED}
    )
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    articles = [
        {"name": "article", "event": event(PAGES["article"])},
        {"name": "missing", "event": event("/articles/no-such-article")},
    ]
    result = run(package, articles, env, repeat=1)
    assert result["first_status"] == 200
    assert result["statuses"] == {"article": 200, "missing": 404}
