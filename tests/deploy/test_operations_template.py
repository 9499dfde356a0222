"""Running the stack: alarms that reach a person, canary rollouts that roll back, logs kept as long as the privacy
page says, a first deploy that fails early with a clear rule, and outputs for DNS. All offline, from template.yaml."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from local.template import conditions, document

pytestmark = pytest.mark.deploy

ALARM = "AWS::CloudWatch::Alarm"
# Every alarm's one destination: the operator's topic when given, else the stack's own.
DESTINATION = [{"Fn::If": ["HasAlarmTopic", {"Ref": "AlarmTopicArn"}, {"Ref": "AlarmTopic"}]}]
CANARIED = {"SiteFunction": "SiteLatencyAlarm", "TrackerFunction": "TrackerLatencyAlarm"}


def silent_alarms(template: dict[str, Any]) -> list[str]:
    """Alarms (any, whoever added them) that would not tell the topic both when they fire and when they clear."""
    return [
        f"{name} {key}"
        for name, res in template["Resources"].items()
        if res["Type"] == ALARM
        for key in ("AlarmActions", "OKActions")
        if res["Properties"].get(key) != DESTINATION
    ]


def test_every_alarm_in_the_template_notifies_the_topic_when_it_fires_and_clears() -> None:
    alarms = document.resources(ALARM)
    assert len(alarms) >= 9, sorted(alarms)
    assert silent_alarms(document.load()) == []


def test_an_alarm_without_the_topic_fails_the_check() -> None:
    template = copy.deepcopy(document.load())
    template["Resources"]["NewFunctionErrorsAlarm"] = {"Type": ALARM, "Properties": {"AlarmActions": DESTINATION}}
    assert silent_alarms(template) == ["NewFunctionErrorsAlarm OKActions"]


def _stack(parameters: dict[str, str]) -> dict[str, Any]:
    return conditions.for_stack(document.expanded(), parameters, conditions.EDGE | conditions.ALARMS)


def test_by_default_the_stack_makes_its_own_topic_and_every_alarm_notifies_it() -> None:
    stack = _stack({})
    assert stack["Resources"]["AlarmTopic"]["Type"] == "AWS::SNS::Topic"
    assert "AlarmEmailSubscription" not in stack["Resources"]
    for name, alarm in stack["Resources"].items():
        if alarm["Type"] == ALARM:
            assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], name


def test_an_email_address_is_subscribed_to_the_topic_in_use() -> None:
    own = _stack({"AlarmEmail": "ops@example.org"})["Resources"]["AlarmEmailSubscription"]["Properties"]
    assert own == {"Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}, "TopicArn": {"Ref": "AlarmTopic"}}
    theirs = "arn:aws:sns:eu-west-2:123456789012:ops"
    stack = _stack({"AlarmEmail": "ops@example.org", "AlarmTopicArn": theirs})
    assert "AlarmTopic" not in stack["Resources"]
    assert stack["Resources"]["AlarmEmailSubscription"]["Properties"]["TopicArn"] == {"Ref": "AlarmTopicArn"}
    assert stack["Outputs"]["AlarmTopic"]["Value"] == {"Ref": "AlarmTopicArn"}


def test_the_parameters_refuse_what_is_not_an_address_or_a_topic() -> None:
    parameters = document.load()["Parameters"]
    email, topic = parameters["AlarmEmail"]["AllowedPattern"], parameters["AlarmTopicArn"]["AllowedPattern"]
    assert all(re.fullmatch(email, value) for value in ("", "ops@example.org"))
    assert not any(re.fullmatch(email, value) for value in ("ops", "ops@example", "a b@example.org"))
    assert re.fullmatch(topic, "arn:aws:sns:eu-west-2:123456789012:ops")
    assert not re.fullmatch(topic, "arn:aws:sqs:eu-west-2:123456789012:ops")


def _groups(expanded: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{function: its CodeDeploy deployment group}, found through the `live` alias's UpdatePolicy."""
    found = {}
    for alias in expanded["Resources"].values():
        update = alias.get("UpdatePolicy", {}).get("CodeDeployLambdaAliasUpdate")
        if alias["Type"] == "AWS::Lambda::Alias" and update:
            found[alias["Properties"]["FunctionName"]["Ref"]] = expanded["Resources"][
                update["DeploymentGroupName"]["Ref"]
            ]
    return found


def test_site_and_tracker_go_out_as_a_canary_that_rolls_back_on_errors_and_latency() -> None:
    expanded = document.expanded()
    groups = _groups(expanded)
    assert sorted(groups) == sorted(CANARIED)
    default = document.load()["Parameters"]["Rollout"]["Default"]
    assert default.startswith("Canary")
    for function, group in groups.items():
        props = group["Properties"]
        assert props["DeploymentConfigName"] == {
            "Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": default}]
        }
        assert props["AutoRollbackConfiguration"]["Enabled"] is True
        assert "DEPLOYMENT_STOP_ON_ALARM" in props["AutoRollbackConfiguration"]["Events"]
        alarms = {item["Name"]["Ref"] for item in props["AlarmConfiguration"]["Alarms"]}
        watched = {
            (
                expanded["Resources"][a]["Properties"]["MetricName"],
                str(expanded["Resources"][a]["Properties"]["Dimensions"]),
            )
            for a in alarms
        }
        own = str([{"Name": "FunctionName", "Value": {"Ref": function}}])
        assert {("Errors", own), ("Duration", own)} <= watched, watched
        assert "Api5xxAlarm" in alarms and CANARIED[function] in alarms


def test_codedeploy_may_move_only_the_two_aliases() -> None:
    expanded = document.expanded()
    roles = {json.dumps(group["Properties"]["ServiceRoleArn"]) for group in _groups(expanded).values()}
    assert roles == {json.dumps({"Fn::GetAtt": "CodeDeployRole.Arn"})}, "our role, not SAM's generated one"
    assert "CodeDeployServiceRole" not in expanded["Resources"]
    role = expanded["Resources"]["CodeDeployRole"]["Properties"]
    assert "ManagedPolicyArns" not in role
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "codedeploy.amazonaws.com"}
    [policy] = role["Policies"]
    statements = {s["Sid"]: s for s in policy["PolicyDocument"]["Statement"]}
    assert statements["ReadAlarmStates"]["Action"] == "cloudwatch:DescribeAlarms"
    aliases = statements["MoveTheAliases"]
    assert all(action.startswith("lambda:") and "Invoke" not in action for action in aliases["Action"])
    assert aliases["Resource"] == [{"Fn::Sub": f"${{{name}.Arn}}:*"} for name in CANARIED]


def test_latency_thresholds_are_written_once_and_the_operations_guide_states_them() -> None:
    thresholds = document.load()["Mappings"]["AlarmThresholds"]["Latency"]
    guide = (document.ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for function, alarm in CANARIED.items():
        key = function.removesuffix("Function") + "P99Milliseconds"
        threshold = document.load()["Resources"][alarm]["Properties"]["Threshold"]
        assert threshold == {"Fn::FindInMap": ["AlarmThresholds", "Latency", key]}
        assert f"`{alarm}`" in guide and f"{thresholds[key]:,} ms" in guide, alarm


def test_the_dashboard_is_json_with_and_without_the_edge() -> None:
    for parameters in ({}, {"EdgeCache": "off"}):
        body = _stack(parameters)["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
        text, variables = body
        edge = variables["EdgeWidget"]  # the edge's widget, itself a Fn::Sub, when the edge is on
        filled = text.replace("${EdgeWidget}", edge["Fn::Sub"] if isinstance(edge, dict) else edge)
        widgets = json.loads(re.sub(r"\$\{[A-Za-z:.]+\}", "placeholder", filled))["widgets"]
        titles = " / ".join(w["properties"]["title"] for w in widgets)
        for wanted in ("Requests and errors", "p50 and p99", "Throttles", "SnapStart restore"):
            assert wanted in titles
        if parameters:
            assert "edge" not in titles.lower()
        else:
            assert "answered from its cache" in titles


def test_access_logs_keep_their_own_retention_and_the_privacy_page_is_told_the_deployed_periods() -> None:
    source = document.load()
    assert source["Resources"]["ApiAccessLogGroup"]["Properties"]["RetentionInDays"] == {
        "Ref": "AccessLogRetentionDays"
    }
    told = source["Resources"]["SiteFunction"]["Properties"]["Environment"]["Variables"]
    assert told["FUNCTION_LOG_DAYS"] == {"Ref": "LogRetentionDays"}
    assert told["ACCESS_LOG_DAYS"] == {"Ref": "AccessLogRetentionDays"}
    assert told["EDGE_LOGS"] == {"Fn::If": ["UseEdgeLogs", "on", "off"]}
    page = (document.ROOT / "layers/core/readwell/templates/pages/privacy.html").read_text(encoding="utf-8")
    assert "{{ logs.access_days }} days" in page and "{{ logs.function_days }} days" in page


def test_edge_logs_are_off_by_default_and_when_on_private_encrypted_and_expiring() -> None:
    assert "EdgeLogBucket" not in _stack({})["Resources"]
    assert "Logging" not in _stack({})["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    stack = _stack({"EdgeLogs": "on"})
    bucket = stack["Resources"]["EdgeLogBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    [rule] = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == {"Ref": "AccessLogRetentionDays"} and rule["Status"] == "Enabled"
    logging = stack["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["Logging"]
    assert logging["IncludeCookies"] is False
    assert conditions.broken_rules({"EdgeLogs": "on", "EdgeCache": "off"}) == [
        "EdgeLogs are CloudFront's, so they need EdgeCache=on"
    ]


CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/x"


@pytest.mark.parametrize(
    ("parameters", "said"),
    [
        ({"DomainName": "read.example.org"}, "DomainName needs CertificateArn"),
        ({"DomainName": "read.example.org", "CertificateArn": CERTIFICATE, "EdgeCache": "off"}, "needs EdgeCache=on"),
        ({"CertificateArn": CERTIFICATE}, "CertificateArn is used only with DomainName"),
    ],
)
def test_a_domain_without_its_certificate_fails_the_deploy_with_a_clear_rule(
    parameters: dict[str, str], said: str
) -> None:
    broken = conditions.broken_rules(parameters)
    assert len(broken) == 1 and said in broken[0], broken
    assert conditions.broken_rules({"DomainName": "read.example.org", "CertificateArn": CERTIFICATE}) == []


def test_a_certificate_outside_us_east_1_is_refused_with_the_reason() -> None:
    spec = document.load()["Parameters"]["CertificateArn"]
    assert not re.fullmatch(spec["AllowedPattern"], CERTIFICATE.replace("us-east-1", "eu-west-2"))
    assert re.fullmatch(spec["AllowedPattern"], CERTIFICATE)
    assert "us-east-1" in spec["ConstraintDescription"]


def test_the_outputs_give_the_distributions_name_for_dns_the_topic_and_the_dashboard() -> None:
    outputs = _stack({})["Outputs"]
    assert outputs["DistributionDomainName"]["Value"] == {"Fn::GetAtt": "Distribution.DomainName"}
    assert outputs["AlarmTopic"]["Value"] == {"Ref": "AlarmTopic"}
    assert "#dashboards/dashboard/${Dashboard}" in outputs["Dashboard"]["Value"]["Fn::Sub"]
    assert outputs["DistributionDomainName"]["Condition"] == "UseEdge"


def test_the_access_log_of_a_tracker_route_holds_no_path_query_cookie_or_address() -> None:
    """One format for the stage: a tracker request logs its route key ("POST /tracker/{proxy+}"), never its days."""
    [stage] = [r for r in document.expanded()["Resources"].values() if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    line = stage["Properties"]["AccessLogSettings"]["Format"]
    assert "$context.routeKey" in line
    for leak in ("$context.path", "$request.", "querystring", "cookie", "$context.identity", "header"):
        assert leak.lower() not in line.lower(), leak
