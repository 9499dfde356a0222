"""Capture what a function logs, as CloudWatch would receive it, to prove secrets never get there."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def captured_logs(service: str, level: str = "INFO") -> Iterator[io.StringIO]:
    """Everything logged while inside, by the Powertools Logger(service=...) and by any other logger.

    The function's module must already be imported (its Logger creates the handler); `level` is the
    level the function runs at in AWS (template.yaml sets INFO), so what is captured is what is kept.
    """
    output = io.StringIO()
    service_logger = logging.getLogger(service)
    handler = service_logger.handlers[0]
    stream, service_level = handler.stream, service_logger.level  # type: ignore[attr-defined]
    everything = logging.StreamHandler(output)
    root = logging.getLogger()
    root_level = root.level
    handler.stream = output  # type: ignore[attr-defined]
    service_logger.setLevel(level)
    root.addHandler(everything)
    root.setLevel(level)
    try:
        yield output
    finally:
        handler.stream = stream  # type: ignore[attr-defined]
        service_logger.setLevel(service_level)
        root.removeHandler(everything)
        root.setLevel(root_level)
