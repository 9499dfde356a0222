"""The CloudFront edge, emulated in front of the local API from the cache policies in template.yaml.

`make serve EDGE=1` puts it in front of the local server, and the tests use it. It does what the
distribution's behaviours say: for a cached behaviour, the key is the path, the whitelisted query
parameters, cookies and headers and the normalised Accept-Encoding, and only those reach the origin (every
other query parameter is dropped, so `/?utm=a` and `/?utm=b` are one copy); an uncached behaviour gets the
whole query, every cookie and its whitelisted headers. Every request reaches the origin with the origin
secret header, as CloudFront's does, and the viewer's Host copied as the viewer-request function copies it.

How long a response is kept follows the CloudFront Developer Guide, "Manage how long content stays in the
cache (expiration)": s-maxage (else max-age) bounded by the policy's MinTTL and MaxTTL, DefaultTTL without
either; `no-store`, `no-cache` or `private` are respected when MinTTL is 0, and with MinTTL above 0 the
response is kept for MinTTL all the same (the guide's table, and the CachePolicyConfig reference). A response
that sets a cookie is never stored here (stricter than CloudFront; our pages that set one are no-store).

Past expiry, `stale-while-revalidate` and `stale-if-error` (RFC 5861, which CloudFront honours since May 2023;
same guide) are followed: within the first window the old copy is served and refreshed from the origin
(CloudFront refreshes in the background; here the refresh runs before the stale answer returns, so the next
reader sees the new copy, and only the waiting differs); within the second, an origin 5xx (500, 502, 503,
504) or an origin that does not answer (TimeoutError; ConnectionError) gives the old copy. A stale answer says
`X-Cache: RefreshHit from cloudfront`, the result type CloudFront's logs give an expired copy it checked with
the origin, and the value seen from CloudFront serving a cached copy when its origin answered 500 (it documents
no distinct value for either case). Other answers say `Hit`, `Miss`, or `Error from cloudfront` for a 4xx/5xx
or an origin that failed (then 504 for a timeout, 502 for a refused connection, as CloudFront answers).
Not emulated: error caching (CloudFront keeps a 4xx/5xx for ErrorCachingMinTTL, 10 s by default).

Locally the site is plain HTTP, where cookies keep their plain names: a whitelisted `__Host-x` cookie
is matched as `x` here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote_plus

from local.aws.least_privilege import references
from local.template import conditions, document

Answer = tuple[int, list[tuple[str, str]], bytes]
Origin = Callable[..., Answer]  # (method, target, headers, body, source_ip)
HOST_PREFIX = "__Host-"
EDGE_ON = {"EdgeCache": "on"}
ORIGIN_HEADER = "x-readwell-origin"
VIEWER_HOST_HEADER = "x-forwarded-host"
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"
EDGE_ADDRESS = "198.51.100.200"  # the origin sees CloudFront's address, never the reader's
UNCACHEABLE = {"private", "no-store", "no-cache"}
STALE_ON_STATUS = {500, 502, 503, 504}  # the origin errors stale-if-error covers
HIT, MISS, STALE, ERROR = (f"{result} from cloudfront" for result in ("Hit", "Miss", "RefreshHit", "Error"))


@dataclass(frozen=True)
class Behaviour:
    pattern: str  # "*" for the default behaviour
    cached: bool
    cookies: tuple[str, ...] | None  # names to key on and forward; None: all (uncached behaviours)
    headers: tuple[str, ...]
    query: frozenset[str] | None  # parameter names to key on and forward; None: all (uncached behaviours)
    min_ttl: int = 0
    default_ttl: int = 0
    max_ttl: int = 0
    encodings: tuple[str, ...] = ()  # normalised Accept-Encoding values the key distinguishes, best first


@dataclass(frozen=True)
class Copy:
    """A stored answer and the times (on the edge's clock) until which it is fresh, or may be served stale."""

    fresh_until: float
    revalidate_until: float
    if_error_until: float
    answer: Answer


def behaviours(expanded: dict[str, Any] | None = None) -> list[Behaviour]:
    """The distribution's behaviours in CloudFront's order (the default last), from template.yaml."""
    stack = conditions.for_stack(expanded or document.expanded(), EDGE_ON, conditions.EDGE)
    resources = stack["Resources"]
    [distribution] = [r for r in resources.values() if r["Type"] == "AWS::CloudFront::Distribution"]
    config = distribution["Properties"]["DistributionConfig"]
    ordered = [*config.get("CacheBehaviors", []), {**config["DefaultCacheBehavior"], "PathPattern": "*"}]
    return [_behaviour(item, resources) for item in ordered]


def query_names(config: dict[str, Any]) -> frozenset[str] | None:
    """The query parameters a QueryStringsConfig keys on and forwards (None: all of them)."""
    behaviour = config["QueryStringBehavior"]
    if behaviour == "all":
        return None
    if behaviour in ("none", "whitelist"):
        return frozenset(config.get("QueryStrings", []) if behaviour == "whitelist" else [])
    raise ValueError(f"QueryStringBehavior {behaviour} is not emulated")


def _behaviour(item: dict[str, Any], resources: dict[str, Any]) -> Behaviour:
    cache = references(item.get("CachePolicyId"))
    if not cache:  # a managed policy by id: CachingDisabled is the only one we use
        origin = resources[references(item["OriginRequestPolicyId"]).pop()]["Properties"]["OriginRequestPolicyConfig"]
        headers = tuple(h.lower() for h in origin["HeadersConfig"].get("Headers", []))
        return Behaviour(item["PathPattern"], cached=False, cookies=None, headers=headers, query=None)
    config = resources[cache.pop()]["Properties"]["CachePolicyConfig"]
    key = config["ParametersInCacheKeyAndForwardedToOrigin"]
    cookies = tuple(key["CookiesConfig"].get("Cookies", [])) if key["CookiesConfig"]["CookieBehavior"] != "none" else ()
    encodings = tuple(
        name
        for name, on in (("br", key.get("EnableAcceptEncodingBrotli")), ("gzip", key.get("EnableAcceptEncodingGzip")))
        if on
    )
    return Behaviour(
        item["PathPattern"],
        cached=True,
        cookies=cookies,
        headers=tuple(h.lower() for h in key["HeadersConfig"].get("Headers", [])),
        query=query_names(key["QueryStringsConfig"]),
        min_ttl=int(config["MinTTL"]),
        default_ttl=int(config["DefaultTTL"]),
        max_ttl=int(config["MaxTTL"]),
        encodings=encodings,
    )


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    """name -> value from every Cookie header, as CloudFront reads them (name=value pairs split on ";")."""
    found = {}
    for header, value in headers:
        if header.lower() == "cookie":
            for pair in value.split(";"):
                name, equals, cookie = pair.strip().partition("=")
                if equals and name:
                    found[name] = cookie
    return found


def cache_directives(cache_control: str) -> dict[str, str]:
    directives = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value.strip('"')
    return directives


def seconds_of(directives: dict[str, str], name: str) -> int | None:
    value = directives.get(name, "")
    return int(value) if value.isdigit() else None


def ttl(cache_control: str, behaviour: Behaviour) -> int:
    """How long CloudFront keeps a response fresh (the Developer Guide's expiration table)."""
    directives = cache_directives(cache_control)
    if directives.keys() & UNCACHEABLE:
        return behaviour.min_ttl  # 0: not stored; above 0: stored for MinTTL whatever the origin says
    for name in ("s-maxage", "max-age"):
        seconds = seconds_of(directives, name)
        if seconds is not None:
            return max(behaviour.min_ttl, min(seconds, behaviour.max_ttl))
    return max(behaviour.min_ttl, behaviour.default_ttl)


def kept_query(query: str, names: frozenset[str] | None) -> str:
    """The query as the edge forwards it: only the named parameters (names compared decoded), in their order."""
    if names is None:
        return query
    return "&".join(part for part in query.split("&") if part and unquote_plus(part.partition("=")[0]) in names)


@dataclass
class EdgeCache:
    origin: Origin
    origin_secret: str
    rules: list[Behaviour] = field(default_factory=behaviours)
    clock: Callable[[], float] = time.monotonic
    stored: dict[tuple[Any, ...], Copy] = field(default_factory=dict)
    origin_requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def invalidate(self, paths: list[str]) -> int:
        """Forget what CreateInvalidation would: each path, or every path a trailing * covers; returns how many."""

        def covered(path: str) -> bool:
            return any(fnmatchcase(path, pattern) if pattern.endswith("*") else path == pattern for pattern in paths)

        with self._lock:
            gone = [key for key in self.stored if covered(key[1])]
            for key in gone:
                del self.stored[key]
        return len(gone)

    def behaviour_for(self, path: str) -> Behaviour:
        return next(rule for rule in self.rules if rule.pattern == "*" or fnmatchcase(path, rule.pattern))

    def __call__(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str = "127.0.0.1"
    ) -> Answer:
        path, _, query = target.partition("?")
        rule = self.behaviour_for(path)
        # What a viewer sends as CloudFront's own headers is replaced, as CloudFront replaces it.
        ours = (ORIGIN_HEADER, VIEWER_HOST_HEADER, VIEWER_ADDRESS_HEADER)
        viewer = [(k, v) for k, v in headers if k.lower() not in ours]
        host = next((v for k, v in viewer if k.lower() == "host"), "")
        viewer.append((VIEWER_HOST_HEADER, host))  # the viewer-request function
        viewer.append((VIEWER_ADDRESS_HEADER, f"{source_ip}:443"))
        if not rule.cached or method not in ("GET", "HEAD"):
            return _labelled(self._ask_origin(method, target, self._forward_all(viewer, rule), body), MISS)
        kept = kept_query(query, rule.query)
        key, forwarded = self._key(method, path, kept, viewer, rule)
        forward = (method, f"{path}?{kept}" if kept else path, forwarded)
        now = self.clock()
        with self._lock:
            found = self.stored.get(key)
        if found is not None and now < found.fresh_until:
            return _labelled(found.answer, HIT)
        if found is not None and now < found.revalidate_until:
            self._fetch_and_store(key, forward, rule, found)  # CloudFront does this in the background
            return _labelled(found.answer, STALE)
        return self._fetch_and_store(key, forward, rule, found)

    def _fetch_and_store(
        self, key: tuple[Any, ...], forward: tuple[str, str, list[tuple[str, str]]], rule: Behaviour, old: Copy | None
    ) -> Answer:
        """The origin's answer, stored as the policy says; the old copy instead when it failed within stale-if-error."""
        method, target, headers = forward
        now = self.clock()
        answer = self._ask_origin(method, target, headers, b"")
        status, answer_headers, _ = answer
        if status in STALE_ON_STATUS and old is not None and now < old.if_error_until:
            return _labelled(old.answer, STALE)
        cache_control = next((v for k, v in answer_headers if k.lower() == "cache-control"), "")
        sets_cookie = any(k.lower() == "set-cookie" for k, _ in answer_headers)
        kept_for = 0 if sets_cookie else ttl(cache_control, rule)
        with self._lock:
            if kept_for > 0:
                directives = cache_directives(cache_control)
                fresh = now + kept_for
                revalidate = fresh + (seconds_of(directives, "stale-while-revalidate") or 0)
                if_error = fresh + (seconds_of(directives, "stale-if-error") or 0)
                self.stored[key] = Copy(fresh, revalidate, if_error, answer)
            else:
                self.stored.pop(key, None)
        return _labelled(answer, MISS)

    def _key(
        self, method: str, path: str, query: str, viewer: list[tuple[str, str]], rule: Behaviour
    ) -> tuple[tuple[Any, ...], list[tuple[str, str]]]:
        jar = _cookies(viewer)
        wanted = {name.removeprefix(HOST_PREFIX) for name in rule.cookies or ()} | set(rule.cookies or ())
        cookies = tuple(sorted((name, value) for name, value in jar.items() if name in wanted))
        kept = tuple(sorted((k.lower(), v) for k, v in viewer if k.lower() in rule.headers))
        accepted = ",".join(v for k, v in viewer if k.lower() == "accept-encoding").lower()
        encoding = next((name for name in rule.encodings if name in accepted), "")
        forwarded = [*kept, (ORIGIN_HEADER, self.origin_secret), ("x-forwarded-proto", _proto(viewer))]
        forwarded += [("host", next((v for k, v in viewer if k.lower() == "host"), ""))]
        if encoding:
            forwarded.append(("accept-encoding", encoding))
        if cookies:
            forwarded.append(("cookie", "; ".join(f"{name}={value}" for name, value in cookies)))
        return (method == "HEAD", path, query, cookies, kept, encoding), forwarded

    def _forward_all(self, viewer: list[tuple[str, str]], rule: Behaviour) -> list[tuple[str, str]]:
        kept = [
            (k, v)
            for k, v in viewer
            if k.lower() in rule.headers or k.lower() in ("cookie", "host", "content-type", "content-length")
        ]
        return [*kept, (ORIGIN_HEADER, self.origin_secret), ("x-forwarded-proto", _proto(viewer))]

    def _ask_origin(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> Answer:
        """The origin's answer, or CloudFront's own error page when it did not answer."""
        self.origin_requests += 1
        try:
            return self.origin(method, target, headers, body, EDGE_ADDRESS)
        except TimeoutError:
            return _failed(504)
        except ConnectionError:
            return _failed(502)


def _labelled(answer: Answer, result: str) -> Answer:
    status, headers, payload = answer
    return status, [*headers, ("X-Cache", ERROR if status >= 400 and result == MISS else result)], payload


def _failed(status: int) -> Answer:
    """CloudFront's own error page when the origin did not answer (504) or refused the connection (502)."""
    reason = {502: "Bad Gateway", 504: "Gateway Timeout"}[status]
    page = f"<!DOCTYPE html><html lang=en><title>{status} {reason}</title><h1>{status} ERROR</h1>"
    page += "<p>The request could not be satisfied.</p></html>"
    return status, [("Content-Type", "text/html")], page.encode()


def _proto(viewer: list[tuple[str, str]]) -> str:
    """The viewer's scheme (the real edge is HTTPS only; the local server is plain HTTP)."""
    return next((v for k, v in viewer if k.lower() == "x-forwarded-proto"), "http")
