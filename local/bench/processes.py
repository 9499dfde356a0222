"""Cold start and warm latency: every contender in its own fresh, Lambda-like process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from local.aws.environment import ROOT
from local.aws.roles import Account
from local.bench import tracker
from local.bench.common import PAGES, SLUG, event, median, percentile
from local.bench.report import FLOOR_GETITEM, STACK
from local.build.lambda_layout import Package, build, function_files, lambda_environment, layer_requirements, run
from local.template import declarations

BENCH = Path(__file__).resolve().parent


def site_spec() -> declarations.FunctionSpec:
    return next(s for s in declarations.functions().values() if s.code_dir == ROOT / "functions" / "site")


_BUILT: dict[tuple[Path, bool], dict[str, Package]] = {}


def packages(workdir: Path, compiled: bool) -> dict[str, Package]:
    """Every contender laid out as Lambda lays it out, built once per run (the cold and warm runs share them:
    a run never writes into its package, as Lambda's code directories are read-only)."""
    key = (workdir, compiled)
    if key not in _BUILT:
        _BUILT[key] = _build_packages(workdir, compiled)
    return _BUILT[key]


def _build_packages(workdir: Path, compiled: bool) -> dict[str, Package]:
    site = site_spec()
    layer = layer_requirements()
    found = {
        "floor": build(workdir, "floor", {"app.py": BENCH / "floor.py"}, [], False, compiled=compiled),
        "floor_getitem": build(
            workdir, "floor_getitem", {"app.py": BENCH / "floor_getitem.py"}, [], False, site, compiled
        ),
        "stack": build(workdir, "stack", {"app.py": BENCH / "stack_floor.py"}, layer, False, compiled=compiled),
        "site": build(workdir, "site", function_files(site), layer, True, site, compiled=compiled),
        "peer": build(
            workdir, "peer", {"app.py": BENCH / "peer.py"}, [*layer, "fastapi", "mangum"], True, site, compiled
        ),
    }
    tracker_spec = tracker.spec()
    if tracker_spec is not None:
        found["tracker"] = build(workdir, "tracker", function_files(tracker_spec), layer, True, tracker_spec, compiled)
    return found


def on_moto(account: Account, function: str) -> dict[str, str]:
    """A child's variables for the moto server: its endpoint and the function role's credentials."""
    role = {name: value for name, value in account.environment(function).items() if value is not None}
    return {**role, "AWS_ENDPOINT_URL_DYNAMODB": str(account.endpoint)}


def cold_start(
    workdir: Path, repeats: int, memory: dict[str, Any], account: Account, tracker_seed: dict[str, Any] | None
) -> dict[str, Any]:
    """Median ms to import the handler and serve the first request, per contender and bytecode variant."""
    article = [{"name": "article", "event": event(PAGES["article"])}]
    results: dict[str, Any] = {}
    moto = on_moto(account, "SiteFunction")
    for compiled in (False, True):
        variant = "compiled" if compiled else "source"
        built = packages(workdir, compiled)
        contenders: dict[str, tuple[Package, list[dict[str, Any]], dict[str, str], dict[str, Any] | None]] = {
            "floor": (built["floor"], article, {}, None),
            STACK: (built["stack"], article, {}, None),
            FLOOR_GETITEM: (built["floor_getitem"], article, moto, None),
            "site article, in-memory": (built["site"], article, {}, memory),
            "peer article, in-memory": (built["peer"], article, {}, memory),
            "site article, moto server": (built["site"], article, moto, None),
            "peer article, moto server": (built["peer"], article, moto, None),
        }
        if "tracker" in built and tracker_seed is not None:
            contenders["tracker page, moto server"] = (
                built["tracker"],
                [tracker_seed],
                on_moto(account, "TrackerFunction"),
                None,
            )
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(repeats):  # interleaved, so a noisy neighbour hurts every contender alike
            for name, (package, events, extra, data) in contenders.items():
                result = run(package, events, lambda_environment(package, extra), memory=data)
                if result["first_status"] != 200:
                    raise RuntimeError(f"{name} ({variant}) answered {result['first_status']}")
                samples[name].append(result["first_ms"])
        results[variant] = {name: {"median_ms": median(s), "samples_ms": s} for name, s in samples.items()}
    return results


def warm(
    workdir: Path,
    invocations: int,
    memory: dict[str, Any],
    tracker_seed: dict[str, Any] | None,
    account: Account,
    rounds: int = 3,
) -> dict[str, Any]:
    """p50/p99 over many invocations in warm processes (in-memory repository for the site pages).

    Each contender runs in `rounds` fresh processes, interleaved, and its timings are pooled: one
    process's luck (memory layout, hash seed, a neighbour's burst) moved single-process ratios by 10%.
    """
    built = packages(workdir, compiled=True)
    site_events = [{"name": name, "event": event(path)} for name, path in PAGES.items()]
    site_events.append({"name": "article, br", "event": event(PAGES["article"], [("accept-encoding", "gzip, br")])})
    contenders: dict[str, Callable[[], dict[str, Any]]] = {
        "site": lambda: run(built["site"], site_events, lambda_environment(built["site"]), memory, invocations),
        "peer": lambda: run(built["peer"], site_events[:1], lambda_environment(built["peer"]), memory, invocations),
        "template": lambda: run(
            built["site"], site_events[:1], lambda_environment(built["site"]), memory, invocations, "template", SLUG
        ),
    }
    if "tracker" in built and tracker_seed is not None:
        env = lambda_environment(built["tracker"], on_moto(account, "TrackerFunction"))
        contenders["tracker"] = lambda: run(built["tracker"], [tracker_seed], env, None, invocations)
    pooled: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    for _ in range(rounds):
        for contender, measure in contenders.items():
            result = measure()
            for page, timings in result["samples"].items():
                pooled.setdefault(f"{contender} {page}", []).extend(timings)
                statuses[f"{contender} {page}"] = result["statuses"][page]
    return {
        name: {
            "p50_ms": percentile(timings, 0.5),
            "p99_ms": percentile(timings, 0.99),
            "n": len(timings),
            "status": statuses[name],
        }
        for name, timings in pooled.items()
    }
