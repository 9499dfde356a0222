"""The optional AWS WAF web ACL in template.yaml, checked statically (moto cannot create it or a distribution).

Off by default. On, in us-east-1 (the only region where AWS WAF makes web ACLs for CloudFront), the stack
makes one and puts it on the distribution; elsewhere the stack takes an existing one's ARN, and without one
the template's Rules fail the deploy before anything is made.
"""

from __future__ import annotations

from typing import Any

from local.aws.least_privilege import references
from local.template import conditions, document

ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/readwell-edge/0a1b2c3d"


def stack(**parameters: str) -> dict[str, Any]:
    return conditions.for_stack(document.expanded(), parameters, conditions.EDGE)


def web_acls(template: dict[str, Any]) -> dict[str, Any]:
    return {name: r["Properties"] for name, r in template["Resources"].items() if r["Type"] == "AWS::WAFv2::WebACL"}


def distribution(template: dict[str, Any]) -> dict[str, Any]:
    [found] = [r for r in template["Resources"].values() if r["Type"] == "AWS::CloudFront::Distribution"]
    return dict(found["Properties"]["DistributionConfig"])


def resolved(template: dict[str, Any], value: Any) -> Any:
    """A FindInMap of the template's Mappings, as CloudFormation resolves it."""
    if isinstance(value, dict) and "Fn::FindInMap" in value:
        name, key, field = value["Fn::FindInMap"]
        return template["Mappings"][name][key][field]
    return value


def test_by_default_there_is_no_web_acl() -> None:
    default = stack()
    assert web_acls(default) == {} and "WebACLId" not in distribution(default)
    assert conditions.broken_rules({}) == []


def test_on_in_us_east_1_the_stack_makes_one_and_puts_it_on_the_distribution() -> None:
    on = stack(Firewall="on", **{"AWS::Region": "us-east-1"})
    [(name, acl)] = web_acls(on).items()
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    assert references(distribution(on)["WebACLId"]) == {name}
    assert conditions.broken_rules({"Firewall": "on", "AWS::Region": "us-east-1"}) == []


def test_its_rules_limit_each_address_and_form_posts_more_tightly() -> None:
    on = stack(Firewall="on", **{"AWS::Region": "us-east-1"})
    [acl] = web_acls(on).values()
    limits = {}
    for rule in acl["Rules"]:
        rate = rule["Statement"]["RateBasedStatement"]
        assert rate["AggregateKeyType"] == "IP" and rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
        scope = rate.get("ScopeDownStatement", {}).get("ByteMatchStatement", {})
        limits["posts" if scope else "all"] = int(resolved(on, rate["Limit"]))
        if scope:  # every form post, whatever its path: /tracker/*, /preferences, /feedback when it exists
            assert scope["FieldToMatch"] == {"Method": {}} and scope["SearchString"] == "POST"
            assert scope["PositionalConstraint"] == "EXACTLY"
    assert set(limits) == {"all", "posts"} and 0 < limits["posts"] < limits["all"]
    body = acl["CustomResponseBodies"]["too-many-requests"]
    assert body["ContentType"] == "TEXT_HTML" and '<html lang="en">' in body["Content"] and "<h1>" in body["Content"]


def test_elsewhere_it_takes_an_existing_web_acl_or_the_deploy_fails() -> None:
    elsewhere = stack(Firewall="on", FirewallAclArn=ACL_ARN)  # document.REGION: eu-west-2
    assert web_acls(elsewhere) == {} and distribution(elsewhere)["WebACLId"] == {"Ref": "FirewallAclArn"}
    assert conditions.broken_rules({"Firewall": "on", "FirewallAclArn": ACL_ARN}) == []
    [refusal] = conditions.broken_rules({"Firewall": "on"})
    assert "only in us-east-1" in refusal and "FirewallAclArn" in refusal
    assert web_acls(stack(Firewall="on")) == {}  # and nothing would be made there anyway


def test_a_firewall_without_the_edge_fails_the_deploy() -> None:
    [refusal] = conditions.broken_rules({"Firewall": "on", "EdgeCache": "off", "AWS::Region": "us-east-1"})
    assert "EdgeCache=on" in refusal
    assert conditions.broken_rules({"FirewallAclArn": ACL_ARN, "EdgeCache": "off"}) != []


def test_the_arn_parameter_takes_only_a_cloudfront_web_acl() -> None:
    import re

    pattern = re.compile(document.load()["Parameters"]["FirewallAclArn"]["AllowedPattern"])
    assert pattern.match(ACL_ARN) and pattern.match("")
    assert not pattern.match(ACL_ARN.replace("us-east-1", "eu-west-2").replace("global", "regional"))
