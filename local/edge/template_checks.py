"""Static checks of the CloudFront edge in template.yaml (moto cannot create a distribution or its policies).

Each check reads what the code decides from the code itself: the cookies and query parameters the pages
vary on, the header carrying the origin secret, the routes and which of them are private.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from local.aws.environment import prepare_environment
from local.aws.least_privilege import references, role_of, statements
from local.edge import query_reads
from local.edge.emulator import cache_directives, query_names, seconds_of
from local.template import conditions, declarations, document
from local.template.checklist import Results, of_type

prepare_environment()  # the layer on sys.path: the checks read the cookie and header names from the code

from readwell import config as config_names  # noqa: E402
from readwell.edge import verified  # noqa: E402
from readwell.preferences import COOKIE  # noqa: E402
from readwell.preferences.saving import NOTICE_COOKIE  # noqa: E402
from readwell.web.cookies import cookie_name  # noqa: E402
from readwell.web.responses import PAGE_CACHE  # noqa: E402

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # AWS's managed CachingDisabled policy
EDGE_ON = {"EdgeCache": "on"}
PRIVATE_PREFIXES = ("/tracker", "/preferences", "/feedback")
DAY = 24 * 3600
YEAR = 365 * DAY


def _behaviour_for(config: dict[str, Any], path: str) -> dict[str, Any]:
    """The behaviour CloudFront picks for a path: the first pattern that matches, else the default."""
    for behaviour in config.get("CacheBehaviors", []):
        if fnmatchcase(path, behaviour["PathPattern"]):
            return dict(behaviour)
    return dict(config["DefaultCacheBehavior"])


def _policy(expanded: dict[str, Any], behaviour: dict[str, Any], key: str) -> str:
    value = behaviour.get(key)
    pointed = references(value)
    return pointed.pop() if pointed else str(value)


def check_edge(expanded: dict[str, Any], results: Results) -> None:
    """What the edge must do, in the stack as deployed by default (EdgeCache=on)."""
    stack = conditions.for_stack(expanded, EDGE_ON, conditions.EDGE)
    [(name, distribution)] = of_type(stack, "AWS::CloudFront::Distribution").items()
    config = distribution["Properties"]["DistributionConfig"]
    policies = {
        **of_type(stack, "AWS::CloudFront::CachePolicy"),
        **of_type(stack, "AWS::CloudFront::OriginRequestPolicy"),
    }

    for route in declarations.routes():
        path = route.path.replace("{proxy+}", "x/y").replace("{slug}", "a-slug").replace("{name}", "a.css")
        if path == "$default":
            continue
        behaviour = _behaviour_for(config, path)
        cache = _policy(stack, behaviour, "CachePolicyId")
        private = path.startswith(PRIVATE_PREFIXES) or route.method not in ("GET", "ANY")
        if path.startswith(PRIVATE_PREFIXES):
            origin = _policy(stack, behaviour, "OriginRequestPolicyId")
            forwarded = policies.get(origin, {}).get("Properties", {}).get("OriginRequestPolicyConfig", {})
            ok = (
                cache == CACHING_DISABLED
                and forwarded.get("CookiesConfig", {}).get("CookieBehavior") == "all"
                and forwarded.get("QueryStringsConfig", {}).get("QueryStringBehavior") == "all"
            )
            results.check(ok, f"edge: {route.method} {route.path} is never cached and gets every cookie and the query")
        elif path.startswith("/static/"):
            assets = policies.get(cache, {}).get("Properties", {}).get("CachePolicyConfig", {})
            ttls = [assets.get(name) for name in ("MinTTL", "DefaultTTL", "MaxTTL")]
            results.check(
                ttls == [0, YEAR, YEAR],
                f"edge: {route.path} is cached for a year (hashed names), and a no-store answer (a 404) not at all",
            )
        elif not private:
            results.check(cache in policies, f"edge: {route.method} {route.path} is cached by {cache}")
        results.check(behaviour.get("ViewerProtocolPolicy") == "redirect-to-https", f"edge: {route.path} is HTTPS only")

    pages = policies[_policy(stack, dict(config["DefaultCacheBehavior"]), "CachePolicyId")]["Properties"][
        "CachePolicyConfig"
    ]
    key = pages["ParametersInCacheKeyAndForwardedToOrigin"]
    wanted = {cookie_name(COOKIE, over_https=True), cookie_name(NOTICE_COOKIE, over_https=True)}
    results.check(
        key["CookiesConfig"].get("CookieBehavior") == "whitelist" and set(key["CookiesConfig"]["Cookies"]) == wanted,
        f"edge: pages are keyed on exactly the display cookies {sorted(wanted)}",
    )
    results.check(
        key["HeadersConfig"].get("Headers") == [verified.VIEWER_HOST_HEADER]
        and key["EnableAcceptEncodingGzip"] is True
        and key["EnableAcceptEncodingBrotli"] is True,
        "edge: pages are keyed on the viewer's host and normalised Accept-Encoding (br, gzip), no other header",
    )
    results.check(
        pages["DefaultTTL"] == 0 and pages["MinTTL"] == 0, "edge: TTLs follow our Cache-Control (no header: not cached)"
    )
    stale_if_error = seconds_of(cache_directives(PAGE_CACHE), "stale-if-error") or 0
    results.check(
        stale_if_error >= DAY and "stale-while-revalidate=" in PAGE_CACHE,
        f"edge: pages may be served stale while refreshed, and for {stale_if_error // DAY} days while the origin fails",
    )
    read = query_reads.function_reads(document.ROOT / "functions" / "site")
    results.check(
        not read.unresolved and query_names(key["QueryStringsConfig"]) == frozenset(read.names),
        f"edge: pages are keyed on exactly the query parameters the site reads {sorted(read.names)}, no other"
        + "".join(f"\n    cannot tell which parameter: {where}" for where in read.unresolved),
    )

    results.check(
        not of_type(stack, "AWS::WAFv2::WebACL") and "WebACLId" not in config,
        "edge: no web ACL unless asked for (Firewall=off by default: AWS WAF is paid by the month)",
    )

    [origin] = config["Origins"]
    headers = {h["HeaderName"]: h["HeaderValue"] for h in origin.get("OriginCustomHeaders", [])}
    secret = references(headers.get(verified.ORIGIN_HEADER))
    results.check(secret == {"OriginSecret"}, f"edge: CloudFront sends {verified.ORIGIN_HEADER} from OriginSecret")
    routed = {route.function for route in declarations.routes()}
    for function, resource in of_type(stack, "AWS::Lambda::Function").items():
        variables = resource["Properties"].get("Environment", {}).get("Variables", {})
        told = "OriginSecret" in references(variables.get(config_names.ORIGIN_SECRET_VARIABLE))
        if function in routed:
            results.check(told, f"edge: {function} refuses requests without that header (told the secret's ARN)")
        else:
            results.check(not told, f"edge: {function} serves no route and is not told the origin secret")
    for function, resource in of_type(stack, "AWS::Lambda::Function").items():
        role = stack["Resources"][role_of(resource)]
        granted = [s for s in statements(role, EDGE_ON) if "cloudfront" in str(s.get("Action"))]
        if function == "PublishFunction":
            ok = (
                len(granted) == 1
                and granted[0]["Action"] == "cloudfront:CreateInvalidation"
                and references(granted[0]["Resource"]) == {"Distribution"}
            )
            results.check(ok, f"edge: {function} may only CreateInvalidation, on {name} only")
        else:
            results.check(not granted, f"edge: {function} has no CloudFront grant")
    code = of_type(stack, "AWS::CloudFront::Function")
    results.check(
        any(verified.VIEWER_HOST_HEADER in str(res["Properties"]["FunctionCode"]) for res in code.values()),
        f"edge: a viewer-request function copies Host into {verified.VIEWER_HOST_HEADER}",
    )
