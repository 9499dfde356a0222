"""`make publish`: validate content/ and publish it, as the publish function, to AWS_ENDPOINT_URL_DYNAMODB.

On a moto server (the one `make serve` prints, say) the template's tables and roles are set up there
and publishing runs under the publish function's role, so a grant the template lacks fails here as it
would on deploy. Exit 1 with `path:line: message` lines when the content is malformed (nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from local.environment import ROOT, local_account, prepare_environment

prepare_environment()

import boto3  # noqa: E402 - after the layer is on sys.path

from local.functions import environment  # noqa: E402
from local.roles import Account  # noqa: E402
from local.tables import create_tables  # noqa: E402
from readwell.articles.content import load_content  # noqa: E402
from readwell.articles.model import ContentError  # noqa: E402
from readwell.articles.publishing import PublishReport, publish  # noqa: E402
from readwell.config import content_table  # noqa: E402
from readwell.storage.content import ContentRepository  # noqa: E402

PUBLISHER = "PublishFunction"


def publish_folder(
    account: Account, content_dir: Path = ROOT / "content", create_missing_tables: bool = False
) -> PublishReport:
    """Load, validate and publish as the publish function; ContentError, before any write, if content is malformed."""
    content = load_content(content_dir)
    if create_missing_tables:
        create_tables(boto3.client("dynamodb"))
    with environment(account.environment(PUBLISHER)):
        report = publish(content, ContentRepository(content_table()))
    for warning in report.warnings:
        print(warning.describe(), file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--create-tables", action="store_true", help="create missing tables from template.yaml first")
    args = parser.parse_args(argv)
    account = local_account()
    try:
        report = publish_folder(account, args.content, args.create_tables)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("Nothing was published.", file=sys.stderr)
        return 1
    for name in report.written:
        print(f"published {name}")
    who = f"as {PUBLISHER}'s role" if account.roles else "with your own credentials"
    print(f"{report.summary()} ({who})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
