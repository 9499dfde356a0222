"""The edge in template.yaml, checked statically as the deploy rehearsal checks it (moto cannot create it)."""

from __future__ import annotations

import copy
from typing import Any

from local.edge import template_checks
from local.template import conditions, document
from local.template.checklist import Results


def checked(expanded: dict[str, Any]) -> Results:
    results = Results()
    template_checks.check_edge(expanded, results)
    return results


def test_the_edge_caches_pages_by_display_cookies_only_and_never_the_tracker() -> None:
    results = checked(document.expanded())
    assert results.failures == [], "\n".join(results.lines)
    assert results.passed >= 30


def test_a_tracker_cookie_in_the_pages_cache_key_fails_the_check() -> None:
    expanded = copy.deepcopy(document.expanded())
    config = expanded["Resources"]["PagesCachePolicy"]["Properties"]["CachePolicyConfig"]
    config["ParametersInCacheKeyAndForwardedToOrigin"]["CookiesConfig"]["Cookies"].append("__Host-rw_tracker")
    assert any("keyed on exactly the display cookies" in failure for failure in checked(expanded).failures)


def test_a_query_parameter_no_route_reads_in_the_pages_key_fails_the_check() -> None:
    expanded = copy.deepcopy(document.expanded())
    config = expanded["Resources"]["PagesCachePolicy"]["Properties"]["CachePolicyConfig"]
    config["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"] = {"QueryStringBehavior": "all"}
    assert any("exactly the query parameters the site reads" in failure for failure in checked(expanded).failures)


def test_an_assets_min_ttl_above_zero_fails_the_check() -> None:
    expanded = copy.deepcopy(document.expanded())
    expanded["Resources"]["AssetsCachePolicy"]["Properties"]["CachePolicyConfig"]["MinTTL"] = 31536000
    assert any("a no-store answer (a 404) not at all" in failure for failure in checked(expanded).failures)


def test_the_tracker_behind_the_pages_policy_fails_the_check() -> None:
    expanded = copy.deepcopy(document.expanded())
    behaviours = expanded["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"]
    behaviours[:] = [b for b in behaviours if not b["PathPattern"].startswith("/tracker")]
    assert any("/tracker is never cached" in failure for failure in checked(expanded).failures)


def test_a_bare_api_deploy_has_no_edge_and_no_origin_secret() -> None:
    bare = conditions.for_stack(document.expanded(), {"EdgeCache": "off"}, conditions.EDGE)
    kinds = {resource["Type"] for resource in bare["Resources"].values()}
    assert not {kind for kind in kinds if kind.startswith("AWS::CloudFront::")}
    assert "OriginSecret" not in bare["Resources"]


def test_snapstart_is_on_published_versions_of_the_site_and_tracker_by_default() -> None:
    on = conditions.for_stack(document.expanded(), {}, {"UseSnapStart"})
    snapstarted = {
        name
        for name, resource in on["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Function"
        and resource["Properties"].get("SnapStart", {}).get("ApplyOn") == "PublishedVersions"
    }
    assert snapstarted == {"SiteFunction", "TrackerFunction"}
    off = conditions.for_stack(document.expanded(), {"SnapStart": "off"}, {"UseSnapStart"})
    assert all(
        resource["Properties"].get("SnapStart", {}).get("ApplyOn", "None") == "None"
        for resource in off["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Function"
    )
