"""The folder layout is the architecture: who may import whom, checked on every import statement (issue 13).

Imports inside functions count too: a lazy import hides a dependency from a reader but not from this.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READWELL = ROOT / "layers" / "core" / "readwell"
FEATURES = ("articles", "search", "tracker", "preferences", "pages", "storage")
BOTO = ("boto3", "botocore")


def imported(path: Path) -> set[str]:
    """Every module a file imports (absolute names), wherever the import statement sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules(package: Path) -> dict[str, Path]:
    base = (
        package.relative_to(ROOT / "layers" / "core") if package.is_relative_to(READWELL) else package.relative_to(ROOT)
    )
    return {
        ".".join((*base.parts, *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__"): path
        for path in package.rglob("*.py")
    }


def test_web_is_generic_http_glue_and_imports_no_feature() -> None:
    for name, path in modules(READWELL / "web").items():
        features = {m for m in imported(path) if m.startswith(tuple(f"readwell.{f}" for f in FEATURES))}
        assert not features, f"{name} imports {sorted(features)}: web/ is HTTP glue every feature uses"


def test_runtime_knows_nothing_of_pages_or_features() -> None:
    for name, path in modules(READWELL / "runtime").items():
        ours = {m for m in imported(path) if m.startswith("readwell.") and not m.startswith("readwell.runtime")}
        assert not ours, f"{name} imports {sorted(ours)}"


@pytest.mark.parametrize("package", ["articles", "search", "tracker", "preferences", "pages", "web", "runtime"])
def test_only_storage_talks_to_aws(package: str) -> None:
    for name, path in modules(READWELL / package).items():
        boto = {m for m in imported(path) if m.split(".")[0] in BOTO}
        assert not boto, f"{name} imports {sorted(boto)}: DynamoDB is storage/'s business"


def test_the_layer_never_imports_local_tooling_or_tests() -> None:
    for name, path in modules(READWELL).items():
        tooling = {m for m in imported(path) if m.split(".")[0] in ("local", "tests", "functions")}
        assert not tooling, f"{name} imports {sorted(tooling)}"


def test_the_bench_modules_form_no_circle() -> None:
    graph = {
        name: {m.rsplit(".", 1)[0] if m not in found else m for m in imported(path) if m.startswith("local.bench")}
        for found in [modules(ROOT / "local" / "bench")]
        for name, path in found.items()
    }
    graph = {name: {m for m in targets if m in graph and m != name} for name, targets in graph.items()}

    def cycle_from(start: str, node: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for target in sorted(graph[node]):
            if target == start:
                return (*seen, target)
            if target not in seen:
                found = cycle_from(start, target, (*seen, target))
                if found:
                    return found
        return None

    circles = [cycle for name in graph if (cycle := cycle_from(name, name, (name,)))]
    assert circles == [], " -> ".join(circles[0])
