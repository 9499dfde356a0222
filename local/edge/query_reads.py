"""Which query-string parameters a function's code reads, found in its source (never a second list by hand).

A cacheable page may depend only on its cache key, so the edge keys pages on exactly the parameters the
site reads (template.yaml's PagesCachePolicy whitelist) and drops the rest. This module finds those
reads statically: the function's own folder plus every `readwell` module it imports, directly or through
another, at the top or inside a function. A read must name its parameter with a string literal or a
module constant (`event.get_query_string_value("q")`); a read of the whole parameter dict cannot be
attributed to a name, so it is reported as unresolved. Reading the raw query string is allowed: it sees
only what the edge forwards, which is the key.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from local.template.document import ROOT

LAYER = ROOT / "layers" / "core"
PACKAGE = "readwell"
NAMED_READS = {"get_query_string_value", "get_multi_value_query_string_values"}
WHOLE_READS = {"query_string_parameters", "multi_value_query_string_parameters", "resolved_query_string_parameters"}
WHOLE_KEYS = {"queryStringParameters", "multiValueQueryStringParameters"}


@dataclass
class QueryReads:
    names: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)  # "file:line what", for reads no name can be given to
    files: list[Path] = field(default_factory=list)


def function_reads(function_dir: Path) -> QueryReads:
    """The query parameters read by the code of one function (functions/<name>/) and what it imports."""
    found = QueryReads()
    for path in _reachable(sorted(function_dir.glob("*.py"))):
        found.files.append(path)
        _scan(path, found)
    return found


def _reachable(start: list[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    pending = list(start)
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen[path] = None
        pending += _imported(ast.parse(path.read_text(encoding="utf-8")))
    return list(seen)


def _imported(tree: ast.Module) -> list[Path]:
    """The readwell modules (files) a module imports anywhere in it, packages' __init__ included."""
    dotted: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            dotted += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            dotted.append(node.module)
            dotted += [f"{node.module}.{alias.name}" for alias in node.names]  # kept only when a module
    files = []
    for name in dotted:
        if name.split(".")[0] != PACKAGE:
            continue
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            base = LAYER.joinpath(*parts[:depth])
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    files.append(candidate)
    return files


def _scan(path: Path, found: QueryReads) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in NAMED_READS:
            argument = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "name"), None)
            name = _literal(argument, constants)
            if name is None:
                found.unresolved.append(f"{where}:{node.lineno} {node.func.attr} with a name that is not a constant")
            else:
                found.names.add(name)
        elif isinstance(node, ast.Attribute) and node.attr in WHOLE_READS:
            found.unresolved.append(f"{where}:{node.lineno} reads {node.attr} (use get_query_string_value)")
        elif isinstance(node, ast.Constant) and node.value in WHOLE_KEYS:
            found.unresolved.append(f"{where}:{node.lineno} reads {node.value} (use get_query_string_value)")


def _literal(node: ast.expr | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None
