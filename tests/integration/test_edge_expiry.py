"""How long the emulated edge keeps an answer: CloudFront's documented rules, including MinTTL's.

CloudFront Developer Guide, "Manage how long content stays in the cache (expiration)": s-maxage (else
max-age) within [MinTTL, MaxTTL]; without either, DefaultTTL (at least MinTTL); `no-store`, `no-cache` and
`private` are respected only when MinTTL is 0, and with MinTTL above 0 the answer is kept for MinTTL all the
same. So AssetsCachePolicy's MinTTL is 0: an unknown asset's 404 (no-store) is never kept.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from local.edge.emulator import Behaviour, EdgeCache, behaviours, ttl
from local.serve.server import Gateway
from local.template import document
from tests.integration.edge_helpers import EDGE_STACK, SECRET, Clock, get

pytestmark = EDGE_STACK

YEAR = 365 * 24 * 3600
KEEPS_ALL = Behaviour("*", cached=True, cookies=(), headers=(), query=frozenset(), min_ttl=60, max_ttl=3600)
RESPECTS = Behaviour("*", cached=True, cookies=(), headers=(), query=frozenset(), default_ttl=30, max_ttl=3600)


@pytest.mark.parametrize(
    ("cache_control", "respects", "keeps_all"),
    [
        ("no-store", 0, 60),
        ("private, no-store", 0, 60),
        ("no-cache", 0, 60),
        ("public, max-age=10", 10, 60),  # below MinTTL: raised to it
        ("public, max-age=300, s-maxage=7200", 3600, 3600),  # s-maxage first, then MaxTTL
        ("public, max-age=600", 600, 600),
        ("", 30, 60),  # no directive: DefaultTTL, at least MinTTL
    ],
)
def test_ttls_follow_the_developer_guides_table(cache_control: str, respects: int, keeps_all: int) -> None:
    assert ttl(cache_control, RESPECTS) == respects
    assert ttl(cache_control, KEEPS_ALL) == keeps_all


def answering(cache_control: str) -> Any:
    def origin(*_: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        return 200, [("Cache-Control", cache_control)], b"answer"

    return origin


def test_with_a_min_ttl_even_a_no_store_answer_is_kept_for_it() -> None:
    clock = Clock()
    cdn = EdgeCache(answering("private, no-store"), SECRET, rules=[KEEPS_ALL], clock=clock)
    assert get(cdn, "/x").header("X-Cache") == "Miss from cloudfront"
    clock.now += 59
    assert get(cdn, "/x").header("X-Cache") == "Hit from cloudfront"
    clock.now += 2
    assert get(cdn, "/x").header("X-Cache") == "Miss from cloudfront"
    without = EdgeCache(answering("private, no-store"), SECRET, rules=[RESPECTS], clock=clock)
    assert [get(without, "/x").header("X-Cache") for _ in range(2)] == ["Miss from cloudfront"] * 2


def stylesheet(cdn: EdgeCache) -> str:
    found = re.search(r'href="(/static/[^"]+\.css)"', get(cdn, "/", extra=[("Accept-Encoding", "identity")]).text)
    assert found
    return found.group(1)


def test_an_asset_is_kept_a_year_and_an_unknown_assets_404_not_at_all(cdn: EdgeCache, clock: Clock) -> None:
    css = stylesheet(cdn)
    assert get(cdn, css).header("X-Cache") == "Miss from cloudfront"
    clock.now += YEAR - 1
    assert get(cdn, css).header("X-Cache") == "Hit from cloudfront"
    missing = [get(cdn, "/static/readwell.0000000000.css") for _ in range(2)]
    assert [(reply.status, reply.header("X-Cache")) for reply in missing] == [(404, "Error from cloudfront")] * 2
    assert missing[0].header("Cache-Control") == "no-store"


def test_with_the_old_policys_min_ttl_of_a_year_the_404_would_be_kept_a_year(origin: Gateway, clock: Clock) -> None:
    expanded = copy.deepcopy(document.expanded())
    expanded["Resources"]["AssetsCachePolicy"]["Properties"]["CachePolicyConfig"]["MinTTL"] = YEAR
    cdn = EdgeCache(origin, SECRET, rules=behaviours(expanded), clock=clock)
    get(cdn, "/static/readwell.0000000000.css")
    clock.now += YEAR - 1
    kept = get(cdn, "/static/readwell.0000000000.css")
    assert (kept.status, kept.header("X-Cache")) == (404, "Hit from cloudfront")
