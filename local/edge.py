"""The CloudFront edge, emulated in front of the local API from the cache policies in template.yaml.

`make serve EDGE=1` puts it in front of the local server, and the tests use it. It does what the
distribution's behaviours say: for a cached behaviour, the key is the path, the query, the whitelisted
cookies and headers and the normalised Accept-Encoding, and only those reach the origin; a response is
stored for its Cache-Control's s-maxage (else max-age) within the policy's TTLs, never when it is
private, no-store, or sets a cookie; an uncached behaviour gets every cookie and its whitelisted headers.
Every request reaches the origin with the origin secret header, as CloudFront's does, and the viewer's
Host copied as the viewer-request function copies it. Answers carry `X-Cache: Hit|Miss from cloudfront`.

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

from local import conditions, sam_template
from local.least_privilege import references

Origin = Callable[..., tuple[int, list[tuple[str, str]], bytes]]  # (method, target, headers, body, source_ip)
HOST_PREFIX = "__Host-"
EDGE_ON = {"EdgeCache": "on"}
ORIGIN_HEADER = "x-readwell-origin"
VIEWER_HOST_HEADER = "x-forwarded-host"
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"
EDGE_ADDRESS = "198.51.100.200"  # the origin sees CloudFront's address, never the reader's


@dataclass(frozen=True)
class Behaviour:
    pattern: str  # "*" for the default behaviour
    cached: bool
    cookies: tuple[str, ...] | None  # names to key on and forward; None: all (uncached behaviours)
    headers: tuple[str, ...]
    query: bool
    min_ttl: int = 0
    default_ttl: int = 0
    max_ttl: int = 0
    encodings: tuple[str, ...] = ()  # normalised Accept-Encoding values the key distinguishes, best first


def behaviours(expanded: dict[str, Any] | None = None) -> list[Behaviour]:
    """The distribution's behaviours in CloudFront's order (the default last), from template.yaml."""
    stack = conditions.for_stack(expanded or sam_template.expanded(), EDGE_ON, {"UseEdge", "HasDomain"})
    resources = stack["Resources"]
    [distribution] = [r for r in resources.values() if r["Type"] == "AWS::CloudFront::Distribution"]
    config = distribution["Properties"]["DistributionConfig"]
    ordered = [*config.get("CacheBehaviors", []), {**config["DefaultCacheBehavior"], "PathPattern": "*"}]
    return [_behaviour(item, resources) for item in ordered]


def _behaviour(item: dict[str, Any], resources: dict[str, Any]) -> Behaviour:
    cache = references(item.get("CachePolicyId"))
    if not cache:  # a managed policy by id: CachingDisabled is the only one we use
        origin = resources[references(item["OriginRequestPolicyId"]).pop()]["Properties"]["OriginRequestPolicyConfig"]
        headers = tuple(h.lower() for h in origin["HeadersConfig"].get("Headers", []))
        return Behaviour(item["PathPattern"], cached=False, cookies=None, headers=headers, query=True)
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
        query=key["QueryStringsConfig"]["QueryStringBehavior"] != "none",
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


def _ttl(cache_control: str, behaviour: Behaviour) -> int:
    directives = {}
    for part in cache_control.lower().split(","):
        name, _, value = part.strip().partition("=")
        directives[name] = value
    if directives.keys() & {"private", "no-store", "no-cache"}:
        return 0
    for name in ("s-maxage", "max-age"):
        if directives.get(name, "").isdigit():
            return max(behaviour.min_ttl, min(int(directives[name]), behaviour.max_ttl))
    return behaviour.default_ttl


@dataclass
class EdgeCache:
    origin: Origin
    origin_secret: str
    rules: list[Behaviour] = field(default_factory=behaviours)
    clock: Callable[[], float] = time.monotonic
    stored: dict[tuple[Any, ...], tuple[float, int, list[tuple[str, str]], bytes]] = field(default_factory=dict)
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
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        path, _, query = target.partition("?")
        rule = self.behaviour_for(path)
        # What a viewer sends as CloudFront's own headers is replaced, as CloudFront replaces it.
        ours = (ORIGIN_HEADER, VIEWER_HOST_HEADER, VIEWER_ADDRESS_HEADER)
        viewer = [(k, v) for k, v in headers if k.lower() not in ours]
        host = next((v for k, v in viewer if k.lower() == "host"), "")
        viewer.append((VIEWER_HOST_HEADER, host))  # the viewer-request function
        viewer.append((VIEWER_ADDRESS_HEADER, f"{source_ip}:443"))
        if not rule.cached or method not in ("GET", "HEAD"):
            forwarded = self._forward_all(viewer, rule)
            return self._fetch(method, target, forwarded, body, "Miss")
        key, forwarded = self._key(method, path, query, viewer, rule)
        with self._lock:
            found = self.stored.get(key)
        if found is not None and found[0] > self.clock():
            _, status, answer_headers, payload = found
            return status, [*answer_headers, ("X-Cache", "Hit from cloudfront")], payload
        status, answer_headers, payload = self.origin(
            method, target if rule.query else path, forwarded, b"", EDGE_ADDRESS
        )
        self.origin_requests += 1
        cache_control = next((v for k, v in answer_headers if k.lower() == "cache-control"), "")
        sets_cookie = any(k.lower() == "set-cookie" for k, _ in answer_headers)
        ttl = 0 if sets_cookie else _ttl(cache_control, rule)
        if ttl > 0:
            with self._lock:
                self.stored[key] = (self.clock() + ttl, status, answer_headers, payload)
        return status, [*answer_headers, ("X-Cache", "Miss from cloudfront")], payload

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
        return (method == "HEAD", path, query if rule.query else "", cookies, kept, encoding), forwarded

    def _forward_all(self, viewer: list[tuple[str, str]], rule: Behaviour) -> list[tuple[str, str]]:
        kept = [
            (k, v)
            for k, v in viewer
            if k.lower() in rule.headers or k.lower() in ("cookie", "host", "content-type", "content-length")
        ]
        return [*kept, (ORIGIN_HEADER, self.origin_secret), ("x-forwarded-proto", _proto(viewer))]

    def _fetch(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, outcome: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        self.origin_requests += 1
        status, answer_headers, payload = self.origin(method, target, headers, body, EDGE_ADDRESS)
        return status, [*answer_headers, ("X-Cache", f"{outcome} from cloudfront")], payload


def _proto(viewer: list[tuple[str, str]]) -> str:
    """The viewer's scheme (the real edge is HTTPS only; the local server is plain HTTP)."""
    return next((v for k, v in viewer if k.lower() == "x-forwarded-proto"), "http")
