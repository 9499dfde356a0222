"""Grants = calls: what template.yaml grants each function is exactly what the function calls.

Every test that drives a function runs it under its template role on a moto that enforces IAM, and
local/aws/moto_iam.py records each decision on DynamoDB and Secrets Manager. Here:
- each function's tour makes every DynamoDB and Secrets Manager call the function can make; with one
  granted action taken out of a copy of template.yaml, the tour fails on that action, and the failure
  names it (the edge's secret is read only in the stack with its edge: its tour goes through the edge);
- after the whole suite, a check compares the run's records (every process's: tests/support/run_records.py)
  with the template: a call that was denied, or a grant that no test exercised, fails it.
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

from local.aws import moto_iam
from local.aws.least_privilege import role_of
from local.aws.roles import Account, granted_actions, open_account
from local.serve.publishing import publish_folder
from local.serve.server import Gateway
from local.template import declarations, document
from local.template.conditions import NO_VALUE
from tests.conftest import CONTENT
from tests.helpers import make_distribution
from tests.support import run_records
from tests.support.moto_account import in_process_moto
from tests.tracker.browser import TRACKER, Browser

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
FAILURES: list[str] = []
EDGE_ON = {"EdgeCache": "on"}
RECORDED = tuple(f"{service}:" for service in moto_iam.RECORDED_SERVICES)
# The grant cases and their summary (which reads FAILURES) run on one process, one after the other.
pytestmark = pytest.mark.xdist_group("grants")


def site_tour(account: Account) -> list[str]:
    gateway = Gateway(account)
    paths = ["/", "/communities/breast-cancer-stage-3-4", f"/articles/{SLUG}", f"/articles/{SLUG}/history"]
    paths += ["/search?q=metastasis", "/feed.xml"]
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


def feedback_tour(account: Account) -> list[str]:
    """A Yes from an article: the per-address count (its key from the server secret), then the feedback."""
    reader = Browser(Gateway(account))
    page = f"/articles/{SLUG}"
    return [f"feedback -> {reader.post('/feedback', {'page': page, 'answer': 'yes'}).status}"]


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


def sweeper_tour(account: Account) -> list[str]:
    """A deletion cut short (by the tracker function, its role whole), then finished by the sweeper under its role."""
    from local.serve.lambda_runtime import load_functions
    from tests.support.deletions import deletion_cut_short

    deletion_cut_short(account, months=30)
    try:
        return [f"sweep -> {load_functions(account, ['SweeperFunction'])['SweeperFunction'].invoke({})}"]
    except ClientError as error:
        return [f"sweep -> {error.response['Error']['Code']}"]


TOURS: dict[str, Callable[[Account, Path], list[str]]] = {
    "SiteFunction": lambda account, _: site_tour(account),
    "TrackerFunction": lambda account, _: tracker_tour(account),
    "FeedbackFunction": lambda account, _: feedback_tour(account),
    "PublishFunction": publish_tour,
    "SweeperFunction": lambda account, _: sweeper_tour(account),
}


def test_every_function_has_a_tour() -> None:
    assert set(TOURS) == set(declarations.functions())


@pytest.fixture
def moto() -> Iterator[None]:
    with in_process_moto():
        yield


def without(function: str, action: str, folder: Path) -> Path:
    """A copy of template.yaml whose function's role no longer has `action`, in any statement, conditional or not
    (a statement left with no action goes, and a policy left with no statement). JSON is YAML; intrinsics stay
    long-form."""
    template = copy.deepcopy(document.load())
    role = template["Resources"][role_of(template["Resources"][function])]["Properties"]

    def kept(policy: dict[str, Any]) -> dict[str, Any]:
        if "Fn::If" in policy:
            condition, when_true, when_false = policy["Fn::If"]
            return {"Fn::If": [condition, kept(when_true), kept(when_false)]}
        if policy == NO_VALUE:
            return policy
        document = policy["PolicyDocument"]
        listed = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        for statement in listed:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            statement["Action"] = [a for a in actions if a != action]
        document["Statement"] = [statement for statement in listed if statement["Action"]]
        return policy if document["Statement"] else NO_VALUE

    role["Policies"] = [policy for policy in map(kept, role["Policies"]) if policy != NO_VALUE]
    path = folder / "template.yaml"
    path.write_text(json.dumps(template), encoding="utf-8")
    return path


GRANTS = [
    (function, action)
    for function in sorted(declarations.functions())
    for action in sorted(granted_actions(document.expanded(), function))
    if action.startswith(RECORDED)
]
# Granted only in the stack with its edge (the edge's secret): proven by requests through the edge.
EDGE_GRANTS = [
    (function, action)
    for function in sorted(declarations.functions())
    for action in sorted(
        granted_actions(document.expanded(), function, EDGE_ON) - granted_actions(document.expanded(), function)
    )
    if action.startswith(RECORDED)
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


def through_the_edge(account: Account, function: str) -> list[str]:
    """The function's work in the stack with its edge: a publish that invalidates what it wrote, or the
    function's first plain page asked for through the edge (with its secret header)."""
    from readwell.edge.verified import ORIGIN_HEADER

    if function == "PublishFunction":
        return publish_behind_the_edge(account)
    gateway = Gateway(account)
    path = next(r.path for r in declarations.routes() if r.function == function and r.path.count("{") == 0)
    headers = [(ORIGIN_HEADER, account.secrets["OriginSecret"])]
    return [f"GET {path} through the edge -> {gateway('GET', path, headers, b'')[0]}"]


def publish_behind_the_edge(account: Account) -> list[str]:
    from local.serve.lambda_runtime import load_functions

    moto_iam.pause()
    distribution = make_distribution(account.admin_client("cloudfront"))
    moto_iam.enforce()
    publisher = load_functions(account, ["PublishFunction"], {"DISTRIBUTION_ID": distribution})["PublishFunction"]
    publisher.module.CONTENT = CONTENT
    try:
        with publisher.running():
            return [f"publish -> {publisher.module.publish_bundled_content()['Summary']}"]
    except Exception as error:  # the failure, as CloudFormation would be told it
        return [f"publish -> 500 {error}"]


@pytest.mark.parametrize(("function", "action"), EDGE_GRANTS, ids=[f"{f}-{a}" for f, a in EDGE_GRANTS])
def test_taking_an_edge_grant_away_fails_the_function_behind_the_edge(
    moto: None, tmp_path: Path, function: str, action: str
) -> None:
    account = open_account(template=without(function, action, tmp_path), parameters=EDGE_ON)
    with moto_iam.recording() as record:
        if function != "PublishFunction":
            publish_folder(account)  # content for the site and tracker to show
        outcomes = through_the_edge(account, function)
    denied = record.denials(function)
    visible = [line for line in outcomes if " -> 5" in line]
    FAILURES.append(f"{function} without {action} (edge on): denied {sorted(denied)}; {'; '.join(visible)}")
    assert denied == {action}, f"{function} without {action}: denied {sorted(denied)}"
    assert visible, f"{function} without {action}: the request showed no failure: {outcomes}"


def test_the_named_failures(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs after the cases above: one line per grant taken away, naming the failure it caused."""
    if not FAILURES:
        pytest.skip("run with the grant cases above (this lists what they found)")
    with capsys.disabled():
        print("\nEach grant taken away from a copy of template.yaml, and the failure it causes:")
        for line in FAILURES:
            print(f"  {line}")
    assert len(FAILURES) == len(GRANTS) + len(EDGE_GRANTS)


def grants_against_calls(record: moto_iam.Record, expanded: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(one line per function, the problems): a denied call, a grant never called, a call never granted.

    A function's grants are those of the bare-API stack and of the stack with its edge together: the
    suite runs both (the edge's tests read the edge's secret)."""
    lines, problems = [], []
    for function in sorted(declarations.functions()):
        either = granted_actions(expanded, function) | granted_actions(expanded, function, EDGE_ON)
        granted = {a for a in either if a.startswith(RECORDED)}
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
    record.add("SiteFunction", "GetSecretValue", permitted=True, service="secretsmanager")
    record.add("TrackerFunction", "Scan", permitted=False)
    _, problems = grants_against_calls(record, document.expanded())
    assert "SiteFunction is granted ['dynamodb:BatchGetItem'], which no test exercised" in problems
    assert "TrackerFunction was denied ['dynamodb:Scan']: grant it or stop calling it" in problems


@pytest.mark.after_everything
def test_every_call_was_granted_and_every_grant_was_called(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over the whole run (every worker's record): each function called exactly the actions template.yaml grants."""
    record = run_records.Records(request.config).grants()
    lines, problems = grants_against_calls(record, document.expanded())
    with capsys.disabled():
        print("\nDynamoDB and Secrets Manager grants in template.yaml against the calls this run made under each role:")
        print("\n".join(lines))
    assert problems == [], "\n".join(problems)
