"""template.yaml's Conditions, evaluated for one set of parameter values, and values with Fn::If chosen.

Local runs (make serve, the tests) are the bare-API deploy unless a test says otherwise: no edge sits
in front of the local server, so the origin must not wait for the edge's secret header.
"""

from __future__ import annotations

from typing import Any

from local import sam_template

LOCAL = {"EdgeCache": "off"}
NO_VALUE = {"Ref": "AWS::NoValue"}


def evaluate(parameters: dict[str, str] | None = None, template: dict[str, Any] | None = None) -> dict[str, bool]:
    """Every condition's value with the template's defaults, overridden by `parameters`."""
    source = template or sam_template.load()
    values = {name: str(spec.get("Default", "")) for name, spec in source.get("Parameters", {}).items()}
    values.update(parameters if parameters is not None else LOCAL)
    found: dict[str, bool] = {}

    def value(term: Any) -> Any:
        if isinstance(term, dict) and "Ref" in term:
            return values[term["Ref"]]
        return term

    def truth(term: Any) -> bool:
        [(function, argument)] = term.items()
        if function in ("Condition", "Fn::Condition"):
            return condition(argument)
        if function == "Fn::Equals":
            return bool(value(argument[0]) == value(argument[1]))
        if function == "Fn::Not":
            return not truth(argument[0])
        if function == "Fn::And":
            return all(truth(inner) for inner in argument)
        if function == "Fn::Or":
            return any(truth(inner) for inner in argument)
        raise ValueError(f"unknown condition function {function}")

    def condition(name: str) -> bool:
        if name not in found:
            found[name] = truth(source["Conditions"][name])
        return found[name]

    for name in source.get("Conditions", {}):
        condition(name)
    return found


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
