"""A cheap check that the bench harness works (tiny counts; timings are never asserted)."""

from __future__ import annotations

from pathlib import Path

from local.bench import report
from local.bench.lambda_layout import build, function_files, lambda_environment, layer_requirements, run
from local.bench.memory import MemoryContent
from local.bench.processes import PAGES, event, site_spec
from local.environment import ROOT
from readwell.articles import pages
from readwell.articles.content import load_content
from readwell.articles.publishing import publish


def memory() -> MemoryContent:
    repository = MemoryContent()
    publish(load_content(ROOT / "content"), repository)
    return repository


def test_the_in_memory_repository_serves_the_same_view_models_as_publishing_wrote() -> None:
    repository = memory()
    article = pages.article(repository, PAGES["article"].rsplit("/", 1)[1])
    assert article is not None and article["community"]["slug"] == "breast-cancer-stage-3-4"
    home = pages.home(repository)
    assert [a["slug"] for a in home["communities"][0]["articles"]] == [article["slug"]]


def test_a_lambda_like_copy_serves_the_article_in_a_fresh_process(tmp_path: Path) -> None:
    site = site_spec()
    package = build(tmp_path, "site", function_files(site), layer_requirements(), True, site)
    assert not list(package.opt.rglob("__pycache__"))  # sources only, as a plain build ships them
    events = [{"name": "article", "event": event(PAGES["article"])}]
    result = run(package, events, lambda_environment(package), memory=memory().dump(), repeat=2)
    assert result["first_status"] == 200
    assert result["statuses"] == {"article": 200}
    assert len(result["samples"]["article"]) == 2


def test_missing_tracker_rows_are_printed_not_dropped() -> None:
    lines = report.request_lines({"article": {"calls": {"GetItem": 1}}, "tracker": {"not_measured": "absent"}})
    assert any("tracker" in line and "absent" in line for line in lines)
    assert any("GetItem 1  ok" in line for line in lines)
