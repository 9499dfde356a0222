"""The pip-audit wrapper never counts an audit that could not look as a pass."""

from __future__ import annotations

import json

from local.audit_dependencies import canary_was_seen

# What pip-audit prints here, where its service cannot be reached (see DESIGN.md).
OFFLINE = json.loads(
    '{"dependencies": [{"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited: '
    'jinja2 (3.1.2)"}], "fixes": []}'
)
ONLINE = {
    "dependencies": [{"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95"}]}],
    "fixes": [],
}


def test_an_audit_that_skipped_the_canary_is_not_a_pass() -> None:
    assert not canary_was_seen(OFFLINE)
    assert not canary_was_seen({})
    assert not canary_was_seen({"dependencies": [{"name": "jinja2", "version": "3.1.2", "vulns": []}]})


def test_an_audit_that_saw_the_canary_counts() -> None:
    assert canary_was_seen(ONLINE)
