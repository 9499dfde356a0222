"""SnapStart's hooks: priming runs each function's pages with no network, and a restored
function serves readers from a fresh client."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pytest
import snapshot_restore_py

from local.aws.roles import Account
from local.serve.lambda_runtime import LocalFunction
from local.serve.server import Gateway
from readwell import snapstart
from readwell.edge import verified
from readwell.storage import dynamodb
from readwell.web import rendering
from tests.helpers import call
from tests.reliability.faults import silent_endpoint

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, so any request sent would fail
# A bound on every after-restore hook together, generous: Lambda gives the runtime and all hooks 10 s.
RESTORE_BUDGET_SECONDS = 2.0


def hooks_registered_by(load: Any) -> tuple[Any, list[Any], list[Any]]:
    before, after = len(snapshot_restore_py.get_before_snapshot()), len(snapshot_restore_py.get_after_restore())
    loaded = load()
    return (
        loaded,
        snapshot_restore_py.get_before_snapshot()[before:],
        snapshot_restore_py.get_after_restore()[after:],
    )


@pytest.fixture
def hooks_of_a_fresh_start(
    published: Any, aws: Account, monkeypatch: pytest.MonkeyPatch
) -> tuple[Gateway, list[Any], list[Any]]:
    """A gateway whose functions were just loaded as Lambda loads a version it will snapshot, and their hooks."""
    monkeypatch.setenv(snapstart.INITIALIZATION_TYPE, "snap-start")
    return hooks_registered_by(lambda: Gateway(aws))


def test_the_site_and_the_tracker_register_priming_and_restore_hooks(
    hooks_of_a_fresh_start: tuple[Gateway, list[Any], list[Any]],
) -> None:
    _, before_snapshot, after_restore = hooks_of_a_fresh_start
    assert len(before_snapshot) == 2  # the site and the tracker warm themselves; publish is not SnapStarted
    assert len(after_restore) == 4  # each reseeds and refreshes its clients


def test_priming_renders_pages_without_the_network_and_a_restored_function_serves(
    hooks_of_a_fresh_start: tuple[Gateway, list[Any], list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway, before_snapshot, after_restore = hooks_of_a_fresh_start
    rendering.environment.cache_clear()
    site = gateway.functions["SiteFunction"]
    with site.running():
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", NOWHERE)
        dynamodb.forget_clients()
        for hook, args, kwargs in before_snapshot:
            hook(*args, **kwargs)  # raises if a priming request failed; a request sent to NOWHERE would fail it
        compiled = set(rendering.environment().cache or {})
        monkeypatch.undo()
    assert any("pages/article.html" in str(key) for key in compiled), compiled
    assert any("pages/home.html" in str(key) for key in compiled), compiled
    with site.running():
        snapshot_client = dynamodb.client()
        for hook, args, kwargs in after_restore:
            hook(*args, **kwargs)
        restored_client = dynamodb.client()
    assert restored_client is not snapshot_client  # a restored environment makes its own client and connections
    reply = call(gateway, "GET", f"/articles/{SLUG}")
    assert reply.status == 200 and "Metastatic Breast Cancer" in reply.text


def test_priming_adds_no_metrics_to_the_first_real_invocation(
    hooks_of_a_fresh_start: tuple[Gateway, list[Any], list[Any]],
) -> None:
    gateway, before_snapshot, _ = hooks_of_a_fresh_start
    site = gateway.functions["SiteFunction"]
    with site.running():
        for hook, args, kwargs in before_snapshot:
            hook(*args, **kwargs)
    assert site.module.metrics.metric_set == {}


def test_an_on_demand_cold_start_registers_nothing_and_imports_no_priming(
    published: Any, aws: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The priming costs a cold start 30 ms of imports (make bench): only a snapshotted init may pay it."""
    monkeypatch.setenv(snapstart.INITIALIZATION_TYPE, "on-demand")
    for module in ("readwell.snapstart.priming", "readwell.storage.in_process", "readwell.snapstart.made_up_content"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    gateway, before_snapshot, after_restore = hooks_registered_by(lambda: Gateway(aws))
    assert before_snapshot == [] and after_restore == []
    assert "readwell.snapstart.priming" not in sys.modules
    assert call(gateway, "GET", f"/articles/{SLUG}").status == 200


EDGE_SECRET = "the-edge-secret-in-secrets-manager"


@pytest.mark.stack(parameters={"EdgeCache": "on"}, secret_values={"OriginSecret": EDGE_SECRET})
def test_no_secret_is_read_before_the_snapshot_or_on_restore_and_the_first_request_reads_it_once(
    published: Any, aws: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the edge on, the site and the tracker are told the secrets' ARNs: loading, priming and restoring
    make no Secrets Manager call (a snapshot holds no secret; those phases make no network call), and the
    first request through the edge reads the secret, which later requests reuse."""
    from local.aws import moto_iam
    from readwell.edge.verified import ORIGIN_HEADER

    monkeypatch.setenv(snapstart.INITIALIZATION_TYPE, "snap-start")
    with moto_iam.recording() as record:
        gateway, before_snapshot, after_restore = hooks_registered_by(lambda: Gateway(aws))
        for function in ("SiteFunction", "TrackerFunction"):
            with gateway.functions[function].running():
                for hook, args, kwargs in [*before_snapshot, *after_restore]:
                    hook(*args, **kwargs)
        read_before_any_request = {f: record.count(f, "secretsmanager:GetSecretValue") for f in gateway.functions}
        through_edge = [(ORIGIN_HEADER, EDGE_SECRET)]
        replies = [call(gateway, "GET", path, through_edge) for path in ("/", "/glossary", "/", "/tracker/open")]
        opened = call(gateway, "POST", "/tracker/open", [*through_edge, *FORM], b"recovery_code=AAAA-BBBB-CCCC-DDDD")
    assert set(read_before_any_request) == set(gateway.functions)
    assert set(read_before_any_request.values()) == {0}
    assert [reply.status for reply in replies] == [200, 200, 200, 200]
    assert opened.status == 400 and "recovery code" in opened.text  # no tracker has that code: the form again
    assert record.count("SiteFunction", "secretsmanager:GetSecretValue") == 1  # the edge's, read once, then kept
    assert record.count("TrackerFunction", "secretsmanager:GetSecretValue") == 2  # the edge's, and the server's


# Where any request sent from priming would go: nowhere (the discard port), so a request sent fails it.
NO_NETWORK = {"AWS_ENDPOINT_URL_DYNAMODB": NOWHERE, "AWS_ENDPOINT_URL_SECRETS_MANAGER": NOWHERE}
PRIMED_TEMPLATES = {
    "SiteFunction": ["pages/home.html", "pages/article.html", "pages/glossary.html"],
    "TrackerFunction": ["pages/tracker/start.html", "pages/tracker/open.html"],
}


@pytest.mark.stack(parameters={"EdgeCache": "on"}, secret_values={"OriginSecret": EDGE_SECRET})
@pytest.mark.parametrize("name", sorted(PRIMED_TEMPLATES))
def test_with_the_edge_on_priming_renders_the_real_pages_and_makes_no_network_call(
    published: Any, aws: Account, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Priming has no origin-secret header to send (reading the secret would be a network call), and the request
    guard still lets its requests in: every primed page answers 200 (the hook raises otherwise) and the real
    pages' templates are compiled, not the refusal page's."""
    monkeypatch.setenv(snapstart.INITIALIZATION_TYPE, "snap-start")
    function, before_snapshot, _ = hooks_registered_by(lambda: LocalFunction(name, aws.environment(name)))
    function.variables.update(NO_NETWORK)
    rendering.environment.cache_clear()
    with function.running():
        dynamodb.forget_clients()
        [(warm, args, kwargs)] = before_snapshot
        warm(*args, **kwargs)
    compiled = {str(key) for key in rendering.environment().cache or {}}
    for template in PRIMED_TEMPLATES[name]:
        assert any(template in key for key in compiled), (template, compiled)
    assert not any("request_refused" in key for key in compiled), compiled


@pytest.mark.stack(parameters={"EdgeCache": "on"}, secret_values={"OriginSecret": EDGE_SECRET})
def test_a_request_from_outside_cannot_pass_for_priming(published: Any, aws: Account) -> None:
    """A priming request is marked with an object, which no request that came over the network can hold: the same
    event as JSON (as Lambda hands one over) is refused around the edge, as is any request without the header."""
    from readwell.snapstart.priming import request_event

    gateway = Gateway(aws)
    for name, path in (("SiteFunction", "/"), ("TrackerFunction", "/tracker")):
        as_json = json.loads(json.dumps(request_event(path), default=repr))
        assert as_json[verified.IN_PROCESS_KEY]  # the mark's name is there, holding text
        assert gateway.functions[name].invoke(as_json)["statusCode"] == 403
    assert call(gateway, "GET", "/").status == 403


# A form posted from the reader's own site, through the edge (which copies the viewer's Host).
FORM = [
    ("content-type", "application/x-www-form-urlencoded"),
    ("host", "read.example.org"),
    ("x-forwarded-host", "read.example.org"),
    ("x-forwarded-proto", "https"),
    ("origin", "https://read.example.org"),
]


def test_restore_hooks_finish_in_time_against_a_hung_dynamodb_and_the_site_then_answers_busy(
    hooks_of_a_fresh_start: tuple[Gateway, list[Any], list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DynamoDB accepts connections and never answers: restoring still fits its budget, and a reader's request
    gets our 503 page before the function's timeout instead of Lambda's bare 5xx."""
    gateway, _, after_restore = hooks_of_a_fresh_start
    site = gateway.functions["SiteFunction"]
    with silent_endpoint() as hung:
        monkeypatch.setitem(site.variables, "AWS_ENDPOINT_URL_DYNAMODB", hung)
        with site.running():
            began = time.monotonic()
            for hook, args, kwargs in after_restore:
                hook(*args, **kwargs)
            restoring = time.monotonic() - began
        began = time.monotonic()
        reply = call(gateway, "GET", f"/articles/{SLUG}")
        answering = time.monotonic() - began
    print(f"\nhung DynamoDB: restore hooks {restoring:.3f} s; article page {reply.status} after {answering:.1f} s")
    assert restoring < RESTORE_BUDGET_SECONDS
    assert reply.status == 503 and "<h1>Sorry, the service is busy</h1>" in reply.text
    assert reply.header("Retry-After") == "30"
    assert answering < site.timeout_seconds
