"""Grants = calls: what template.yaml grants each function is exactly what the function calls (issue 12).

Every test that drives a function runs it under its template role on a moto that enforces IAM, and
local/moto_iam.py records each decision. Here:
- each function's tour makes every DynamoDB call the function can make; with one granted action taken
  out of a copy of template.yaml, the tour fails on that action, and the failure names it;
- the last test of a whole run compares the run's record with the template: a call that was denied,
  or a grant that no test exercised, fails it.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from local import moto_iam, sam_template
from local.publish import publish_folder
from local.roles import Account, granted_actions, open_account
from local.server import Gateway
from tests.conftest import CONTENT
from tests.tracker.browser import TRACKER, Browser

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
FAILURES: list[str] = []


def site_tour(account: Account) -> list[str]:
    gateway = Gateway(account)
    paths = ["/", "/communities/breast-cancer-stage-3-4", f"/articles/{SLUG}", "/search?q=metastasis", "/feed.xml"]
    return [f"GET {path} -> {gateway('GET', path, [], b'')[0]}" for path in paths]


def tracker_tour(account: Account) -> list[str]:
    reader = Browser(Gateway(account))
    outcomes = [f"start -> {reader.post('/tracker/start', {'start_date': '2026-01-01', 'unit': 'kg'}).status}"]
    page = reader.get("/tracker")
    outcomes.append(f"page -> {page.status}")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    if token:
        csrf = token.group(1)
        code = "-".join(reader.cookies[TRACKER][i : i + 4] for i in range(0, 24, 4))
        steps: list[tuple[str, str, dict[str, str]]] = [
            ("add", "/tracker/entries", {"date": "2026-02-01", "weight": "70"}),
            ("replace", "/tracker/entries", {"date": "2026-02-01", "weight": "71", "confirm_replace": "yes"}),
            ("edit", "/tracker/entries/2026-02-01", {"weight": "72"}),
            ("delete entry", "/tracker/entries/2026-02-01/delete", {}),
            ("add again", "/tracker/entries", {"date": "2026-02-02", "weight": "70"}),
        ]
        for name, path, fields in steps:
            outcomes.append(f"{name} -> {reader.post(path, {'csrf_token': csrf, **fields}).status}")
        for path in ("/tracker", "/tracker?before=2026-02-03", "/tracker/export.csv", "/tracker/recovery-code"):
            outcomes.append(f"{path} -> {reader.get(path).status}")
        other_device = Browser(reader.gateway)
        outcomes.append(f"open -> {other_device.post('/tracker/open', {'recovery_code': code}).status}")
        outcomes.append(f"delete tracker -> {reader.post('/tracker/delete', {'csrf_token': csrf}).status}")
    return outcomes


def publish_tour(account: Account, folder: Path) -> list[str]:
    """A first publish, then a revision (which reads the article's indexed terms back)."""
    edition = shutil.copytree(CONTENT, folder / "content")
    article = edition / "articles" / f"{SLUG}.md"
    try:
        first = publish_folder(account, edition).summary()
        article.write_text(article.read_text(encoding="utf-8") + "\nA second edition.\n", encoding="utf-8")
        return [first, publish_folder(account, edition).summary()]
    except ClientError as error:
        denied = error.response["Error"].get("Message", "").rsplit("perform: ", 1)[-1]
        return [f"publish -> {error.response['Error']['Code']} ({denied})"]


TOURS: dict[str, Callable[[Account, Path], list[str]]] = {
    "SiteFunction": lambda account, _: site_tour(account),
    "TrackerFunction": lambda account, _: tracker_tour(account),
    "PublishFunction": publish_tour,
}


def test_every_function_has_a_tour() -> None:
    assert set(TOURS) == set(sam_template.functions())


@pytest.fixture
def moto() -> Iterator[None]:
    from moto import mock_aws

    from readwell.storage import dynamodb

    with mock_aws():
        dynamodb.forget_clients()
        yield
    moto_iam.pause()
    dynamodb.forget_clients()


def without(function: str, action: str, folder: Path) -> Path:
    """A copy of template.yaml whose function no longer has `action` (JSON is YAML; intrinsics stay long-form)."""
    template = copy.deepcopy(sam_template.load())
    for policy in template["Resources"][function]["Properties"]["Policies"]:
        for statement in policy.get("Statement", []):  # (a conditional policy grants no DynamoDB action)
            statement["Action"] = [a for a in statement["Action"] if a != action]
    path = folder / "template.yaml"
    path.write_text(json.dumps(template), encoding="utf-8")
    return path


GRANTS = [
    (function, action)
    for function in sorted(sam_template.functions())
    for action in sorted(granted_actions(sam_template.expanded(), function))
    if action.startswith("dynamodb:")
]


@pytest.mark.parametrize(("function", "action"), GRANTS, ids=[f"{f}-{a}" for f, a in GRANTS])
def test_taking_one_grant_away_fails_the_function_on_that_action(
    moto: None, tmp_path: Path, function: str, action: str
) -> None:
    account = open_account(template=without(function, action, tmp_path))
    with moto_iam.recording() as record:
        if function != "PublishFunction":
            publish_folder(account)  # the publish role is whole here: content for the site and tracker to show
        outcomes = TOURS[function](account, tmp_path)
    denied = record.denials(function)
    visible = [line for line in outcomes if " -> 5" in line or "AccessDenied" in line]
    FAILURES.append(f"{function} without {action}: denied {sorted(denied)}; {'; '.join(visible) or 'nothing shown'}")
    assert denied == {action}, f"{function} without {action}: denied {sorted(denied)}"
    assert visible, f"{function} without {action}: the tour showed no failure: {outcomes}"


def test_the_named_failures(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs after the cases above: one line per grant taken away, naming the failure it caused."""
    if not FAILURES:
        pytest.skip("run with the grant cases above (this lists what they found)")
    with capsys.disabled():
        print("\nEach grant taken away from a copy of template.yaml, and the failure it causes:")
        for line in FAILURES:
            print(f"  {line}")
    assert len(FAILURES) == len(GRANTS)


def grants_against_calls(record: moto_iam.Record, expanded: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(one line per function, the problems): a denied call, a grant never called, a call never granted."""
    lines, problems = [], []
    for function in sorted(sam_template.functions()):
        granted = {a for a in granted_actions(expanded, function) if a.startswith("dynamodb:")}
        called, denied = record.actions(function), record.denials(function)
        lines.append(f"  {function}: granted {sorted(granted)}, called {sorted(called)}")
        if denied:
            problems.append(f"{function} was denied {sorted(denied)}: grant it or stop calling it")
        if granted - called:
            problems.append(f"{function} is granted {sorted(granted - called)}, which no test exercised")
        if called - granted:
            problems.append(f"{function} called {sorted(called - granted)} without a grant")
    return lines, problems


def test_the_comparison_finds_an_unused_grant_and_a_denied_call() -> None:
    record = moto_iam.Record()
    for action in ("GetItem", "Query"):  # the site's calls, less BatchGetItem
        record.add("SiteFunction", action, permitted=True)
    record.add("TrackerFunction", "Scan", permitted=False)
    _, problems = grants_against_calls(record, sam_template.expanded())
    assert "SiteFunction is granted ['dynamodb:BatchGetItem'], which no test exercised" in problems
    assert "TrackerFunction was denied ['dynamodb:Scan']: grant it or stop calling it" in problems


@pytest.mark.after_everything
def test_every_call_was_granted_and_every_grant_was_called(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over the whole run: each function called exactly the DynamoDB actions template.yaml grants it."""
    config = request.config
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS or config.option.keyword or config.option.deselect:
        pytest.skip("needs the whole suite: it compares what every test recorded with the template")
    lines, problems = grants_against_calls(moto_iam.session_record(), sam_template.expanded())
    with capsys.disabled():
        print("\nDynamoDB grants in template.yaml against the calls this run made under each role:")
        print("\n".join(lines))
    assert problems == [], "\n".join(problems)
