"""Measures that need no fresh process: DynamoDB requests per page, page weight, publishing at scale.

DynamoDB is moto in this process (mock_aws), with the tables from template.yaml; requests are
counted through botocore's event hooks, so the count is what the handler really sent.
"""

from __future__ import annotations

import gzip
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from local.aws.roles import Account
from local.bench.common import PAGES, SLUG, moto_tables, percentile
from local.serve.lambda_runtime import dynamodb_client_of


@contextmanager
def counted(client: Any) -> Iterator[Counter[str]]:
    """Count DynamoDB operations and the items they write, by operation name."""
    counts: Counter[str] = Counter()

    def count(params: dict[str, Any], model: Any, **_: Any) -> None:
        counts[model.name] += 1
        if model.name == "TransactWriteItems":
            counts["items written"] += len(params.get("TransactItems", []))
        elif model.name == "PutItem":
            counts["items written"] += 1

    # before-parameter-build sees the API parameters (before serialisation): one event per request.
    client.meta.events.register("before-parameter-build.dynamodb", count)
    try:
        yield counts
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb", count)


def _publish_content(account: Account) -> None:
    from local.serve.publishing import publish_folder

    publish_folder(account)


def _get(gateway: Any, path: str, headers: list[tuple[str, str]] | None = None) -> tuple[int, dict[str, str], bytes]:
    status, header_list, body = gateway("GET", path, headers or [], b"")
    return status, {k.lower(): v for k, v in header_list}, body


def requests_per_page(tracker_check: Any) -> dict[str, Any]:
    from local.serve.server import Gateway

    found: dict[str, Any] = {}
    with moto_tables() as account:
        _publish_content(account)
        gateway = Gateway(account)
        client = dynamodb_client_of(account, "SiteFunction")
        for name, path in PAGES.items():
            with counted(client) as calls:  # the first request: nothing is cached in the process
                status, _, _ = _get(gateway, path)
            found[name] = {"status": status, "calls": dict(calls)}
        found["tracker"] = tracker_check(gateway, dynamodb_client_of(account, "TrackerFunction"), counted)
    return found


def page_weight() -> dict[str, Any]:
    from local.serve.server import Gateway

    weights: dict[str, Any] = {}
    with moto_tables() as account:
        _publish_content(account)
        gateway = Gateway(account)
        css_href = ""
        for name, path in PAGES.items():
            _, _, html = _get(gateway, path)
            css_href = css_href or re.findall(rb'href="(/static/[^"]+\.css)"', html)[0].decode()
            scripts = len(re.findall(rb"<script\b", html, re.IGNORECASE))
            weights[name] = {"html": len(html), "html_gzip": len(gzip.compress(html, 6)), "script_tags": scripts}
        _, _, css = _get(gateway, css_href)
        _, headers, css_wire = _get(gateway, css_href, [("Accept-Encoding", "gzip")])
        _, _, html_wire = _get(gateway, PAGES["article"], [("Accept-Encoding", "gzip")])
    weights["css"] = {"raw": len(css), "gzip": len(css_wire), "coding": headers.get("content-encoding", "")}
    weights["javascript"] = {"bytes": 0, "files": 0}
    total = len(html_wire) + len(css_wire)
    weights["article on the wire, gzip"] = {"html": len(html_wire), "css": len(css_wire), "total": total}
    return weights


def synthetic_content(count: int) -> Any:
    """count articles in one community, the size of the reference article, see-also links resolved."""
    from local.aws.environment import ROOT
    from readwell.articles.content import load_content
    from readwell.articles.model import Article, ContentSet, SeeAlso

    real = load_content(ROOT / "content")
    template = real.articles[0]
    community = real.communities[0]
    articles = tuple(
        Article(
            slug=f"synthetic-article-{n}",
            title=f"Synthetic article {n}",
            community=community.slug,
            summary=template.summary,
            published=date(2010, 9, 16),
            published_by="Bench",
            revised=date(2010, 9, 16),
            revised_by="Bench",
            body_html=template.body_html,
            path=f"synthetic-article-{n}.md",
            source=template.source,
            disclaimer=template.disclaimer,
            see_also=(SeeAlso(f"synthetic-article-{(n + 1) % count}", "Next"),),
        )
        for n in range(count)
    )
    return ContentSet(communities=(community,), articles=articles, glossary=real.glossary)


def canned_dynamodb() -> Any:
    """A real botocore DynamoDB client whose requests are answered in process, empty-handed.

    Publishing at scale is timed through this rather than moto: moto deep-copies the whole table
    for every TransactWriteItems (to roll back), which makes publishing look quadratic in moto
    only. Requests are still built and serialised by botocore, and counted by the same hooks.
    """
    import boto3

    from readwell.storage.in_process import answer_in_process

    # Answered in process, so any credentials sign it: the bench must not depend on the caller's own.
    made_up = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}  # nosec B105 - signs nothing real
    client = boto3.client("dynamodb", endpoint_url="http://dynamodb.invalid", **made_up)
    answer_in_process(client, {})  # every call gets DynamoDB's empty answer
    return client


def _load_current_items(client: Any, records: list[dict[str, Any]]) -> None:
    """Put each article's CURRENT item (the shape publishing writes) with BatchWriteItem, for views."""
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    repository = ContentRepository(content_table(), client)
    # The CURRENT item exactly as publishing writes it, without moto's per-transaction table copy.
    items = [repository._revision_ops(record, 0)[-1]["Put"]["Item"] for record in records]
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        client.batch_write_item(RequestItems={content_table(): batch})


def _view_latency(size: int, views: int) -> float:
    from local.bench.memory import MemoryContent
    from local.serve.server import Gateway
    from readwell.articles.publishing import publish

    memory = MemoryContent()
    publish(synthetic_content(size), memory)
    with moto_tables() as account:
        _publish_content(account)  # the real community and article, so the site's pages all resolve
        _load_current_items(account.admin_client(), list(memory.articles.values()))
        gateway = Gateway(account)
        path = f"/articles/synthetic-article-{size // 2}"
        _get(gateway, path)
        timings = []
        for _ in range(views):
            began = time.perf_counter()
            status, _, _ = _get(gateway, path)
            timings.append((time.perf_counter() - began) * 1000)
        assert status == 200, status  # dev-only bench harness  # nosec B101
    return percentile(timings, 0.5)


def scaling(sizes: list[int], views: int) -> dict[str, Any]:
    from readwell.articles.publishing import publish
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    results: dict[str, Any] = {}
    for size in sizes:
        content = synthetic_content(size)
        client = canned_dynamodb()
        repository = ContentRepository(content_table(), client)
        with counted(client) as calls:
            began = time.perf_counter()
            report = publish(content, repository)
            seconds = time.perf_counter() - began
        row: dict[str, Any] = {
            "publish_s": seconds,
            "ms_per_article": seconds * 1000 / size,
            "items_written": calls["items written"],
            "transactions": calls["TransactWriteItems"],
            "requests": sum(n for op, n in calls.items() if op != "items written"),
            "reported_writes": report.writes,
        }
        if size in (min(sizes), max(sizes)):
            row["article_view_p50_ms"] = _view_latency(size, views)
        results[str(size)] = row
    return results


__all__ = ["SLUG", "page_weight", "requests_per_page", "scaling"]


def edge_at_scale(views: int) -> dict[str, Any]:
    """A day of views through the emulated edge, with the reference article's real answer (local/bench/edge_sim.py)."""
    from local.bench import edge_sim
    from local.serve.server import Gateway

    with moto_tables() as account:
        _publish_content(account)
        gateway = Gateway(account)
        sizes = {}
        for coding in edge_sim.ENCODINGS:
            _, headers, body = _get(gateway, PAGES["article"], [("Accept-Encoding", coding)])
            sizes[coding] = len(body)
    kept = [(name, value) for name, value in headers.items() if name in ("content-type", "cache-control", "vary")]
    return edge_sim.simulate({"headers": kept, "bytes": sizes}, views=views)
