"""`make publish`: validate content/ and publish it, as the publish function, to AWS_ENDPOINT_URL_DYNAMODB.

On a moto server (the one `make serve` prints, say) the template's tables and roles are set up there
and publishing runs under the publish function's role, so a grant the template lacks fails here as it
would on deploy. Exit 1 with `path:line: message` lines when the content is malformed (nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from local.aws.environment import ROOT, local_account, prepare_environment

prepare_environment()

from local.serve.publishing import PUBLISHER, publish_folder  # noqa: E402 - after the layer is on sys.path
from readwell.articles.model import ContentError  # noqa: E402


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
