"""`make bench`: python -m local.bench [--quick]. Prints one table; writes bench-results/*.json."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from local.aws.environment import ROOT, prepare_environment

RESULTS = ROOT / "bench-results"
SECTIONS = ("cold", "warm", "snapstart", "requests", "weight", "scaling", "tracker", "edge")


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = names[0] if names else ""
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def memory_content() -> dict[str, Any]:
    from local.bench.memory import MemoryContent
    from readwell.articles.content import load_content
    from readwell.articles.publishing import publish

    repository = MemoryContent()
    publish(load_content(ROOT / "content"), repository)
    return repository.dump()


def start_moto_with_content(tracker_entries: int | None) -> tuple[Any, Any]:
    """A moto server for the cold-start children, with content/ published (and a tracker seeded), and its roles."""
    from local.aws.environment import local_account, start_moto_server
    from local.bench import tracker
    from local.serve.lambda_runtime import dynamodb_client_of
    from local.serve.publishing import publish_folder

    server = start_moto_server()
    account = local_account()
    publish_folder(account)
    if tracker_entries is not None:
        tracker.seed(dynamodb_client_of(account, "TrackerFunction"), tracker_entries)
    return server, account


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=10, help="fresh processes per cold-start contender")
    parser.add_argument("--invocations", type=int, default=2000, help="warm invocations per page and process")
    parser.add_argument("--rounds", type=int, default=3, help="warm processes per contender, interleaved")
    parser.add_argument("--sizes", default="10,100,1000,5000", help="article counts for the publishing scale")
    parser.add_argument("--views", type=int, default=300, help="article views timed at the smallest/largest scale")
    parser.add_argument("--edge-views", type=int, default=1_000_000, help="article views a day in the edge simulation")
    parser.add_argument("--quick", action="store_true", help="tiny counts: checks the harness, not the code")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.invocations, args.rounds, args.sizes, args.views = 1, 5, 1, "3,6", 3
        args.edge_views = 2_000
    prepare_environment()

    from local.bench import inprocess, processes, report, tracker

    began = time.monotonic()
    results: dict[str, Any] = {"machine": machine(), "settings": vars(args) | {"out": str(args.out)}}
    has_tracker = tracker.spec() is not None
    memory = memory_content()
    server, account = start_moto_with_content(10 if has_tracker else None)
    seed = tracker.event() if has_tracker else None
    only = set(args.only.split(","))
    try:
        with tempfile.TemporaryDirectory(prefix="rw-bench-") as workdir:
            if "cold" in only:
                print(f"cold start: {args.repeats} fresh processes per contender and variant...", file=sys.stderr)
                results["cold"] = processes.cold_start(Path(workdir), args.repeats, memory, account, seed)
            if "warm" in only:
                print(f"warm: {args.rounds} x {args.invocations} invocations per page...", file=sys.stderr)
                results["warm"] = processes.warm(Path(workdir), args.invocations, memory, seed, account, args.rounds)
            if "snapstart" in only:
                from local.bench import snapstart

                print(f"snapstart: {args.repeats} fresh processes, primed and not...", file=sys.stderr)
                results["snapstart"] = snapstart.measure(account, args.repeats, min(args.invocations, 200))
    finally:
        server.stop()
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
    print("requests, page weight, scaling...", file=sys.stderr)
    sizes = [int(size) for size in args.sizes.split(",")]
    with contextlib.redirect_stdout(io.StringIO()):  # the handlers' metric lines are not the table
        if "requests" in only:
            results["requests"] = inprocess.requests_per_page(tracker.requests_check)
        if "weight" in only:
            results["weight"] = inprocess.page_weight()
        if "scaling" in only:
            results["scaling"] = inprocess.scaling(sizes, args.views)
        if "tracker" in only:
            trackers = tracker.QUICK_TRACKERS if args.quick else tracker.TRACKERS
            results["tracker_scaling"] = tracker.scaling(trackers, views=args.views)
        if "edge" in only:
            results["edge"] = inprocess.edge_at_scale(args.edge_views)
    results["seconds"] = time.monotonic() - began
    results["machine"]["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None

    print(report.table(results))
    args.out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for name in (f"bench-{stamp}.json", "latest.json"):
        (args.out / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nJSON: {args.out / f'bench-{stamp}.json'} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
