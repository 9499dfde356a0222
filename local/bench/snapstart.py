"""SnapStart, approximated locally: the first request after a restore, primed or not.

A restore cannot be run here, so each measurement is a fresh process that does what Lambda does around
a snapshot: the function's init, then (primed) its before-snapshot hooks, then its after-restore hooks,
then the first request, timed; then warm requests for the p50. What a real restore adds (loading the
snapshot's memory) is the same for both and is not in these numbers.
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs this module as a child, with a fixed argument list
import sys
import time
from typing import Any

from local.aws.environment import ROOT
from local.bench.common import PAGES, percentile


def child(primed: bool, invocations: int) -> dict[str, float]:
    from local.aws.environment import prepare_environment

    prepare_environment()
    from local.serve.lambda_http import to_event
    from local.serve.lambda_runtime import LocalFunction
    from local.template import declarations

    env = json.loads(os.environ["READWELL_BENCH_ENV"])
    # Primed: initialised as Lambda initialises a version it will snapshot. Unprimed: a plain init.
    env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "snap-start" if primed else "on-demand"
    function = LocalFunction("SiteFunction", env)  # the init: imports, clients, routes; hooks registered
    import snapshot_restore_py

    with function.running():  # Lambda runs the hooks in the function's own environment
        if primed:
            for hook, args, kwargs in snapshot_restore_py.get_before_snapshot():
                hook(*args, **kwargs)
        for hook, args, kwargs in snapshot_restore_py.get_after_restore():
            hook(*args, **kwargs)
    path = PAGES["article"]
    found = declarations.match(declarations.routes(), "GET", path)
    assert found is not None  # dev-only bench harness  # nosec B101
    event = to_event("GET", path, [("Accept-Encoding", "br")], b"", *found)
    began = time.perf_counter()
    first = function.invoke(event)
    first_ms = (time.perf_counter() - began) * 1000
    assert first["statusCode"] == 200, first["statusCode"]  # nosec B101
    timings = []
    for _ in range(invocations):
        began = time.perf_counter()
        function.invoke(event)
        timings.append((time.perf_counter() - began) * 1000)
    return {"first_ms": first_ms, "warm_p50_ms": percentile(timings, 0.5)}


def measure(account: Any, repeats: int, invocations: int) -> dict[str, Any]:
    """Median first request (and warm p50) of `repeats` fresh processes, primed and unprimed, interleaved."""
    env = {**account.environment("SiteFunction"), "AWS_ENDPOINT_URL_DYNAMODB": os.environ["AWS_ENDPOINT_URL_DYNAMODB"]}
    runs: dict[str, list[dict[str, float]]] = {"primed": [], "unprimed": []}
    for _ in range(repeats):
        for name in runs:
            done = subprocess.run(  # nosec B603 - our own module, fixed arguments
                [sys.executable, "-m", "local.bench.snapstart", name, str(invocations)],
                cwd=ROOT,
                env={**os.environ, "READWELL_BENCH_ENV": json.dumps(env)},
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"snapstart child failed:\n{done.stderr[-3000:]}")
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        name: {key: percentile([row[key] for row in rows], 0.5) for key in ("first_ms", "warm_p50_ms")}
        for name, rows in runs.items()
    }


if __name__ == "__main__":
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # the handler's log lines are not the result
        result = child(sys.argv[1] == "primed", int(sys.argv[2]))
    print(json.dumps(result))
