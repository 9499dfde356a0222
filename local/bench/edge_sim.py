"""The edge at scale: a day of 1,000,000 article views through the emulated CloudFront.

Zipf (s = 1) over 5,000 articles, a spread of display preferences (most readers never change them), br
or gzip, and 1% of articles republished during the day (each invalidating its path, as publishing
does). Every view goes through local/edge/emulator.py, built from template.yaml's policies, in front of an origin
that answers with the reference article's real headers and byte sizes; the clock is simulated.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from local.edge.emulator import EdgeCache

VIEWS = 1_000_000
ARTICLES = 5_000
DAY = 24 * 3600
REPUBLISHED_SHARE = 0.01
# Shares of readers by setting value (independent): an assumption, stated in docs/performance.md with the result.
TEXT_SIZES = {"standard": 0.80, "large": 0.08, "larger": 0.07, "largest": 0.05}
SCHEMES = {"auto": 0.85, "dark": 0.06, "high": 0.04, "low-glare": 0.03, "standard": 0.02}
SPACINGS = {"standard": 0.92, "wide": 0.05, "widest": 0.03}
WIDTHS = {"comfortable": 0.95, "full": 0.05}
SAVED_DEFAULTS = 0.02  # readers whose cookie says what the default is (changed something, then changed back)
ENCODINGS = {"br": 0.97, "gzip": 0.03}


def _variants() -> tuple[list[str | None], list[float]]:
    """Each display cookie value (None: no cookie) and its share of views."""
    cookies: list[str | None] = []
    weights: list[float] = []
    for combination in itertools.product(TEXT_SIZES.items(), SCHEMES.items(), SPACINGS.items(), WIDTHS.items()):
        value = ".".join(name for name, _ in combination)
        share = 1.0
        for _, part in combination:
            share *= part
        if value == "standard.auto.standard.comfortable":
            cookies += [None, value]
            weights += [share * (1 - SAVED_DEFAULTS), share * SAVED_DEFAULTS]
        else:
            cookies.append(value)
            weights.append(share)
    return cookies, weights


def simulate(response: dict[str, Any], views: int = VIEWS, seed: int = 16, days: int = 2) -> dict[str, Any]:
    """`response`: the origin's answer for the article ({"headers": [...], "bytes": {"br": n, "gzip": n}}).

    `views` a day for `days` days: the first day starts from an empty cache, the last is the steady state."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - a reproducible simulation, not security
    clock = [0.0]

    def origin(method: str, target: str, headers: list[tuple[str, str]], body: bytes, source: str = "") -> Any:
        coding = next((v for k, v in headers if k == "accept-encoding"), "gzip")
        return 200, [*response["headers"], ("Content-Encoding", coding)], b"x" * response["bytes"][coding]

    edge = EdgeCache(origin, "simulated", clock=lambda: clock[0])
    days_seen = [_day(edge, clock, day, response, views, rng) for day in range(days)]
    return {
        "views_a_day": views,
        "articles": ARTICLES,
        "variants": len(_variants()[0]),
        "cache_control": next(v for k, v in response["headers"] if k.lower() == "cache-control"),
        "first_day": days_seen[0],
        "steady_day": days_seen[-1],
    }


def _day(
    edge: EdgeCache, clock: list[float], day: int, response: dict[str, Any], views: int, rng: Any
) -> dict[str, Any]:
    ranks = range(1, ARTICLES + 1)
    articles = rng.choices(ranks, cum_weights=list(itertools.accumulate(1 / rank for rank in ranks)), k=views)
    cookies, weights = _variants()
    chosen = rng.choices(cookies, weights=weights, k=views)
    codings = rng.choices(list(ENCODINGS), weights=list(ENCODINGS.values()), k=views)
    republish = sorted(
        (DAY * day + rng.uniform(0, DAY), article) for article in rng.sample(ranks, int(ARTICLES * REPUBLISHED_SHARE))
    )
    origin_bytes = 0
    invalidated = 0
    requests_before = edge.origin_requests
    for view, (article, cookie, coding) in enumerate(zip(articles, chosen, codings, strict=True)):
        clock[0] = DAY * (day + view / views)
        while republish and republish[0][0] <= clock[0]:
            invalidated += edge.invalidate([f"/articles/a-{republish.pop(0)[1]}"])
        headers = [("Host", "read.example.org"), ("Accept-Encoding", f"{coding}, deflate")]
        if cookie is not None:
            headers.append(("Cookie", f"__Host-rw_prefs={cookie}; _ga=GA1.2.{view}"))
        before = edge.origin_requests
        _, _, payload = edge("GET", f"/articles/a-{article}", headers, b"")
        if edge.origin_requests > before:
            origin_bytes += len(payload)
    per_thousand = 1000 / views
    return {
        "origin_invocations_per_1000": (edge.origin_requests - requests_before) * per_thousand,
        "origin_kb_per_1000": origin_bytes * per_thousand / 1024,
        "cached_copies_at_end": len(edge.stored),
        "copies_invalidated": invalidated,
    }
