"""CloudFormation's side of a custom resource, locally: a presigned ResponseURL that keeps what it receives.

CloudFormation hands a custom resource a presigned S3 URL and waits for one PUT there. Tests and the
deploy rehearsal invoke the publish function in process and read its answer from this server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ResponseCatcher:
    """Stands in for the presigned S3 URL: keeps every PUT body (and its Content-Type) it receives."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.content_types: list[str | None] = []
        catcher = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                catcher.bodies.append(json.loads(self.rfile.read(length)))
                catcher.content_types.append(self.headers.get("Content-Type"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cfn-response?signature=local"


@contextmanager
def response_url() -> Iterator[ResponseCatcher]:
    catcher = ResponseCatcher()
    thread = threading.Thread(target=catcher.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield catcher
    finally:
        catcher.server.shutdown()
        catcher.server.server_close()


def event(request_type: str, url: str, function_arn: str, version: str, table: str, **extra: Any) -> dict[str, Any]:
    """A custom-resource request as CloudFormation sends it for PublishContent."""
    return {
        "RequestType": request_type,
        "ServiceToken": function_arn + ":live",
        "ResponseURL": url,
        "StackId": "arn:aws:cloudformation:eu-west-2:123456789012:stack/readwell/4f2c",
        "RequestId": f"request-{request_type}",
        "LogicalResourceId": "PublishContent",
        "ResourceType": "Custom::PublishContent",
        "ResourceProperties": {
            "ServiceToken": function_arn + ":live",
            "ContentVersion": f"{function_arn}:{version}",
            "ContentTable": table,
        },
        **extra,
    }
