"""`make serve`: the whole site on http://127.0.0.1:PORT, routed exactly as template.yaml says.

Each request becomes an HTTP API 2.0 event for the handler template.yaml names, called in process.
DynamoDB is an embedded moto server with the tables from template.yaml and content/ published,
unless AWS_ENDPOINT_URL_DYNAMODB already points somewhere (AWS, DynamoDB Local, another moto).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local import sam_template
from local.environment import prepare_environment, start_embedded_dynamodb
from local.lambda_http import LocalContext, from_response, to_event
from local.publish import publish_folder
from readwell.articles.model import ContentError

# API Gateway's own limit: it refuses larger bodies before any function runs. Anything smaller goes to
# the function, whose request guard answers oversize bodies with an accessible 413 page.
MAX_BODY = 10 * 1024 * 1024

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def load_handlers() -> dict[str, Handler]:
    handlers = {}
    for name, spec in sam_template.functions().items():
        file = spec.code_dir / (spec.module.replace(".", "/") + ".py")
        module_spec = importlib.util.spec_from_file_location(f"readwell_function_{name}", file)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot load {file} for {name}")
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        handlers[name] = getattr(module, spec.handler)
    return handlers


class Gateway:
    """Routes a request to its function the way API Gateway would."""

    def __init__(self) -> None:
        prepare_environment()
        self.routes = sam_template.routes()
        self.handlers = load_handlers()

    def __call__(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        path = target.split("?", 1)[0]
        found = sam_template.match(self.routes, method, path)
        if found is None:
            return 404, [("Content-Type", "application/json")], b'{"message":"Not Found"}'
        route, parameters = found
        event = to_event(method, target, headers, body, route, parameters)
        response = self.handlers[route.function](event, LocalContext(function_name=route.function))
        return from_response(response)


def make_server(port: int, gateway: Gateway, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_response(413)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                return
            body = self.rfile.read(length) if length else b""
            status, headers, payload = gateway(self.command, self.path, list(self.headers.items()), body)
            self.send_response(status)
            for name, value in headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")

    return ThreadingHTTPServer((host, port), RequestHandler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    prepare_environment()
    moto_server = None
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        moto_server = start_embedded_dynamodb()
    try:
        print(publish_folder(create_missing_tables=True).summary(), file=sys.stderr)
    except ContentError as error:
        print(f"content/ cannot be published:\n{error}", file=sys.stderr)
        return 1
    server = make_server(args.port, Gateway(), args.host)
    print(f"Readwell is running at http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopping.", file=sys.stderr)
    finally:
        server.server_close()
        if moto_server is not None:
            moto_server.stop()
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "readwell-serve"
    raise SystemExit(main())
