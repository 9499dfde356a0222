"""Functions run locally as Lambda runs them: each in its own environment, one request at a time.

Lambda gives every function its own process with the variables template.yaml sets and its role's
credentials. Here every function shares one process, so a function's environment is put in place
while it loads (its init phase) and while it handles a request, and requests take turns: Lambda never
runs two requests in one environment, and Powertools keeps the current event in state that every
resolver shares.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from local.aws.roles import Account
from local.serve.lambda_http import LocalContext
from local.template import declarations

Handler = Callable[[dict[str, Any], Any], Any]
_one_at_a_time = threading.RLock()


@contextmanager
def environment(variables: Mapping[str, str | None]) -> Iterator[None]:
    """The process environment with `variables` set (None: unset) until the block ends."""
    with _one_at_a_time:
        before = {name: os.environ.get(name) for name in variables}
        _apply(variables)
        try:
            yield
        finally:
            _apply(before)


def _apply(variables: Mapping[str, str | None]) -> None:
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class LocalFunction:
    """One function of template.yaml, loaded and invoked under its own environment."""

    def __init__(self, name: str, variables: Mapping[str, str | None], code_dir: Path | None = None) -> None:
        spec = declarations.functions()[name]
        self.name = name
        self.timeout_seconds = spec.timeout_seconds
        self.variables = dict(variables)
        file = (code_dir or spec.code_dir) / (spec.module.replace(".", "/") + ".py")
        module_spec = importlib.util.spec_from_file_location(f"readwell_function_{name}", file)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot load {file} for {name}")
        self.module = importlib.util.module_from_spec(module_spec)
        with environment(self.variables):
            module_spec.loader.exec_module(self.module)
        self.handler: Handler = getattr(self.module, spec.handler)

    def invoke(self, event: dict[str, Any], version: str = "$LATEST") -> Any:
        """Run the handler with a context that counts down from template.yaml's timeout, as Lambda's does;
        `version` is the published version Lambda would say it runs."""
        context = LocalContext(self.name, function_version=version, timeout_seconds=self.timeout_seconds)
        with environment(self.variables):
            return self.handler(event, context)

    @contextmanager
    def running(self) -> Iterator[None]:
        """This function's environment, for work done as the function outside a request (set-up, tests)."""
        with environment(self.variables):
            yield


def dynamodb_client_of(account: Account, function: str) -> Any:
    """The DynamoDB client a function uses under its role: the very one its invocations get."""
    from readwell.storage import dynamodb

    with environment(account.environment(function)):
        return dynamodb.client()


def load_functions(
    account: Account, names: list[str] | None = None, overrides: Mapping[str, str] | None = None
) -> dict[str, LocalFunction]:
    """Every function of template.yaml (or those named), each under the role the account holds for it."""
    return {
        name: LocalFunction(name, {**account.environment(name), **(overrides or {})})
        for name in names or list(declarations.functions())
    }
