"""`make content-check`: validate and lint content/ without publishing anything.

Prints `path:line: severity: message` for every finding and each article's reading grade;
exits 1 when there is any error (the same errors stop `make publish` and every deploy). With a content
table to compare with (AWS_ENDPOINT_URL_DYNAMODB, or --published for AWS), a published article whose file
is gone is an error too, as it stops a publish.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from local.aws.environment import ROOT, prepare_environment

prepare_environment()

from readwell.articles.content import load_content  # noqa: E402 - after the layer is on sys.path
from readwell.articles.lint import DEFAULT_MAX_GRADE, lint  # noqa: E402
from readwell.articles.model import ContentError, ContentProblem, ContentSet  # noqa: E402
from readwell.articles.withdrawal import missing_files  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--max-grade", type=float, default=DEFAULT_MAX_GRADE, help="warn above this reading grade")
    parser.add_argument(
        "--published",
        action="store_true",
        help="compare with the content table publishing writes (on by itself when AWS_ENDPOINT_URL_DYNAMODB is set)",
    )
    args = parser.parse_args(argv)
    try:
        content = load_content(args.content)
    except ContentError as error:
        for problem in error.problems:
            print(problem.describe(), file=sys.stderr)
        print(f"{len(error.problems)} error(s): content/ cannot be published.", file=sys.stderr)
        return 1
    report = lint(content, max_grade=args.max_grade)
    missing = _missing_files(content) if args.published or os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") else None
    for problem in report.problems + (missing or []):
        print(problem.describe(), file=sys.stderr)
    for path, grade in sorted(report.grades.items()):
        print(f"{path}: reading grade {grade:.1f} (Flesch-Kincaid; target {args.max_grade:g} or lower)")
    if missing is None:
        print("Not compared with what is published (set AWS_ENDPOINT_URL_DYNAMODB, or --published for AWS).")
    errors, warnings = len(report.errors) + len(missing or []), len(report.warnings)
    print(f"{len(content.articles)} article(s) checked: {errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


def _missing_files(content: ContentSet) -> list[ContentProblem]:
    """Published articles whose file is gone, read from the table as the publish function reads it."""
    from local.aws.environment import local_account
    from local.serve.publishing import listed_articles

    return missing_files(content, listed_articles(local_account()))


if __name__ == "__main__":
    raise SystemExit(main())
