"""One fresh Python process, run by the bench: import a handler the way Lambda does, serve requests.

Usage: python -m local.bench.child SPEC.json RESULT.json
The clock starts just before the handler module is imported (the interpreter's own start-up is the
same for every contender and is left out) and stops when the first response is back. With
"repeat" > 0 the same process then serves every event that many times more, timing each one (warm).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from typing import Any

from local.bench.memory import MemoryContent


class Context:
    """The parts of Lambda's context object Powertools reads."""

    function_name = "bench"
    memory_limit_in_mb = 512
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-2:000000000000:function:bench"
    aws_request_id = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def _template_renderer(memory: MemoryContent, slug: str, event: dict[str, Any]) -> Any:
    """Rendering the compiled article template alone, its context built once: the limit for any handler."""
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

    from readwell.articles.view_models import article_context
    from readwell.web.rendering import environment, shell_context

    found = memory.get_article(slug)
    assert found is not None  # dev-only bench harness  # nosec B101
    template = environment().get_template("pages/article.html")
    context = {**article_context(found, APIGatewayProxyEventV2(event)), **shell_context()}
    return lambda _event, _context: template.render(**context)


def main(spec_path: str, result_path: str) -> None:
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    memory = MemoryContent(**spec["memory"]) if spec.get("memory") else None
    events = spec["events"]
    # Only /var/task, /opt/python, /var/runtime and the standard library, as in Lambda: nothing
    # from the venv's site-packages may stand in for a module the layer does not ship.
    sys.path[:] = [*spec["path"], *(entry for entry in sys.path if "site-packages" not in entry)]
    context = Context()

    start = time.perf_counter()
    if spec["kind"] == "template":
        assert memory is not None  # dev-only bench harness  # nosec B101
        handler = _template_renderer(memory, spec["slug"], events[0]["event"])
    else:
        module = importlib.import_module(spec["module"])
        if memory is not None and hasattr(module, "content"):
            setattr(module, "content", memory)  # noqa: B010 - the in-memory repository replaces DynamoDB (said in the output)
        handler = getattr(module, spec["handler"])
    first = handler(events[0]["event"], context)
    first_ms = (time.perf_counter() - start) * 1000

    samples: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    for named in events:
        timings = []
        for _ in range(spec.get("repeat", 0)):
            began = time.perf_counter()
            response = handler(named["event"], context)
            timings.append((time.perf_counter() - began) * 1000)
        samples[named["name"]] = timings
        statuses[named["name"]] = response["statusCode"] if spec.get("repeat") and isinstance(response, dict) else 0
    status = first["statusCode"] if isinstance(first, dict) else 200
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump({"first_ms": first_ms, "first_status": status, "samples": samples, "statuses": statuses}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
