"""The docs beside the code: a README a newcomer reads to the end, links that lead somewhere, make targets
that exist, and no project-history prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAX_README_LINES = 200
DOCS = [README, ROOT / "content" / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MAKE_IN_CODE = re.compile(r"(?:^|[\s`;(])make ([a-z][\w-]*)", re.MULTILINE)
_TARGET = re.compile(r"^([A-Za-z][\w-]*):(?!=)", re.MULTILINE)
# Project-history prose: what a reader of the code needs is the code's story, not the project's.
_PROCESS = re.compile(r"\bissues? #?\d+|\bthis round\b|\banother branch\b|\bthis branch\b|\bthis session\b", re.I)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


def prose(text: str) -> str:
    """The text without its code: links and headings are read from what a reader sees."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_the_readme_is_short_and_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_README_LINES
    assert "make serve" in text and "make test" in text


@pytest.mark.parametrize("doc", DOCS, ids=shown)
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(doc: Path) -> None:
    broken = []
    for target in _LINK.findall(prose(doc.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        path, _, fragment = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md":
            ids = {anchor(heading) for heading in _HEADING.findall(_FENCE.sub("", linked.read_text(encoding="utf-8")))}
            if fragment not in ids:
                broken.append(f"{target}: no such heading in {shown(linked)}")
    assert broken == [], f"{shown(doc)}: {broken}"


def test_every_make_target_a_doc_names_exists() -> None:
    targets = set(_TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    named = {
        (shown(doc), target)
        for doc in DOCS
        for code in _code(doc.read_text(encoding="utf-8"))
        for target in _MAKE_IN_CODE.findall(code)
    }
    assert {"help", "serve", "test"} <= targets
    assert named, "no make target named in the docs: the test would prove nothing"
    missing = sorted(f"{doc}: make {target}" for doc, target in named if target not in targets)
    assert missing == []


def _code(text: str) -> list[str]:
    """Fenced blocks and inline code spans: where a doc shows a command."""
    return [block.group(0) for block in _FENCE.finditer(text)] + _INLINE_CODE.findall(_FENCE.sub("", text))


@pytest.mark.parametrize("doc", DOCS, ids=shown)
def test_no_doc_tells_the_projects_history(doc: Path) -> None:
    found = _PROCESS.findall(doc.read_text(encoding="utf-8"))
    assert found == [], f"{shown(doc)} says {found}: say what the code does and why, not how it came about"
