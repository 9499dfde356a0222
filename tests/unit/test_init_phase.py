"""A function's init phase pauses the garbage collector, and loading the handler always resumes it."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from local.aws.environment import LAYER, ROOT
from local.aws.roles import template_environment
from local.template import declarations
from readwell.runtime import init_phase

# Imports a handler module the way Lambda does, then reports the collector's state.
PROBE = """
import gc, importlib, json, sys
from local.aws.environment import prepare_environment
prepare_environment()
sys.path[:0] = [sys.argv[1], sys.argv[2]]
importlib.import_module(sys.argv[3])
print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


@pytest.mark.parametrize("spec", declarations.functions().values(), ids=lambda spec: spec.name)
def test_loading_a_handler_leaves_the_collector_running_with_init_frozen(spec: declarations.FunctionSpec) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(spec.code_dir), str(LAYER), spec.module],
        cwd=ROOT,
        env={**os.environ, **template_environment(spec.name)},  # as Lambda gives it, secrets made up
        capture_output=True,
        text=True,
        check=True,
    )
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["enabled"]
    if spec.code_dir.name in ("site", "tracker"):  # the functions readers wait for
        assert state["frozen"] > 10_000  # what init loaded is out of the collector's sight


def test_begin_pauses_and_end_resumes() -> None:
    try:
        init_phase.begin()
        assert not gc.isenabled()
        init_phase.end()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
