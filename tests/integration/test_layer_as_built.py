"""The layer as build-CoreLayer ships it (botocore with only the models we call) runs the site for real.

A fresh Lambda-like process over the trimmed layer reads the article from DynamoDB (a moto server)
on an invocation X-Ray samples, so the Tracer loads the X-Ray SDK, which creates its own clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local import botocore_data
from local.bench.lambda_layout import build, function_files, lambda_environment, layer_requirements, run
from local.bench.processes import PAGES, event, site_spec
from readwell.articles.content import load_content
from readwell.articles.publishing import publish
from readwell.config import content_table
from readwell.storage.content import ContentRepository
from tests.conftest import CONTENT
from tests.reliability.moto_server import fresh_tables, moto_dynamodb_server

SAMPLED = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with moto_dynamodb_server() as url:
        fresh_tables(url)
        publish(load_content(CONTENT), ContentRepository(content_table()))
        yield url


def test_a_sampled_article_view_reads_dynamodb_through_the_trimmed_layer(moto_url: str, tmp_path: Path) -> None:
    site = site_spec()
    package = build(tmp_path, "site", function_files(site), layer_requirements(), True, site)
    assert botocore_data.shipped(package.opt) == sorted(botocore_data.SERVICES)
    env = lambda_environment(package, {"AWS_ENDPOINT_URL_DYNAMODB": moto_url, "_X_AMZN_TRACE_ID": SAMPLED})
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    articles = [
        {"name": "article", "event": event(PAGES["article"])},
        {"name": "missing", "event": event("/articles/no-such-article")},
    ]
    result = run(package, articles, env, repeat=1)
    assert result["first_status"] == 200
    assert result["statuses"] == {"article": 200, "missing": 404}
