"""What a whole run saw, kept in files so that checks over the whole run work when the suite runs on several
processes (pytest-xdist) and run after it.

`make test` runs pytest twice:
1. the suite, `pytest -n auto --run-records=DIR` (the after-everything checks left out): every process writes
   what it saw under DIR (the grants its functions were allowed or denied, each page's display variants and
   what was served), and the process that started the run writes DIR/manifest.json last: which workers
   finished and whether the whole suite was selected;
2. the checks alone, `pytest --check-run-records=DIR` (every other test left out): they read DIR, and fail
   when the manifest, a worker's records, or a page's records are missing.

A plain `pytest` on one process needs neither option: the checks run last and read what this process saw; a
part of the suite (`pytest tests/integration/test_grants.py`) skips them, as they speak for the whole suite.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from local.aws import moto_iam

MANIFEST = "manifest.json"
GRANTS = "grants"  # one JSON file per process: moto_iam's record of what each role was allowed and denied


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("readwell run records")
    group.addoption("--run-records", metavar="DIR", help="write what this run sees under DIR (emptied first)")
    group.addoption(
        "--check-run-records", metavar="DIR", help="after-everything checks read DIR, written by an earlier run"
    )


def worker(config: pytest.Config) -> str:
    """This process's name in the run: the xdist worker's id, or 'main' for a run on one process."""
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def directory(config: pytest.Config) -> Path:
    """Where this process writes what it sees: --run-records, else a directory of this run's own."""
    chosen = config.getoption("run_records")
    if chosen:
        return Path(chosen).resolve()
    return Path(config._tmp_path_factory.getbasetemp()) / "run-records"  # type: ignore[attr-defined]


def whole_suite(config: pytest.Config) -> bool:
    """Whether this run selected the whole suite (its test paths, no -k, -m or --deselect)."""
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and not config.option.deselect
    )


def start(config: pytest.Config) -> None:
    """Empty --run-records before a run writes to it (done once, by the process that starts the run)."""
    chosen = config.getoption("run_records")
    if chosen and not is_worker(config):
        shutil.rmtree(chosen, ignore_errors=True)
    directory(config).mkdir(parents=True, exist_ok=True)


def finish_process(config: pytest.Config) -> None:
    """Each process that ran tests: its record of grants, as moto_iam took it."""
    record = moto_iam.session_record()
    folder = directory(config) / GRANTS
    folder.mkdir(parents=True, exist_ok=True)
    content = {"allowed": record.allowed, "denied": record.denied}
    (folder / f"{worker(config)}.json").write_text(json.dumps(content, sort_keys=True), encoding="utf-8")


def finish_run(config: pytest.Config, workers: list[str], crashed: list[str], exitstatus: int) -> None:
    """The process that started the run, once every worker is done: which processes' records to expect."""
    manifest = {
        "whole_suite": whole_suite(config),
        "workers": sorted(workers) or ["main"],
        "crashed": sorted(crashed),
        "exitstatus": int(exitstatus),
    }
    (directory(config) / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


class Records:
    """What the after-everything checks read: an earlier run's files (--check-run-records), or this process's own."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        checked = config.getoption("check_run_records")
        self.earlier = Path(checked).resolve() if checked else None

    @property
    def folder(self) -> Path:
        return self.earlier or directory(self.config)

    def _manifest(self) -> dict[str, Any]:
        """An earlier run's manifest; fails when there is none or a worker of it crashed."""
        assert self.earlier is not None
        found = self.earlier / MANIFEST
        if not found.exists():
            pytest.fail(f"no {found}: no suite finished with --run-records={self.earlier}")
        manifest: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
        if manifest["crashed"]:
            pytest.fail(f"workers {manifest['crashed']} crashed: their records are missing")
        return manifest

    def _this_process(self, selected: bool, what: str) -> None:
        """Reading this process's own records: fails on a worker (it holds only its share), skips a run that did
        not select what the check speaks for."""
        if is_worker(self.config):
            pytest.fail(
                "on several processes each holds only its own records: run the suite with --run-records=DIR, then "
                "the after-everything checks alone with --check-run-records=DIR (as `make test` does)"
            )
        if not selected:
            pytest.skip(f"needs {what}: it reads what those tests recorded")

    def grants(self) -> moto_iam.Record:
        """Every process's record of grants, added up (only a whole suite's: a part calls only some)."""
        if self.earlier is None:
            self._this_process(whole_suite(self.config), "the whole suite")
            return moto_iam.session_record()
        manifest = self._manifest()
        if not manifest["whole_suite"]:
            pytest.fail(f"the records in {self.earlier} are of a part of the suite, not all of it")
        total = moto_iam.Record()
        for name in manifest["workers"]:
            file = self.earlier / GRANTS / f"{name}.json"
            if not file.exists():
                pytest.fail(f"no records from worker {name} ({file})")
            found = json.loads(file.read_text(encoding="utf-8"))
            for book, into in ((found["allowed"], total.allowed), (found["denied"], total.denied)):
                for principal, counts in book.items():
                    into.setdefault(principal, Counter()).update(counts)
        return total

    def of_tests(self, session: pytest.Session, test: str, relative: str, names: list[str]) -> dict[str, Any]:
        """The record each case `test[name]` left under `relative` (<name>.json); fails when one is missing."""
        if self.earlier is None:
            ran = {item.nodeid.split("@", 1)[0] for item in session.items}
            self._this_process(all(f"{test}[{name}]" in ran for name in names), f"every case of {test}")
        else:
            self._manifest()
        folder = self.folder / relative
        missing = [name for name in names if not (folder / f"{name}.json").exists()]
        if missing:
            pytest.fail(f"no records in {folder} from {missing}: those tests did not run to the end")
        return {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in names}


def write_json(config: pytest.Config, relative: str, content: Any) -> Path:
    """A record of one test under this run's records (the file's name says whose it is)."""
    path = directory(config) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
    temporary.replace(path)
    return path
