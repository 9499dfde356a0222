"""The folder layout is the architecture: who may import whom, checked on every import statement.

Imports inside functions count too: a lazy import hides a dependency from a reader but not from this.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READWELL = ROOT / "layers" / "core" / "readwell"
FEATURES = ("articles", "search", "tracker", "preferences", "feedback", "pages", "storage", "snapstart")
BOTO = ("boto3", "botocore")
PACKAGES = sorted(path.parent.name for path in READWELL.glob("*/__init__.py"))


def imported(path: Path, at_load_only: bool = False) -> set[str]:
    """Every module a file imports (absolute names), wherever the import statement sits; `at_load_only`: only
    those its loading runs (not the ones inside a function)."""
    found: set[str] = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        if not (at_load_only and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
            pending += ast.iter_child_nodes(node)
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


def test_web_takes_from_the_edge_only_which_requests_came_through_it() -> None:
    """The request guard and the site's origin believe the edge's headers only on requests verified to have come
    through it (edge/verified.py), which stands on nothing but the settings: web/ reaches no feature that way."""
    for name, path in modules(READWELL / "web").items():
        edge = {m for m in imported(path) if m.startswith("readwell.edge")}
        assert edge <= {"readwell.edge", "readwell.edge.verified"}, f"{name} imports {sorted(edge)}"
    ours = {m for m in imported(READWELL / "edge" / "verified.py") if m.startswith("readwell")}
    assert ours <= {"readwell", "readwell.config"}
    for name, path in modules(READWELL / "edge").items():
        ours = {m for m in imported(path) if m.startswith("readwell.") and not m.startswith("readwell.edge")}
        assert ours <= {"readwell.config"}, f"{name} imports {sorted(ours)}: the edge stands below every feature"


def test_an_on_demand_cold_start_loads_only_snapstarts_question() -> None:
    """Every page function asks `snapstart.snapshotting()` while it loads; the package answers with nothing of
    ours, and the rest of snapstart/ is imported only from inside a function (PageFunction.prime), so only an
    init Lambda is snapshotting loads it."""
    init = READWELL / "snapstart" / "__init__.py"
    assert {m for m in imported(init) if m.startswith("readwell")} == set()
    loaded = {**modules(READWELL), **modules(ROOT / "functions")}
    for name, path in loaded.items():
        if name.startswith("readwell.snapstart"):
            continue
        deeper = {m for m in imported(path, at_load_only=True) if m.startswith("readwell.snapstart.")}
        deeper -= {"readwell.snapstart.snapshotting", "readwell.snapstart.MADE_UP_ARTICLE"}
        assert not deeper, f"{name} loads {sorted(deeper)} on every cold start"


def test_feedback_takes_from_the_tracker_only_its_per_address_limiter() -> None:
    """The limiter (Limit, Limited, client_key, how long counts are kept) is the tracker's public API; feedback
    uses it as is, and nothing else of the tracker's (its service, cookies or pages)."""
    limiter = ("readwell.tracker.rate_limits", "readwell.tracker.identity", "readwell.tracker.privacy")
    users = {**modules(READWELL / "feedback"), "readwell.storage.feedback": READWELL / "storage" / "feedback.py"}
    for name, path in users.items():
        tracker = {m for m in imported(path) if m.startswith("readwell.tracker")} - {"readwell.tracker"}
        assert all(m.startswith(limiter) for m in tracker), f"{name} imports {sorted(tracker)}"


def test_runtime_knows_nothing_of_pages_or_features() -> None:
    for name, path in modules(READWELL / "runtime").items():
        ours = {m for m in imported(path) if m.startswith("readwell.") and not m.startswith("readwell.runtime")}
        assert not ours, f"{name} imports {sorted(ours)}"


# The CloudFront client and the in-process DynamoDB answers priming uses are AWS clients like the others: they
# live in storage/ (storage/cloudfront.py, storage/in_process.py), which makes every client one way.
@pytest.mark.parametrize("package", [package for package in PACKAGES if package != "storage"])
def test_only_storage_talks_to_aws(package: str) -> None:
    for name, path in modules(READWELL / package).items():
        boto = {m for m in imported(path) if m.split(".")[0] in BOTO}
        assert not boto, f"{name} imports {sorted(boto)}: DynamoDB is storage/'s business"


def test_the_layers_own_modules_beside_its_packages_talk_to_no_aws_either() -> None:
    assert {"articles", "edge", "search", "snapstart", "storage", "tracker", "web"} <= set(PACKAGES)
    for path in READWELL.glob("*.py"):
        boto = {m for m in imported(path) if m.split(".")[0] in BOTO}
        assert not boto, f"{path.name} imports {sorted(boto)}"


# Two modules may share a name only when it means the same kind of thing in each, for its own package.
SHARED_NAMES = {
    "__init__": "a package",
    "content": "the articles and communities: read from content/ (articles/), kept in the content table (storage/)",
    "forms": "HTML forms: read from a request strictly (web/), checked field by field (tracker/)",
    "privacy": "what /privacy states about a feature's data, from where it is decided: the tracker's, feedback's",
    "responses": "Responses: with the headers every page carries (web/), the tracker's pages (tracker/)",
    "view_models": "what a template shows: the article pages' (articles/), the tracker's (tracker/)",
}


def test_a_module_name_used_twice_means_the_same_thing_in_each() -> None:
    names = Counter(path.stem for path in READWELL.rglob("*.py"))
    assert {name for name, count in names.items() if count > 1} == set(SHARED_NAMES)


def test_no_import_in_the_layer_or_the_handlers_needs_another_name() -> None:
    """A module or name imported under an alias did not say what it holds. One remains: markdown.py calls the
    glossary it is given `glossary`, so the module of that name comes in as glossary_terms."""
    aliased = set()
    for path in [*READWELL.rglob("*.py"), *(ROOT / "functions").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                aliased |= {f"{path.relative_to(ROOT)}: {a.name} as {a.asname}" for a in node.names if a.asname}
    assert aliased == {"layers/core/readwell/articles/markdown.py: glossary as glossary_terms"}


def test_the_layer_never_imports_local_tooling_or_tests() -> None:
    for name, path in modules(READWELL).items():
        tooling = {m for m in imported(path) if m.split(".")[0] in ("local", "tests", "functions")}
        assert not tooling, f"{name} imports {sorted(tooling)}"


def _circles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
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

    return [cycle for name in graph if (cycle := cycle_from(name, name, (name,)))]


def test_no_two_modules_of_local_import_each_other_in_a_circle() -> None:
    found = modules(ROOT / "local")
    graph = {
        name: {m.rsplit(".", 1)[0] if m not in found else m for m in imported(path) if m.startswith("local.")}
        for name, path in found.items()
    }
    circles = _circles(graph)
    assert circles == [], " -> ".join(circles[0])


# local/ is rooms, one per job, each importing only the rooms below it: the template is the ground every
# room reads; the IAM-enforcing moto stands on it; build steps and the edge on that; the local server may put
# the edge in front; the rehearsal runs functions as the server does; the bench measures all of them.
ROOMS: dict[str, set[str]] = {
    "template": set(),
    "aws": {"template"},
    "build": {"aws", "template"},
    "edge": {"aws", "template"},
    "serve": {"edge", "aws", "template"},
    "rehearsal": {"serve", "edge", "aws", "template"},
    "bench": {"serve", "edge", "build", "aws", "template"},
}
# What `make` runs from local/'s top level, besides the rooms' own `python -m local.<room>`.
CLIS = {"__init__.py", "publish.py", "feedback.py", "content_check.py", "audit_dependencies.py", "deploy_check.py"}


def test_local_holds_only_rooms_and_the_clis_make_calls() -> None:
    top = {path.name for path in (ROOT / "local").iterdir() if path.name != "__pycache__"}
    assert top == set(ROOMS) | CLIS
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for cli in CLIS - {"__init__.py"}:
        assert f"-m local.{cli.removesuffix('.py')}" in makefile, f"{cli} is at the top but no make target runs it"


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_says_what_it_is_for_and_imports_only_the_rooms_below_it(room: str) -> None:
    package = ROOT / "local" / room
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert len(doc.split()) >= 25, f"local/{room}/__init__.py: a paragraph on what the room is for"
    for name, path in modules(package).items():
        rooms = {m.split(".")[1] for m in imported(path) if m.startswith("local.")} - {room}
        assert rooms <= ROOMS[room], f"{name} imports local.{sorted(rooms - ROOMS[room])}: not below {room}"


def test_the_bench_modules_form_no_circle() -> None:
    graph = {
        name: {m.rsplit(".", 1)[0] if m not in found else m for m in imported(path) if m.startswith("local.bench")}
        for found in [modules(ROOT / "local" / "bench")]
        for name, path in found.items()
    }
    circles = _circles(graph)
    assert circles == [], " -> ".join(circles[0])
