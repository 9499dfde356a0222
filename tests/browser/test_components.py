"""Every example of every component, each on its own page of the local catalogue: axe (AA + AAA) and the Nu checker.

Prints each example it checked, so a reader of the test run sees what was covered.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from local.serve import components
from tests.browser import checks
from tests.browser.browsing import NU_CHECKER, new_context

pytestmark = pytest.mark.browser


def test_every_component_example_passes_axe_and_the_nu_checker(
    browser: Browser, base_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problems, files, checked = [], [], []
    context = checks.with_axe(new_context(browser, base_url))
    try:
        page = context.new_page()
        for path in components.example_paths():
            response = page.goto(base_url + path)
            assert response is not None and response.status == 200, path
            found = checks.axe_violations(page)
            problems += [f"{path}: {problem}" for problem in found]
            file = tmp_path / (path.strip("/").replace("/", "--") + ".html")
            file.write_bytes(response.body())
            files.append(str(file))
            checked.append(f"  {path}: axe {'ok' if not found else f'{len(found)} problems'}")
    finally:
        context.close()
    result = subprocess.run([*NU_CHECKER, "--errors-only", "--format", "json", *files], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems += [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    with capsys.disabled():
        print(f"\nComponent examples checked with axe (AA + AAA) and the Nu checker ({len(checked)}):")
        print("\n".join(checked))
    assert len(checked) == len(components.example_paths())
    assert problems == [], "\n".join(problems)
