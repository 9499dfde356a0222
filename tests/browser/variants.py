"""The display variants the browser suite checks every page in, and the coverage they give.

Every combination of the settings is 4 x 5 x 3 x 2 = 120 variants per page: too many to run on every
change. Instead: a pairwise covering set (every pair of values of any two settings appears together in
at least one variant; allpairspy finds 20), every scheme at the largest size with the widest spacing
(where layouts break first), and every scheme under forced colours (where the operating system's
colours replace ours)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from allpairspy import AllPairs

from readwell.preferences import SCHEME, SETTINGS, Preferences


@dataclass(frozen=True)
class Variant:
    preferences: Preferences
    forced_colours: bool = False

    @property
    def name(self) -> str:
        return "-".join(getattr(self.preferences, s.field) for s in SETTINGS) + (
            "+forced" if self.forced_colours else ""
        )


PAIRWISE = [Variant(Preferences(*values)) for values in AllPairs([list(s.options) for s in SETTINGS])]
AT_THE_LIMITS = [Variant(Preferences("largest", scheme, "widest", "full")) for scheme in SCHEME.options]
FORCED_COLOURS = [Variant(Preferences(scheme=scheme), forced_colours=True) for scheme in SCHEME.options]
VARIANTS = list(dict.fromkeys([*PAIRWISE, *AT_THE_LIMITS, *FORCED_COLOURS]))


def value_pairs() -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Every pair of values of two different settings: ((field, value), (field, value))."""
    return [
        ((one.field, a), (other.field, b))
        for one, other in itertools.combinations(SETTINGS, 2)
        for a in one.options
        for b in other.options
    ]


def covering(pair: tuple[tuple[str, str], tuple[str, str]]) -> list[Variant]:
    return [v for v in VARIANTS if all(getattr(v.preferences, field) == value for field, value in pair)]


def coverage_table(failures: dict[str, list[str]]) -> str:
    """For each two settings, a grid of their values: in each cell, how many variants hold that pair and
    whether every page passed in all of them (`failures`: variant name -> pages that failed in it)."""
    lines = [f"Browser suite: {len(VARIANTS)} variants x every page; each cell = variants holding the pair, ok/FAIL"]
    for one, other in itertools.combinations(SETTINGS, 2):
        lines.append(f"\n{one.legend} x {other.legend}")
        width = max(len(v) for v in other.options) + 2
        lines.append(" " * 12 + "".join(f"{value:>{width}}" for value in other.options))
        for a in one.options:
            cells = []
            for b in other.options:
                holding = covering(((one.field, a), (other.field, b)))
                verdict = "FAIL" if any(failures.get(v.name) for v in holding) else "ok" if holding else "NONE"
                cells.append(f"{len(holding)} {verdict}".rjust(width))
            lines.append(f"{a:<12}" + "".join(cells))
    return "\n".join(lines)
