"""`make content-check`: validate and lint content/ without publishing anything.

Prints `path:line: severity: message` for every finding and each article's reading grade;
exits 1 when there is any error (the same errors stop `make publish` and every deploy).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from local.aws.environment import ROOT, prepare_environment

prepare_environment()

from readwell.articles.content import load_content  # noqa: E402 - after the layer is on sys.path
from readwell.articles.lint import DEFAULT_MAX_GRADE, lint  # noqa: E402
from readwell.articles.model import ContentError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--max-grade", type=float, default=DEFAULT_MAX_GRADE, help="warn above this reading grade")
    args = parser.parse_args(argv)
    try:
        content = load_content(args.content)
    except ContentError as error:
        for problem in error.problems:
            print(problem.describe(), file=sys.stderr)
        print(f"{len(error.problems)} error(s): content/ cannot be published.", file=sys.stderr)
        return 1
    report = lint(content, max_grade=args.max_grade)
    for problem in report.problems:
        print(problem.describe(), file=sys.stderr)
    for path, grade in sorted(report.grades.items()):
        print(f"{path}: reading grade {grade:.1f} (Flesch-Kincaid; target {args.max_grade:g} or lower)")
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"{len(content.articles)} article(s) checked: {errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
