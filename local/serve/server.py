"""`make serve`: the whole site on http://127.0.0.1:PORT, routed exactly as template.yaml says.

Each request becomes an HTTP API 2.0 event for the function template.yaml names, called in process
under that function's environment and IAM role (local/serve/lambda_runtime.py). DynamoDB is an embedded moto
server that enforces IAM, with the tables and roles from template.yaml and content/ published under
the publish function's role, unless AWS_ENDPOINT_URL_DYNAMODB already points somewhere: another moto
gets the same tables and roles; AWS or DynamoDB Local are used with your own credentials.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from local.aws.environment import ROOT, local_account, prepare_environment, start_moto_server
from local.aws.roles import Account
from local.serve.lambda_http import from_response, to_event
from local.serve.lambda_runtime import LocalFunction, load_functions
from local.serve.publishing import publish_folder
from local.template import declarations
from readwell.articles.model import ContentError  # on sys.path once local.serve.publishing is imported

# API Gateway's own limit: it refuses larger bodies before any function runs. Anything smaller goes to
# the function, whose request guard answers oversize bodies with an accessible 413 page.
MAX_BODY = 10 * 1024 * 1024


class Gateway:
    """Routes a request to its function the way API Gateway would; each function runs under its own role."""

    def __init__(self, account: Account, overrides: Mapping[str, str] | None = None) -> None:
        """`overrides`: variables every function gets on top of its own (a test naming a missing table)."""
        prepare_environment()
        self.routes = declarations.routes()
        self.functions: dict[str, LocalFunction] = load_functions(account, overrides=overrides)

    def __call__(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str = "127.0.0.1"
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        path = target.split("?", 1)[0]
        found = declarations.match(self.routes, method, path)
        if found is None:
            return 404, [("Content-Type", "application/json")], b'{"message":"Not Found"}'
        route, parameters = found
        event = to_event(method, target, headers, body, route, parameters, source_ip)
        return from_response(self.functions[route.function].invoke(event))


def local_page(method: str, target: str) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """The components catalogue, which exists only here: never routed in template.yaml, never deployed."""
    if method not in ("GET", "HEAD"):
        return None
    from local.serve import components

    found = components.page(target.split("?", 1)[0])
    if found is None:
        return None
    status, html = found
    return status, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], html.encode()


def make_server(
    port: int, gateway: Gateway, host: str = "127.0.0.1", client_address_header: str | None = None
) -> ThreadingHTTPServer:
    """`client_address_header`: take the client's address from this request header, where a test plays many
    readers at their own addresses (the per-address limits count them apart); otherwise, as API Gateway does,
    the address the connection came from."""

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
            headers = list(self.headers.items())
            source_ip = self.client_address[0]
            if client_address_header:
                named = [v for k, v in headers if k.lower() == client_address_header]
                headers = [(k, v) for k, v in headers if k.lower() != client_address_header]
                source_ip = named[0] if named else source_ip
            status, answer_headers, payload = local_page(self.command, self.path) or gateway(
                self.command, self.path, headers, body, source_ip
            )
            self.send_response(status)
            for name, value in answer_headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def __getattr__(self, name: str) -> Any:
            # Every method goes to the gateway, as API Gateway sends every method of a route to its
            # function: TRACE or FOO get the site's own 405 page, not the standard library's 501.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")

    return ThreadingHTTPServer((host, port), RequestHandler)


def _front(account: Any) -> Any:
    """The local API, or with EDGE=1 the emulated CloudFront edge in front of it (local/edge/emulator.py), which the
    origin then insists on, as a deployed origin does."""
    if os.environ.get("EDGE") != "1":
        return Gateway(account)
    from local.edge.emulator import EdgeCache

    print("Behind an emulated edge cache (X-Cache: Hit|Miss|RefreshHit|Error on every answer)", file=sys.stderr)
    # The account is the stack with its edge (local_account): the functions read the origin secret from
    # Secrets Manager under their roles, and the emulated edge sends its value.
    return EdgeCache(Gateway(account), account.secrets["OriginSecret"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--client-address-header",
        type=str.lower,
        help="for tests only: the request header that names the client's address (never behind a real network)",
    )
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="the content folder to publish at start")
    args = parser.parse_args(argv)
    # `kill -USR1 <pid>` prints every thread's stack: how to see what a server that will not stop waits on.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    # Ctrl-C (and a plain kill) stop the server even when started from a shell that ignores SIGINT for
    # background jobs (nohup, CI): Python keeps an inherited "ignore" and would never raise KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    prepare_environment()
    moto_server = None
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        moto_server = start_moto_server()
    account = local_account()
    try:
        print(publish_folder(account, args.content, not account.roles).summary(), file=sys.stderr)
    except ContentError as error:
        print(f"content/ cannot be published:\n{error}", file=sys.stderr)
        return 1
    server = make_server(args.port, _front(account), args.host, args.client_address_header)
    if moto_server is not None:
        endpoint = os.environ["AWS_ENDPOINT_URL_DYNAMODB"]
        republish = f"AWS_ENDPOINT_URL_DYNAMODB={endpoint} make publish"
        print(f"DynamoDB (moto, IAM enforced) at {endpoint}; to publish again: {republish}", file=sys.stderr)
        print(
            f"Feedback readers sent here, as CSV: AWS_ENDPOINT_URL_DYNAMODB={endpoint} make feedback", file=sys.stderr
        )
    try:  # before the line that says we are running: a Ctrl-C right after it must stop us cleanly too
        print(f"Readwell is running at http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
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
