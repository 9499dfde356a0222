"""The process environment the functions expect, and the DynamoDB they talk to locally."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any

from local.template import declarations, document

ROOT = document.ROOT
LAYER = ROOT / "layers" / "core"


def prepare_environment() -> None:
    """What every local process needs before importing a function: the layer on sys.path, Powertools switches.

    Each function's own variables (table names, service name) and credentials are not set here: a
    function gets them when it runs (local/serve/lambda_runtime.py), as in Lambda.
    """
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("AWS_DEFAULT_REGION", document.REGION)


def start_moto_server() -> Any:
    """A moto server on a free loopback port; boto3 is pointed at it. Returns the server."""
    import logging

    from moto.server import ThreadedMotoServer

    from local.aws import moto_iam

    moto_iam.install()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log drowns ours
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = f"http://{host}:{port}"
    return server


def is_moto(endpoint: str) -> bool:
    """Whether the DynamoDB at `endpoint` is a moto server (which can hold our roles and enforce them)."""
    if not endpoint.startswith(("http://", "https://")):
        return False
    try:
        # The scheme is checked above; the endpoint is the developer's own setting.
        with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=5) as response:  # nosec B310
            json.load(response)
            return True
    except (urllib.error.URLError, OSError, ValueError):
        return False


# EDGE=1 (`make serve`, `make publish`): the stack with its edge, whose functions read the edge's secret.
EDGE_ON = {"EdgeCache": "on"}


def local_account() -> Any:
    """The roles our code runs under against AWS_ENDPOINT_URL_DYNAMODB.

    On moto: the template's tables, secrets and roles, IAM enforced (with EDGE=1, as the stack with its
    edge has them). Elsewhere (DynamoDB Local, AWS): IAM cannot be emulated, so the functions use the
    credentials you configured, and we say so.
    """
    from local.aws.roles import Account, open_account

    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
    if endpoint and is_moto(endpoint):
        return open_account(endpoint, parameters=EDGE_ON if os.environ.get("EDGE") == "1" else None)
    print(
        f"{endpoint or 'AWS'} is not moto: every function runs with your own credentials, not its role",
        file=sys.stderr,
    )
    return Account(endpoint, None, {}, {name: name for name in declarations.table_definitions()})
