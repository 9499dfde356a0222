"""`make publish`: validate content/ and publish it to the DynamoDB that boto3 is configured for.

Exit 1 with `path:line: message` lines when the content is malformed (nothing is written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from local.environment import ROOT, prepare_environment

prepare_environment()

import boto3  # noqa: E402 - after the layer is on sys.path

from local.tables import create_tables  # noqa: E402
from readwell.articles.content import load_content  # noqa: E402
from readwell.articles.model import ContentError  # noqa: E402
from readwell.articles.publishing import PublishReport, publish  # noqa: E402
from readwell.storage.content import ContentRepository  # noqa: E402


def publish_folder(content_dir: Path = ROOT / "content", create_missing_tables: bool = False) -> PublishReport:
    """Load, validate and publish; raises ContentError before writing anything if content is malformed."""
    content = load_content(content_dir)
    if create_missing_tables:
        create_tables(boto3.client("dynamodb"))
    report = publish(content, ContentRepository(os.environ["CONTENT_TABLE"]))
    for warning in report.warnings:
        print(warning.describe(), file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--create-tables", action="store_true", help="create missing tables from template.yaml first")
    args = parser.parse_args(argv)
    try:
        report = publish_folder(args.content, args.create_tables)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("Nothing was published.", file=sys.stderr)
        return 1
    for name in report.written:
        print(f"published {name}")
    print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
