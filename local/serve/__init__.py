"""The local server (`make serve`): every function of template.yaml run in process behind its routes.

An HTTP request becomes an HTTP API (payload 2.0) event for the function whose route template.yaml gives
it (lambda_http.py), the function runs in process with its own environment and role (lambda_runtime.py),
and its answer goes back as HTTP (server.py), optionally behind the emulated edge (local/edge). The
components catalogue (components.py) is served beside the site, never deployed.
"""
