"""template.yaml's Conditions, evaluated for one set of parameter values, and values with Fn::If chosen.

Local runs (make serve, the tests) are the bare-API deploy unless a test says otherwise: no edge sits
in front of the local server, so the origin must not wait for the edge's secret header.
"""

from __future__ import annotations

from typing import Any

from local.template import document

LOCAL = {"EdgeCache": "off"}
NO_VALUE = {"Ref": "AWS::NoValue"}
# The conditions the edge's resources hang on: decided together wherever a stack is worked out here.
EDGE = {"UseEdge", "HasDomain", "HasFirewallArn", "CreateFirewall", "UseEdgeLogs"}
# Where the alarms go: decided together too (the stack's own topic unless an operator brings one).
ALARMS = {"HasAlarmTopic", "MakeAlarmTopic", "HasAlarmEmail"}


def parameter_values(
    parameters: dict[str, str] | None = None, template: dict[str, Any] | None = None
) -> dict[str, str]:
    """Each of the template's parameters as the stack with `parameters` has it (default: a local run's)."""
    source = template or document.load()
    defaults = {name: str(spec.get("Default", "")) for name, spec in source.get("Parameters", {}).items()}
    return {**defaults, **(parameters if parameters is not None else LOCAL)}


class _Terms:
    """Condition and rule terms (Fn::Equals, Not, And, Or, Condition, Ref) over one set of parameter values."""

    def __init__(self, parameters: dict[str, str] | None, template: dict[str, Any] | None) -> None:
        self.source = template or document.load()
        self.values = {"AWS::Region": document.REGION, **parameter_values(parameters, self.source)}
        self.found: dict[str, bool] = {}

    def value(self, term: Any) -> Any:
        if isinstance(term, dict) and "Ref" in term:
            return self.values[term["Ref"]]
        return term

    def truth(self, term: Any) -> bool:
        [(function, argument)] = term.items()
        if function in ("Condition", "Fn::Condition"):
            return self.condition(argument)
        if function == "Fn::Equals":
            return bool(self.value(argument[0]) == self.value(argument[1]))
        if function == "Fn::Not":
            return not self.truth(argument[0])
        if function == "Fn::And":
            return all(self.truth(inner) for inner in argument)
        if function == "Fn::Or":
            return any(self.truth(inner) for inner in argument)
        raise ValueError(f"unknown condition function {function}")

    def condition(self, name: str) -> bool:
        if name not in self.found:
            self.found[name] = self.truth(self.source["Conditions"][name])
        return self.found[name]


def evaluate(parameters: dict[str, str] | None = None, template: dict[str, Any] | None = None) -> dict[str, bool]:
    """Every condition's value with the template's defaults, overridden by `parameters` (and AWS::Region, which
    is document.REGION unless they name it)."""
    terms = _Terms(parameters, template)
    return {name: terms.condition(name) for name in terms.source.get("Conditions", {})}


def broken_rules(parameters: dict[str, str], template: dict[str, Any] | None = None) -> list[str]:
    """What CloudFormation would say, refusing to deploy with `parameters`: each failing assertion of the
    template's Rules whose RuleCondition holds."""
    terms = _Terms(parameters, template)
    broken = []
    for rule in terms.source.get("Rules", {}).values():
        if "RuleCondition" in rule and not terms.truth(rule["RuleCondition"]):
            continue
        broken += [item["AssertDescription"] for item in rule["Assertions"] if not terms.truth(item["Assert"])]
    return broken


def choose(value: Any, conditions: dict[str, bool]) -> Any:
    """`value` with each Fn::If on one of `conditions` replaced by its chosen branch, and AWS::NoValue dropped
    (an Fn::If on a condition not given stays, for CloudFormation to decide)."""
    if isinstance(value, list):
        chosen = [choose(item, conditions) for item in value]
        return [item for item in chosen if item != NO_VALUE]
    if isinstance(value, dict):
        if set(value) == {"Fn::If"} and value["Fn::If"][0] in conditions:
            name, when_true, when_false = value["Fn::If"]
            return choose(when_true if conditions[name] else when_false, conditions)
        chosen_items = {key: choose(inner, conditions) for key, inner in value.items()}
        return {key: inner for key, inner in chosen_items.items() if inner != NO_VALUE}
    return value


def for_stack(expanded: dict[str, Any], parameters: dict[str, str], decided: set[str]) -> dict[str, Any]:
    """The expanded template as CloudFormation would create it with `parameters`, for the conditions in
    `decided`: their resources kept or dropped, their Fn::If chosen."""
    values = {name: truth for name, truth in evaluate(parameters).items() if name in decided}
    resources = {
        name: resource
        for name, resource in expanded["Resources"].items()
        if values.get(resource.get("Condition", ""), True)
    }
    return choose({**expanded, "Resources": resources}, values)


def local(value: Any) -> Any:
    """`value` as a local run sees it (LOCAL parameters)."""
    return choose(value, evaluate())
