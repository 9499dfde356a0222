"""Copies of a function laid out as Lambda runs it, and fresh processes that run them.

/var/task holds the function's code, /opt/python the layer as build-CoreLayer ships it (readwell,
its dependencies, and boto3 + botocore with only the models of the services we call) and
/var/runtime what the python3.13 runtime brings: boto3 and its requirements, nothing else (the venv
also has awscrt and pyOpenSSL, which boto3 would pick up and which Lambda does not have). The
child sees only those three folders and the standard library, so a dependency the layer forgot
fails here as it would in Lambda. Handlers without a layer (the floors) use the runtime's boto3.
Each function copy exists twice: as sources only (what a plain build ships: every module compiled
at every cold start, since the code directories are read-only) and with cp313 bytecode
(local.build.bytecode); the runtime always has its bytecode, as Lambda's does.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import shutil
import subprocess  # runs fixed local commands  # nosec B404
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

from local.build import botocore_data, bytecode
from local.template import declarations, document
from local.aws.environment import LAYER, ROOT


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def layer_requirements() -> list[str]:
    lines = (LAYER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line).name for line in lines if line.strip() and not line.startswith("#")]


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The installed distributions for names and everything they require."""
    seen: dict[str, metadata.Distribution] = {}
    pending = list(names)
    while pending:
        name = _canonical(pending.pop())
        if name in seen:
            continue
        dist = metadata.distribution(name)
        seen[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return list(seen.values())


def _copy_distribution(dist: metadata.Distribution, dest: Path) -> None:
    for file in dist.files or []:
        if file.parts[0] == ".." or "__pycache__" in file.parts or file.suffix == ".pyc":
            continue
        source = Path(str(dist.locate_file(file)))
        if source.is_file():
            target = dest / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _copy_tree(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"), dirs_exist_ok=True)


@dataclass(frozen=True)
class Package:
    """One function as Lambda would run it: code, layer, handler and environment."""

    name: str
    task: Path
    opt: Path
    runtime: Path
    module: str
    handler: str
    environment: dict[str, str]

    @property
    def path(self) -> list[str]:
        return [str(self.task), str(self.opt), str(self.runtime)]


def runtime(workdir: Path) -> Path:
    """/var/runtime: boto3 and what it requires, compiled (built once per workdir)."""
    folder = workdir / "runtime"
    if not folder.exists():
        folder.mkdir(parents=True)
        for dist in closure(["boto3"]):
            _copy_distribution(dist, folder)
        bytecode.compile_tree(folder)
    return folder


def _ship_layer(opt: Path, distributions: list[str]) -> None:
    """What build-CoreLayer installs: the distributions with boto3 beside them, botocore trimmed."""
    for dist in closure([*distributions, "boto3"]):
        _copy_distribution(dist, opt)
    botocore_data.trim(opt)


def _environment(spec: declarations.FunctionSpec | None) -> dict[str, str]:
    """The template's variables for the function; locally a table is named by its logical id."""
    from local.aws.roles import template_environment

    return template_environment(spec.name) if spec else {}


def build(
    workdir: Path,
    name: str,
    task_files: dict[str, Path],
    distributions: list[str],
    with_readwell: bool,
    spec: declarations.FunctionSpec | None = None,
    compiled: bool = False,
) -> Package:
    variant = "compiled" if compiled else "source"
    task = workdir / variant / name / "task"
    opt = workdir / variant / name / "opt" / "python"
    task.mkdir(parents=True)
    opt.mkdir(parents=True)
    for target, source in task_files.items():
        if source.is_dir():
            _copy_tree(source, task / target)
        else:
            shutil.copy2(source, task / target)
    if with_readwell:
        _copy_tree(LAYER / "readwell", opt / "readwell")
    if distributions:
        _ship_layer(opt, distributions)
    if compiled:
        if with_readwell:
            bytecode.compile_templates(opt)
        bytecode.compile_tree(task)
        bytecode.compile_tree(opt)
    module, handler = (spec.module, spec.handler) if spec else ("app", "lambda_handler")
    return Package(f"{name}/{variant}", task, opt, runtime(workdir), module, handler, _environment(spec))


def function_files(spec: declarations.FunctionSpec) -> dict[str, Path]:
    return {p.name: p for p in spec.code_dir.iterdir() if p.name != "__pycache__" and not p.name.startswith(".")}


def lambda_environment(package: Package, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A Lambda-like process environment: the template's variables, no writable bytecode cache."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": tempfile.gettempdir(),
        "AWS_LAMBDA_FUNCTION_NAME": package.name.split("/")[0],
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_REGION": "eu-west-2",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",  # moto accepts anything  # nosec B105
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
        "AWS_XRAY_CONTEXT_MISSING": "IGNORE_ERROR",
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        **package.environment,
        **(extra or {}),
    }
    return env


def run(
    package: Package,
    events: list[dict[str, Any]],
    env: dict[str, str],
    memory: dict[str, Any] | None = None,
    repeat: int = 0,
    kind: str = "function",
    slug: str = "",
) -> dict[str, Any]:
    """Run local.bench.child once in a fresh interpreter; its timings as a dict."""
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as scratch:
        spec_file = Path(scratch) / "spec.json"
        result_file = Path(scratch) / "result.json"
        spec = {
            "kind": kind,
            "path": package.path,
            "module": package.module,
            "handler": package.handler,
            "events": events,
            "memory": memory,
            "repeat": repeat,
            "slug": slug,
        }
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run(  # nosec B603
            [sys.executable, "-m", "local.bench.child", str(spec_file), str(result_file)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench child failed ({package.name}, {kind}):\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
        return result
