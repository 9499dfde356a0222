"""Functions run locally one request at a time, each in its own environment (local/serve/lambda_runtime.py)."""

from __future__ import annotations

import os
import threading

from local.serve.lambda_runtime import environment


def test_a_second_request_waits_until_the_first_has_left_its_environment() -> None:
    """Lambda never runs two requests in one environment, and Powertools keeps the event in shared state."""
    first_inside, let_first_go, second_inside = threading.Event(), threading.Event(), threading.Event()
    seen: list[str | None] = []

    def first() -> None:
        with environment({"READWELL_PROBE": "first"}):
            first_inside.set()
            let_first_go.wait(10)
            seen.append(os.environ.get("READWELL_PROBE"))

    def second() -> None:
        first_inside.wait(10)
        with environment({"READWELL_PROBE": "second"}):
            second_inside.set()
            seen.append(os.environ.get("READWELL_PROBE"))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_inside.wait(10)
    assert not second_inside.wait(0.5), "the second request ran while the first was inside"
    let_first_go.set()
    for thread in threads:
        thread.join(10)
    assert seen == ["first", "second"]  # each saw its own environment, never the other's
    assert "READWELL_PROBE" not in os.environ  # and left the process as it found it


def test_a_variable_set_to_none_is_absent_inside_and_restored_after() -> None:
    os.environ["READWELL_PROBE"] = "outside"
    try:
        with environment({"READWELL_PROBE": None}):
            assert "READWELL_PROBE" not in os.environ
        assert os.environ["READWELL_PROBE"] == "outside"
    finally:
        del os.environ["READWELL_PROBE"]
