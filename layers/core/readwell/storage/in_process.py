"""DynamoDB answered in process: priming before a SnapStart snapshot (snapstart/priming.py), and the bench.

The answer is made at botocore's `before-send` step: endpoint resolution, serialisation, signing and
parsing all run (so priming puts them in the snapshot), and nothing is sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSResponse

from readwell.storage import dynamodb

Answer = Callable[[dict[str, Any]], dict[str, Any]]  # DynamoDB request body -> response body
# The shape of an empty answer for each read the pages make.
EMPTY_ANSWERS: dict[str, dict[str, Any]] = {
    "GetItem": {},
    "Query": {"Items": [], "Count": 0, "ScannedCount": 0},
    "BatchGetItem": {"Responses": {}, "UnprocessedKeys": {}},
}


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def answer_in_process(client: Any, answers: Mapping[str, Answer], called: list[str] | None = None) -> None:
    """From now on `client`'s calls are answered here, before anything is sent (`called` records them)."""

    def answer(request: Any, **_: Any) -> AWSResponse:
        target = request.headers.get("X-Amz-Target", "")
        operation = (target.decode() if isinstance(target, bytes) else str(target)).rpartition(".")[2]
        if called is not None:
            called.append(operation)
        body = json.loads(request.body or b"{}")
        made_up = answers[operation](body) if operation in answers else EMPTY_ANSWERS.get(operation, {})
        payload = json.dumps(made_up).encode("utf-8")
        headers = {"Content-Type": "application/x-amz-json-1.0", "Content-Length": str(len(payload))}
        return AWSResponse(request.url, 200, headers, _Body(payload))

    client.meta.events.register_first("before-send.dynamodb", answer, unique_id="readwell-in-process")


@contextmanager
def answered_in_process(answers: Mapping[str, Answer]) -> Iterator[list[str]]:
    """This environment's client answered here while inside; yields the operations that were called."""
    client = dynamodb.client()
    called: list[str] = []
    answer_in_process(client, answers, called)
    try:
        yield called
    finally:
        client.meta.events.unregister("before-send.dynamodb", unique_id="readwell-in-process")
