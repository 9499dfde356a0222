"""Shared test set-up: a safe AWS environment (never real credentials) and moto-backed tables."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Before anything imports boto3 or Powertools: fake credentials, no real endpoint, quiet Powertools.
for _key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(_key, None)
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="eu-west-2",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="WARNING",
)

from local.aws.environment import prepare_environment  # noqa: E402

prepare_environment()

from tests.support import run_records  # noqa: E402
from tests.support.moto_account import SharedAccount  # noqa: E402

if TYPE_CHECKING:
    from local.aws.roles import Account

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


# One account per process, handed from test to test and put back as it was opened before each (support/moto_account).
SHARED = SharedAccount()


@pytest.fixture(autouse=True)
def _moto_only_where_asked(request: pytest.FixtureRequest) -> None:
    """A test that does not ask for `aws` runs with no moto patched into the process, as if none had been opened."""
    if "aws" not in request.fixturenames:
        SharedAccount.release_live()


@pytest.fixture
def aws(request: pytest.FixtureRequest) -> Iterator[Account]:
    """An in-process moto that enforces IAM, with the tables, secrets and function roles template.yaml declares.

    The process's own credentials are unknown to it: our code talks to AWS only inside
    `as_function(...)` (or through a Gateway), under that function's role. A test module marked
    `stack(parameters={...}, secret_values={...})` gets the stack with those parameters (say, the edge on).
    Every test gets the account as it was opened (empty tables, IAM enforced): what an earlier test wrote,
    deleted or created is gone, though the account itself (its roles' credentials) is opened once and shared.
    """
    marker = request.node.get_closest_marker("stack")
    options = dict(marker.kwargs) if marker else {}
    yield SHARED.account(options.get("parameters"), options.get("secret_values"))
    SHARED.after_test()


@pytest.fixture
def admin(aws: Account) -> Any:
    """A DynamoDB client for looking at tables directly (test inspection only, never our code)."""
    return aws.admin_client()


@pytest.fixture
def as_function(aws: Account) -> Callable[[str], AbstractContextManager[None]]:
    """`with as_function("PublishFunction"):` runs the block with that function's environment and role."""
    from local.serve.lambda_runtime import environment

    return lambda name: environment(aws.environment(name))


@pytest.fixture
def function_client(aws: Account) -> Callable[[str], Any]:
    """The DynamoDB client a function uses (its role's credentials): the one a Gateway's function gets too."""
    from local.serve.lambda_runtime import dynamodb_client_of as client_of

    return lambda name: client_of(aws, name)


@pytest.fixture
def content_repo(function_client: Callable[[str], Any]) -> Any:
    """The content table as the publish function writes it (its role)."""
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    return ContentRepository(content_table(), function_client("PublishFunction"))


@pytest.fixture
def site_repo(function_client: Callable[[str], Any]) -> Any:
    """The content table as the site function reads it (its role): for tests that check what readers get."""
    from readwell.config import content_table
    from readwell.storage.content import ContentRepository

    return ContentRepository(content_table(), function_client("SiteFunction"))


@pytest.fixture
def published(content_repo: Any, site_repo: Any) -> Any:
    """content/ published by the publish function (its role; once per shared account, then put back as that
    publish left it); returns the site's view of the table."""
    from readwell.articles.content import load_content
    from readwell.articles.publishing import publish

    SHARED.publish(lambda: publish(load_content(CONTENT), content_repo))
    return site_repo


def pytest_addoption(parser: pytest.Parser) -> None:
    run_records.add_options(parser)


def pytest_sessionstart(session: pytest.Session) -> None:
    run_records.start(session.config)


_WORKERS: dict[str, bool] = {}  # xdist worker id -> whether it went down with an error (the process that started)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    _WORKERS[str(node.workerinput["workerid"])] = error is not None


class _GroupsUnderPytest9:
    """`--dist loadgroup` keeps the tests of one `xdist_group` on one worker by adding "@group" to their node ids,
    on the workers: pytest-xdist 3.8 writes that where pytest 9 no longer reads a node id from, so every group
    was spread over the workers. This writes it where pytest 9 reads it (and leaves an id that has it alone)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        from _pytest.nodeid import NodeId

        if not getattr(config.option, "loadgroup", False):
            return
        for item in items:
            marks = item.iter_markers("xdist_group")
            groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
            if groups and "@" not in item.nodeid:
                item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_GroupsUnderPytest9(), "readwell-xdist-groups")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    SharedAccount.release_live()
    config = session.config
    started_workers = config.pluginmanager.getplugin("dsession") is not None
    if not started_workers:
        run_records.finish_process(config)
    if not run_records.is_worker(config):
        crashed = [name for name, failed in _WORKERS.items() if failed]
        run_records.finish_run(config, list(_WORKERS), crashed, exitstatus)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked after_everything reads what the others recorded: it runs last. With --run-records the run
    leaves them out (they run afterwards, alone, with --check-run-records, which leaves out every other test).
    On xdist's workers, tests marked long come first."""
    last = [item for item in items if item.get_closest_marker("after_everything")]
    rest = [item for item in items if item not in last]
    if run_records.is_worker(config):
        # On several workers, the longest tests start first, so that none of them is the last to finish.
        rest.sort(key=lambda item: item.get_closest_marker("long") is None)
    if config.getoption("run_records"):
        config.hook.pytest_deselected(items=last)
        items[:] = rest
    elif config.getoption("check_run_records"):
        config.hook.pytest_deselected(items=rest)
        items[:] = last
    else:
        items[:] = rest + last
