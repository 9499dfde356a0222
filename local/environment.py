"""The process environment the functions expect, and the embedded DynamoDB for local use."""

from __future__ import annotations

import os
import sys
from typing import Any

from local import sam_template

ROOT = sam_template.ROOT
LAYER = ROOT / "layers" / "core"


def _resolve(value: Any) -> str:
    """Locally a table is named by its logical id, so !Ref ContentTable is 'ContentTable'."""
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    return str(value)


def prepare_environment() -> None:
    """Set what the functions read (table names, Powertools switches) before importing them."""
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))
    for spec in sam_template.functions().values():
        for key, value in spec.environment.items():
            if key != "POWERTOOLS_SERVICE_NAME":
                os.environ.setdefault(key, _resolve(value))
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-2")


def start_embedded_dynamodb() -> Any:
    """A moto server on a free loopback port; boto3 is pointed at it. Returns the server."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log drowns ours
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = f"http://{host}:{port}"
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(key, "local")
    return server
