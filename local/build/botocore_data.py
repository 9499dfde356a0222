"""Ship the layer's botocore with the models of the AWS services Readwell calls, and no others.

The layer carries its own boto3 and botocore (see build-CoreLayer), and botocore carries the models
of every AWS service: 27 MB, ~440 folders. Creating one client lists all of those folders and parses
the 1.2 MB endpoints.json, about 30 ms of every cold start (`make bench`; botocore's maintainers
know the listing is wasted work: boto/botocore#3687). Keeping only the services we call makes the
listing and the endpoints file tiny, and the layer 27 MB smaller. Each kept service's model and
endpoint entries are botocore's own, untouched, so its clients resolve the same endpoints.

Usage (inside build-CoreLayer, on the layer's site-packages folder):
    python -m local.build.botocore_data "$ARTIFACTS_DIR/python"
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

# Every AWS service a deployed function creates a client for. dynamodb: readwell.storage. xray: the
# X-Ray SDK's sampling poller, which the Tracer starts on a sampled invocation. cloudfront: the publish
# function's invalidation (readwell.storage.cloudfront). secretsmanager: the secrets the site and tracker read
# (readwell.storage.secret_store). A new client for another service needs its name here
# (tests/unit/test_botocore_data.py checks our code for that).
SERVICES = ("dynamodb", "xray", "cloudfront", "secretsmanager")


def shipped(site_packages: Path) -> list[str]:
    """The services whose models the botocore under site_packages carries."""
    return sorted(folder.name for folder in (site_packages / "botocore" / "data").iterdir() if folder.is_dir())


def trim(site_packages: Path, services: tuple[str, ...] = SERVICES) -> list[str]:
    """Remove every other service's models and endpoint entries; returns the services kept."""
    data = site_packages / "botocore" / "data"
    if not data.is_dir():
        raise FileNotFoundError(f"no botocore data under {site_packages}")
    missing = [name for name in services if not (data / name).is_dir()]
    if missing:
        raise FileNotFoundError(f"botocore under {site_packages} has no model for {', '.join(missing)}")
    for folder in data.iterdir():
        if folder.is_dir() and folder.name not in services:
            shutil.rmtree(folder)
    endpoints = data / "endpoints.json"
    document = json.loads(endpoints.read_text(encoding="utf-8"))
    for partition in document["partitions"]:
        partition["services"] = {name: entry for name, entry in partition["services"].items() if name in services}
    endpoints.write_text(json.dumps(document), encoding="utf-8")
    return shipped(site_packages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_packages", type=Path)
    args = parser.parse_args(argv)
    try:
        kept = trim(args.site_packages)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"botocore models shipped: {', '.join(kept)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
