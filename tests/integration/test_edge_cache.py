"""The edge cache, emulated from template.yaml's policies: a cacheable response depends on nothing outside its
cache key, and a private one is never stored."""

from __future__ import annotations

from local.edge.emulator import EdgeCache, behaviours
from local.serve.server import Gateway
from readwell.edge import verified
from readwell.web.responses import EDGE_SECONDS, REVALIDATE_SECONDS
from tests.helpers import Reply
from tests.integration.edge_helpers import ARTICLE, EDGE_STACK, SECRET, Clock, get
from tests.tracker.browser import HOST, Browser
from tests.tracker.test_shared_caches import EXAMPLES, shared

pytestmark = EDGE_STACK
PREFERENCES = "__Host-rw_prefs"
YEAR = 365 * 24 * 3600
# Everything a reader's browser may send besides the key: none of it may change a cached page.
NOISE = [
    ("User-Agent", "Mozilla/5.0 (Linux; Android 15) Mobile"),
    ("Accept-Language", "cy-GB,cy;q=0.9"),
    ("Referer", "https://elsewhere.example/"),
    ("DNT", "1"),
    ("Sec-Fetch-Site", "cross-site"),
]


def cacheable_paths(origin: Gateway) -> list[str]:
    paths = [path for examples in EXAMPLES.values() for path in examples]
    return [path for path in paths if shared(get_direct(origin, path).header("Cache-Control"))]


def get_direct(origin: Gateway, path: str) -> Reply:
    return Reply(
        *origin("GET", path, [("Host", HOST), (verified.ORIGIN_HEADER, SECRET), ("x-forwarded-proto", "https")], b"")
    )


def test_the_emulated_edge_reads_its_behaviours_from_the_template() -> None:
    rules = {rule.pattern: rule for rule in behaviours()}
    assert not rules["/tracker"].cached and not rules["/tracker/*"].cached and not rules["/preferences"].cached
    assert rules["*"].cookies == ("__Host-rw_prefs", "__Host-rw_notice") and rules["*"].encodings == ("br", "gzip")
    assert (rules["/static/*"].min_ttl, rules["/static/*"].default_ttl, rules["/static/*"].max_ttl) == (0, YEAR, YEAR)
    assert rules["*"].query == {"q"} and rules["/static/*"].query == set() and rules["/tracker/*"].query is None


def test_every_cacheable_page_is_the_same_for_any_header_or_cookie_outside_its_key(
    origin: Gateway, cdn: EdgeCache
) -> None:
    reader = Browser(cdn)
    reader.start(height_cm="170")
    reader.add("2026-02-01", "83.7")
    key = {PREFERENCES: "largest.dark.wide.full"}
    everything_else = {**reader.cookies, "_ga": "GA1.2.3", **key}
    paths = cacheable_paths(origin)
    assert {"/", ARTICLE, "/glossary", "/search?q=metastasis"} <= set(paths)
    for path in paths:
        first = get(cdn, path, key)
        again = get(cdn, path, everything_else, NOISE)
        assert first.header("X-Cache") == "Miss from cloudfront", path
        assert again.header("X-Cache") == "Hit from cloudfront", path
        # The edge's copy is what the origin would have answered this reader: nothing outside the key matters.
        plain = get(cdn, path, everything_else, [*NOISE, ("Accept-Encoding", "identity")])
        direct = Reply(*origin("GET", path, [*NOISE, *viewer_headers(everything_else)], b""))
        assert again.body == first.body and plain.body == direct.body, path


def viewer_headers(cookies: dict[str, str]) -> list[tuple[str, str]]:
    """A request as it reaches the origin through the edge, but carrying everything the reader sent."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    headers = [
        ("Host", HOST),
        (verified.ORIGIN_HEADER, SECRET),
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", HOST),
    ]
    return [*headers, ("Cookie", cookie)]


def test_each_display_preference_is_its_own_copy(cdn: EdgeCache) -> None:
    standard = get(cdn, ARTICLE, {})
    largest = get(cdn, ARTICLE, {PREFERENCES: "largest.dark.wide.full"})
    assert largest.header("X-Cache") == "Miss from cloudfront" and largest.body != standard.body
    assert get(cdn, ARTICLE, {PREFERENCES: "largest.dark.wide.full"}).header("X-Cache") == "Hit from cloudfront"


def test_private_responses_are_never_stored_and_get_every_cookie(origin: Gateway, cdn: EdgeCache) -> None:
    reader = Browser(cdn)
    reader.start()
    reader.add("2026-02-01", "83.7")
    for path in ("/tracker", "/tracker/recovery-code", "/tracker/export.csv", "/tracker/delete"):
        first, second = reader.get(path), reader.get(path)
        assert first.status == 200 and "Miss" in (second.header("X-Cache") or ""), path
    assert "83.7" in reader.get("/tracker").text  # the tracker cookie reached the origin
    assert not [key for key in cdn.stored if str(key[1]).startswith("/tracker")]
    assert all(b"83.7" not in copy.answer[2] for copy in cdn.stored.values())


def test_a_cached_page_expires_after_its_s_maxage_and_is_then_refreshed(cdn: EdgeCache, clock: Clock) -> None:
    assert get(cdn, "/", {}).header("X-Cache") == "Miss from cloudfront"
    clock.now += EDGE_SECONDS - 1
    assert get(cdn, "/", {}).header("X-Cache") == "Hit from cloudfront"
    clock.now += 2  # expired: the old copy while the edge fetches a new one (stale-while-revalidate)
    asked = cdn.origin_requests
    assert get(cdn, "/", {}).header("X-Cache") == "RefreshHit from cloudfront" and cdn.origin_requests == asked + 1
    assert get(cdn, "/", {}).header("X-Cache") == "Hit from cloudfront"  # the refreshed copy
    clock.now += EDGE_SECONDS + REVALIDATE_SECONDS + 1  # past both: the reader waits for the origin
    assert get(cdn, "/", {}).header("X-Cache") == "Miss from cloudfront"


def test_the_origin_refuses_a_reader_who_goes_around_the_edge(origin: Gateway) -> None:
    assert Reply(*origin("GET", "/", [("Host", HOST)], b"")).status == 403
