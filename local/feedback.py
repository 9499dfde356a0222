"""`make feedback`: what readers answered to "Was this page useful?", as CSV on standard output.

From the DynamoDB at AWS_ENDPOINT_URL_DYNAMODB (the moto server `make serve` prints, say), or else from AWS: the
table --table names, or the one the FeedbackTableName output names of the stack samconfig.toml gives the
environment (--env, default dev; --stack names a stack directly). It reads
with your own credentials (on moto, the account's administrator): no function's role may read feedback back.
Cells a spreadsheet would run as a formula (a reader's text beginning "=", say) are escaped (defusedcsv).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from defusedcsv import csv

from local.aws.environment import is_moto, prepare_environment
from local.deploy_check import environments

prepare_environment()

from readwell.storage.feedback import FIELDS, FeedbackRepository  # noqa: E402 - after the layer is on sys.path

TABLE = "FeedbackTable"


def stack_table(stack: str) -> str:
    """The feedback table of a deployed stack, from its outputs."""
    import boto3

    described = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    outputs = {output["OutputKey"]: output["OutputValue"] for output in described.get("Outputs", [])}
    if "FeedbackTableName" not in outputs:
        raise SystemExit(f"stack {stack} has no FeedbackTableName output: deploy this version first")
    return outputs["FeedbackTableName"]


def source(table: str | None, stack: str) -> tuple[Any, str]:
    """A DynamoDB client and the table to read."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    if endpoint and is_moto(endpoint):
        from local.aws.environment import local_account

        return local_account().admin_client(), table or TABLE
    import boto3

    return boto3.client("dynamodb"), table or (TABLE if endpoint else stack_table(stack))


def write_csv(rows: Any, out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    count = 0
    for row in rows:
        writer.writerow([row[name] for name in FIELDS])
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", help="the feedback table's name (default: from the stack, or FeedbackTable locally)")
    parser.add_argument("--env", default="dev", help="the samconfig.toml environment whose stack to read (dev, prod)")
    parser.add_argument("--stack", help="the deployed stack's name (default: the environment's)")
    args = parser.parse_args(argv)
    stack = args.stack or environments()[args.env]["stack_name"]
    client, table = source(args.table, stack)
    count = write_csv(FeedbackRepository(table, client).received(), sys.stdout)
    print(f"{count} pieces of feedback from {table}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
