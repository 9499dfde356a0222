"""local.build.bytecode: what the build ships so Lambda's read-only code directories start fast."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from local.aws.environment import LAYER
from local.build import bytecode

RENDER = """
import sys
sys.path.insert(0, sys.argv[1])
from readwell.web.rendering import render
from readwell.preferences import Preferences
print(render("pages/not_found.html", preferences=Preferences(), notice=None, current_path="/", title="Gone"))
"""


def _copy_layer(tmp_path: Path) -> Path:
    layer = tmp_path / "python"
    ignore = shutil.ignore_patterns("__pycache__", "template_cache")
    shutil.copytree(LAYER / "readwell", layer / "readwell", ignore=ignore)
    return layer


def test_templates_and_modules_are_compiled_for_the_runtime(tmp_path: Path) -> None:
    layer = _copy_layer(tmp_path)
    count = bytecode.compile_templates(layer)
    templates = list((layer / "readwell" / "templates").rglob("*.html"))
    assert count == len(templates) > 0
    assert len(list((layer / "readwell" / "template_cache").iterdir())) == count
    assert bytecode.compile_tree(layer)
    tag = sys.implementation.cache_tag
    assert (layer / "readwell" / "web" / "__pycache__" / f"rendering.{tag}.pyc").exists()


def test_an_edited_template_is_never_served_from_a_stale_cache(tmp_path: Path) -> None:
    layer = _copy_layer(tmp_path)
    bytecode.compile_templates(layer)
    page = layer / "readwell" / "templates" / "pages" / "not_found.html"
    page.write_text(page.read_text().replace("Page not found", "Edited after the build"))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", RENDER, str(layer)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Edited after the build" in done.stdout


def test_refuses_another_python_than_the_runtime(tmp_path: Path) -> None:
    if sys.version_info[:2] == bytecode.RUNTIME:
        assert bytecode.main([str(_copy_layer(tmp_path))]) == 0
    else:
        assert bytecode.main([str(tmp_path)]) == 2
