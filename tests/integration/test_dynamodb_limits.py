"""DynamoDB's and Lambda's real limits, enforced by our code whatever moto enforces.

Publishing sizes each article's items before writing anything and packs transactions by bytes as well
as by count; batch writes respect 25 requests and 16 MB; every Query loop follows LastEvaluatedKey
(moto cuts pages at 1 MB as DynamoDB does); a response over Lambda's 6 MB becomes our own error page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.logging import Logger

from readwell.articles.content import load_content
from readwell.articles.model import ContentError
from readwell.articles.publishing import publish
from readwell.pages import error_pages
from readwell.storage import limits
from readwell.storage.dynamodb import to_item
from readwell.web import http_cache
from readwell.web.request_guard import MAX_RESPONSE_BYTES, request_guard
from tests.helpers import write_synthetic_content
from tests.reliability.tables import changed_items, snapshot
from tests.support.dynamodb_calls import dynamodb_calls

KIB = limits.KIB
SENTENCE = "Cancer cells can break away from a primary tumour and travel in the blood to other organs. "


def body_of(kib: int) -> str:
    paragraph = SENTENCE * 10 + "\n\n"
    return paragraph * (kib * KIB // len(paragraph))


def test_item_size_counts_names_and_values_as_aws_documents() -> None:
    # Strings: UTF-8 bytes of name and value. "é" is two bytes.
    assert limits.item_size({"ab": {"S": "café"}}) == 2 + 5
    # Numbers: 1 byte per two significant digits plus 1; leading and trailing zeros do not count.
    assert limits.item_size({"n": {"N": "12345"}}) == 1 + 3 + 1
    assert limits.item_size({"n": {"N": "0.00120"}}) == 1 + 1 + 1
    # Booleans and nulls are 1 byte; binary counts its raw bytes.
    assert limits.item_size({"t": {"BOOL": True}, "z": {"NULL": True}, "b": {"B": b"\x00\x01\x02"}}) == 2 + 2 + 4
    # A map or list costs 3 bytes, each element 1 more (plus a map key's name).
    assert limits.item_size({"m": {"M": {"k": {"S": "v"}}}}) == 1 + 3 + (1 + 1 + 1)
    assert limits.item_size({"l": {"L": [{"S": "a"}, {"N": "7"}]}}) == 1 + 3 + (1 + 1) + (1 + 2)
    assert limits.item_size(to_item({"PK": "ARTICLE#x"})) == 2 + 9


def test_batches_respect_both_count_and_bytes() -> None:
    sizes = [3, 3, 3, 3, 3]
    assert list(limits.batches(sizes, lambda s: s, max_count=2, max_bytes=100)) == [[3, 3], [3, 3], [3]]
    assert list(limits.batches(sizes, lambda s: s, max_count=25, max_bytes=7)) == [[3, 3], [3, 3], [3]]
    assert list(limits.batches([], lambda s: s, 25, 10)) == []


def test_an_article_close_to_the_item_limit_publishes(content_repo: Any, site_repo: Any, tmp_path: Path) -> None:
    # 370 KB of Markdown becomes about 380 KB of HTML in the item, the rest of the page being small'
    # moto refuses items over 400,000 bytes (AWS: 400 KiB), so this stays under both.
    content = load_content(write_synthetic_content(tmp_path, {"long-article": body_of(370)}))
    [(record, _)] = [(r, p) for r, p in _pending(content_repo, content)]
    stored = content_repo._revision_size((record, 0)) // 2
    assert 0.8 * limits.MAX_ITEM_BYTES < stored < 400_000, stored
    report = publish(content, content_repo)
    assert report.written == ["community test", "article long-article"]
    assert site_repo.get_article("long-article")["body_html"].startswith("<p>Cancer cells")


def test_an_article_over_the_item_limit_fails_before_anything_is_written(
    content_repo: Any, admin: Any, tmp_path: Path
) -> None:
    content = load_content(write_synthetic_content(tmp_path, {"short": "Fine.", "far-too-long": body_of(400)}))
    before = snapshot(admin)
    with pytest.raises(ContentError) as raised:
        publish(content, content_repo)
    [problem] = raised.value.problems
    assert str(problem).startswith(f"{tmp_path.name}/articles/far-too-long.md:1: the article is ")
    assert "KB as stored; DynamoDB items are limited to 400 KB" in str(problem)
    assert changed_items(before, snapshot(admin)) == 0  # not even the community or the short article


def test_twenty_five_large_articles_publish_in_transactions_sized_by_bytes(
    content_repo: Any, site_repo: Any, tmp_path: Path
) -> None:
    articles = {f"large-{n:02d}": body_of(90) for n in range(25)}
    content = load_content(write_synthetic_content(tmp_path, articles))
    sizes: list[tuple[int, int]] = []

    def measure(params: dict[str, Any], **_: Any) -> None:
        items = [action["Put"]["Item"] for action in params["TransactItems"]]
        sizes.append((len(items), sum(map(limits.item_size, items))))

    content_repo.client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", measure)
    try:
        with dynamodb_calls(content_repo.client) as calls:
            report = publish(content, content_repo)
    finally:
        content_repo.client.meta.events.unregister("provide-client-params.dynamodb.TransactWriteItems", measure)
    assert len(report.written) == 1 + 25
    assert calls["TransactWriteItems"] == len(sizes) >= 2  # 25 articles fit one transaction by count, not by bytes
    assert all(actions <= limits.MAX_TRANSACTION_ACTIONS for actions, _ in sizes)
    assert all(total <= limits.MAX_TRANSACTION_BYTES for _, total in sizes), sizes
    assert all(site_repo.get_article(slug)["revision"] == 1 for slug in articles)


def test_search_postings_go_in_batch_writes_of_at_most_25(content_repo: Any, tmp_path: Path) -> None:
    words = " ".join(f"word{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(120))
    content = load_content(write_synthetic_content(tmp_path, {"many-words": words}))
    requests: list[int] = []
    content_repo.client.meta.events.register(
        "provide-client-params.dynamodb.BatchWriteItem",
        lambda params, **_: requests.extend(len(batch) for batch in params["RequestItems"].values()),
    )
    publish(content, content_repo)
    assert sum(requests) > limits.MAX_BATCH_WRITE_REQUESTS and max(requests) == limits.MAX_BATCH_WRITE_REQUESTS


def test_reads_follow_every_query_page_past_one_megabyte(admin: Any, site_repo: Any) -> None:
    """moto, like DynamoDB, ends a Query page at 1 MB: a community listing of 2 MB needs several pages."""
    summary = "x" * (20 * KIB)
    items = [
        to_item(
            {
                "PK": f"ARTICLE#a{n:03d}",
                "SK": "CURRENT",
                "listing_pk": "COMMUNITY#big",
                "listing_sk": f"a{n:03d}",
                "slug": f"a{n:03d}",
                "title": f"A{n:03d}",
                "summary": summary,
            }
        )
        for n in range(100)
    ]
    for start in range(0, len(items), limits.MAX_BATCH_WRITE_REQUESTS):
        batch = items[start : start + limits.MAX_BATCH_WRITE_REQUESTS]
        admin.batch_write_item(RequestItems={"ContentTable": [{"PutRequest": {"Item": i}} for i in batch]})
    with dynamodb_calls(site_repo.client) as calls:
        listed = site_repo.list_articles("big")
    assert len(listed) == 100
    assert calls["Query"] >= (100 * 20 * KIB) // limits.MAX_QUERY_PAGE_BYTES


def test_a_response_over_lambdas_six_megabytes_is_our_error_page_not_a_502() -> None:
    app = APIGatewayHttpResolver()
    app.use(middlewares=[request_guard(Logger(service="limits-test"), error_pages.refusal_page), http_cache.middleware])
    random_looking = bytes(range(256)) * (4 * KIB * KIB // 256)  # 4 MB that neither gzip nor br can shrink

    @app.get("/big")
    def big() -> Response:
        return Response(200, "text/plain; charset=utf-8", (SENTENCE * 80_000)[: 7 * KIB * KIB])

    @app.get("/binary")
    def binary() -> Response:
        return Response(200, "application/octet-stream", random_looking)

    @app.get("/compressible")
    def compressible() -> Response:
        return Response(200, "text/plain; charset=utf-8", SENTENCE * 80_000)

    def get(path: str, encoding: str = "") -> dict[str, Any]:
        headers = {"accept-encoding": encoding} if encoding else {}
        event = {
            "version": "2.0",
            "rawPath": path,
            "rawQueryString": "",
            "headers": headers,
            "requestContext": {"http": {"method": "GET", "path": path, "sourceIp": "127.0.0.1"}, "stage": "$default"},
            "isBase64Encoded": False,
        }
        response: dict[str, Any] = app.resolve(event, None)
        return response

    too_big = get("/big")
    assert too_big["statusCode"] == 500 and "too large to send" in too_big["body"]
    assert too_big["headers"]["Content-Security-Policy"]  # still leaves through the guard
    # 4 MB of bytes goes base64-encoded: 5.3 MB, within the limit; 7 MB of compressible text sent gzipped is too.
    assert get("/binary")["statusCode"] == 200 and len(get("/binary")["body"]) < MAX_RESPONSE_BYTES
    assert get("/compressible", "gzip")["statusCode"] == 200


def _pending(repo: Any, content: Any) -> list[tuple[dict[str, Any], int]]:
    from readwell.articles.publishing import article_record, content_hash

    records = [article_record(a, content) for a in content.articles]
    for record in records:
        record["content_hash"] = content_hash(record)
    return [(record, 0) for record in records]
