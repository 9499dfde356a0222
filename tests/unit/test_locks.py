"""Every venv installs from a lockfile (hashes checked): a pin changed in a requirements file without `make lock`
would be silently ignored, so each pin, followed through `-r` includes, must be in its lockfile as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The Makefile's `lock` recipe is the one list of which requirements file compiles to which lockfile.
COMPILED = re.compile(r"^\t\$\(COMPILE\) [\d.]+ (?P<source>\S+) -c \S+ -o (?P<lock>\S+)$", re.M)
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(?P<version>\S+)")


def lock_pairs() -> list[tuple[str, str]]:
    return [(m["source"], m["lock"]) for m in COMPILED.finditer((ROOT / "Makefile").read_text(encoding="utf-8"))]


def pins(requirements: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found |= pins(requirements.parent / line[3:].strip())
        elif match := PIN.match(line):
            found[normalise(match["name"])] = match["version"]
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_makefile_names_every_lockfile() -> None:
    assert {lock for _, lock in lock_pairs()} == {f"locks/{p.name}" for p in (ROOT / "locks").glob("*.txt")}


@pytest.mark.parametrize(("source", "lock"), lock_pairs())
def test_every_pin_is_in_its_lockfile_with_hashes(source: str, lock: str) -> None:
    locked = {}
    text = (ROOT / lock).read_text(encoding="utf-8")
    for match in re.finditer(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(?P<version>\S+)", text, re.M):
        locked[normalise(match["name"])] = match["version"]
    stale = {name: (version, locked.get(name)) for name, version in pins(ROOT / source).items()}
    stale = {name: pair for name, pair in stale.items() if pair[0] != pair[1]}
    assert not stale, f"{source} pins differ from {lock} (run `make lock`): {stale}"
    assert "--hash=sha256:" in text
