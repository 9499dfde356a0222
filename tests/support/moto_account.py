"""In-process moto with the template's account (tables, secrets, one role per function, IAM enforced).

`account_in_process` opens one for a block. `SharedAccount` opens one and hands it to test after test: before
each test it puts back everything moto holds (every service, every table, item by item) as it was when
the account was opened, or as it was once content/ was published, so what one test writes, deletes or
creates is gone for the next. Opening an account (IAM users and roles, STS credentials, tables) takes far
longer than putting one back.

moto's in-process patch (`mock_aws`) is process-wide: only one of these can be live at a time, and a test
that does not use the shared account never runs with it live (`SharedAccount.release_live`).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from local.aws import moto_iam
from local.aws.roles import Account, open_account
from local.template import document

# A stack's options, as the `stack(parameters=..., secret_values=...)` marker gives them, in a hashable form.
StackKey = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


def forget_clients() -> None:
    """Drop the clients and secret values our code keeps between requests: they belong to one account."""
    from readwell.storage import cloudfront, dynamodb, secret_store

    dynamodb.forget_clients()
    cloudfront.forget_clients()
    secret_store.forget()


@contextmanager
def in_process_moto() -> Iterator[None]:
    """moto patched into this process for the block, IAM paused again and our clients dropped afterwards."""
    from moto import mock_aws

    SharedAccount.release_live()
    with mock_aws():
        forget_clients()
        try:
            yield
        finally:
            moto_iam.pause()
    forget_clients()


@contextmanager
def account_in_process(
    parameters: dict[str, str] | None = None,
    secret_values: dict[str, str] | None = None,
    template: Path = document.TEMPLATE,
) -> Iterator[Account]:
    """A new in-process account of the stack with `parameters` (default: a local run's), for the block."""
    with in_process_moto():
        yield open_account(template=template, parameters=parameters, secret_values=secret_values)


def stack_key(parameters: dict[str, str] | None, secret_values: dict[str, str] | None) -> StackKey:
    return tuple(sorted((parameters or {}).items())), tuple(sorted((secret_values or {}).items()))


@dataclasses.dataclass(frozen=True)
class MotoState:
    """Everything moto holds in this process: every service's backend, per account and region."""

    services: dict[str, Any]  # service name -> moto's BackendDict for it (not copied: moto's own registry)
    backends: dict[tuple[str, str, str], Any]  # (service, account, region) -> a deep copy of its backend

    @classmethod
    def capture(cls) -> MotoState:
        """A deep copy of every backend, taken in one piece so references between services stay intact."""
        from moto.core.base_backend import BackendDict

        services = {found.service_name: found for found in BackendDict._instances}
        backends = {
            (service, account, region): backend
            for service, found in services.items()
            for account, region, backend in found.iter_backends()
        }
        return cls(services, copy.deepcopy(backends))

    def restore(self) -> None:
        """Put this state back (a copy of it, so it can be put back again); a backend created since goes."""
        from moto.core.base_backend import BackendDict

        restored = copy.deepcopy(self.backends)
        for found in list(BackendDict._instances):
            for account, specific in list(found.items()):
                for region in list(specific):
                    if (found.service_name, account, region) not in restored:
                        specific[region].reset()
                        dict.__delitem__(specific, region)
        for (service, account, region), backend in restored.items():
            # Indexing by account makes moto register the service again if a reset dropped it.
            dict.__setitem__(self.services[service][account], region, backend)


class SharedAccount:
    """One in-process account reused by test after test, each starting from the same state."""

    _live: SharedAccount | None = None

    def __init__(self) -> None:
        self._moto: Any = None
        self._key: StackKey | None = None
        self._account: Account | None = None
        self._opened: MotoState | None = None
        self._published: MotoState | None = None
        self.generation = 0  # how many accounts this has opened: tests of the sharing itself compare it

    @classmethod
    def release_live(cls) -> None:
        """End the live shared account, if any, so the process has no moto patched in (it reopens when asked)."""
        if cls._live is not None:
            cls._live.close()

    def account(self, parameters: dict[str, str] | None, secret_values: dict[str, str] | None) -> Account:
        """The account of that stack as it was opened: tables empty, IAM enforced, our clients dropped."""
        key = stack_key(parameters, secret_values)
        if self._account is None or key != self._key:
            self._open(key, parameters, secret_values)
        else:
            assert self._opened is not None
            self._opened.restore()
        assert self._account is not None
        moto_iam.enforce()
        forget_clients()
        # A copy per test: a test may change what its Account says without telling the next one.
        return dataclasses.replace(
            self._account,
            roles=dict(self._account.roles),
            table_names=dict(self._account.table_names),
            secrets=dict(self._account.secrets),
            secret_ids=dict(self._account.secret_ids),
        )

    def publish(self, publish: Callable[[], None]) -> None:
        """content/ published: by `publish` (the publish function, under its role) the first time, and from then
        on put back as that publish left it."""
        if self._published is None:
            publish()
            self._published = MotoState.capture()
        else:
            self._published.restore()
            forget_clients()

    def after_test(self) -> None:
        moto_iam.pause()
        forget_clients()

    def _open(self, key: StackKey, parameters: dict[str, str] | None, secret_values: dict[str, str] | None) -> None:
        from moto import mock_aws

        SharedAccount.release_live()
        self._moto = mock_aws()
        self._moto.start()
        SharedAccount._live = self
        forget_clients()
        self._key = key
        self._account = open_account(parameters=parameters, secret_values=secret_values)
        self._opened = MotoState.capture()
        self._published = None
        self.generation += 1

    def close(self) -> None:
        if self._moto is not None:
            self._moto.stop()
        self._moto, self._account, self._key, self._opened, self._published = None, None, None, None, None
        if SharedAccount._live is self:
            SharedAccount._live = None
        moto_iam.pause()
        forget_clients()
