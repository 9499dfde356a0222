"""A list of static checks of the template and what each found, printed as `ok` / `FAIL` lines: the deploy
rehearsal's and the edge's checks write to one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Results:
    passed: int = 0
    failures: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
            self.lines.append(f"ok    {what}")
        else:
            self.failures.append(what)
            self.lines.append(f"FAIL  {what}")


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}
