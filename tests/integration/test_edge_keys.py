"""Cache keys nobody can blow up: the pages' key holds only the query parameters the site's code reads.

Keyed on every query string, `/?utm=1`, `/?utm=2`... would each miss the cache and reach the origin, so a
hundred such requests a second would use the API's whole throttle. The whitelist in template.yaml is
checked against the parameters found in the code (local/edge/query_reads.py), and the emulated edge, built from
the same policy, drops every other parameter before the key and the origin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from local.edge.emulator import EdgeCache, behaviours
from local.edge.query_reads import function_reads
from local.serve.server import Gateway
from local.template.document import ROOT
from tests.integration.edge_helpers import EDGE_STACK, SECRET, get

pytestmark = EDGE_STACK


class Recording:
    """The origin, noting every target the edge sends it."""

    def __init__(self, origin: Gateway) -> None:
        self.origin = origin
        self.targets: list[str] = []

    def __call__(self, method: str, target: str, *rest: Any) -> Any:
        self.targets.append(target)
        return self.origin(method, target, *rest)


def test_the_pages_key_holds_exactly_the_query_parameters_the_site_reads() -> None:
    read = function_reads(ROOT / "functions" / "site")
    assert read.unresolved == []
    assert read.names == {"q"}  # /search's query; if a route reads another, the policy must key on it too
    pages = next(rule for rule in behaviours() if rule.pattern == "*")
    assert pages.query == read.names


def test_the_reads_are_found_through_imports_and_a_read_without_a_name_is_reported(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from readwell.tracker import responses\n"
        'PAGE = "page"\n'
        "def handler(event):\n"
        '    return event.get_query_string_value("sort"), event.get_query_string_value(name=PAGE)\n'
    )
    read = function_reads(tmp_path)
    assert read.names == {"sort", "page"}
    # readwell.tracker.responses, imported above, reads the whole dict: no name can be given to that read.
    assert [where.split(":")[0] for where in read.unresolved] == ["layers/core/readwell/tracker/responses.py"]


def test_a_parameter_no_route_reads_is_dropped_before_the_key_and_the_origin(origin: Gateway) -> None:
    recording = Recording(origin)
    cdn = EdgeCache(recording, SECRET)
    first, second = get(cdn, "/?utm=a"), get(cdn, "/?utm=b&fbclid=x")
    assert first.header("X-Cache") == "Miss from cloudfront" and second.header("X-Cache") == "Hit from cloudfront"
    assert second.body == first.body and recording.targets == ["/"]


def test_each_search_is_its_own_copy_whatever_else_the_address_holds(origin: Gateway) -> None:
    recording = Recording(origin)
    cdn = EdgeCache(recording, SECRET)
    a, b = get(cdn, "/search?q=metastasis"), get(cdn, "/search?q=tumour")
    assert a.header("X-Cache") == b.header("X-Cache") == "Miss from cloudfront" and a.body != b.body
    again = get(cdn, "/search?utm=x&q=metastasis")
    assert again.header("X-Cache") == "Hit from cloudfront" and again.body == a.body
    assert recording.targets == ["/search?q=metastasis", "/search?q=tumour"]


def test_the_tracker_gets_its_whole_query(origin: Gateway) -> None:
    recording = Recording(origin)
    get(EdgeCache(recording, SECRET), "/tracker?before=2026-02-02&utm=x")
    assert recording.targets == ["/tracker?before=2026-02-02&utm=x"]  # never cached: nothing to blow up
