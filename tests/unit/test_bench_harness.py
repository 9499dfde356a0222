"""A cheap check that the bench harness works (tiny counts; timings are never asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from local.aws.environment import ROOT
from local.bench import report
from local.bench.common import PAGES, event
from local.bench.memory import MemoryContent
from local.bench.processes import site_spec
from local.build.lambda_layout import build, function_files, lambda_environment, layer_requirements, run, runtime
from readwell.articles import view_models
from readwell.articles.content import load_content
from readwell.articles.publishing import publish


def memory() -> MemoryContent:
    repository = MemoryContent()
    publish(load_content(ROOT / "content"), repository)
    return repository


def test_the_in_memory_repository_serves_the_same_view_models_as_publishing_wrote() -> None:
    repository = memory()
    article = view_models.article(repository, PAGES["article"].rsplit("/", 1)[1])
    assert article is not None and article["community"]["slug"] == "breast-cancer-stage-3-4"
    home = view_models.home(repository)
    listed = [a["slug"] for a in home["communities"][0]["articles"]]
    assert article["slug"] in listed
    assert sorted(listed) == sorted(path.stem for path in (ROOT / "content" / "articles").glob("*.md"))


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


def test_the_runtime_copy_is_boto3_without_the_venvs_extras(tmp_path: Path) -> None:
    folder = runtime(tmp_path)
    assert (folder / "boto3").is_dir() and (folder / "botocore").is_dir()
    # boto3 picks these up when present; the Lambda runtime has neither, so the floor must not either.
    assert not (folder / "awscrt").exists() and not (folder / "OpenSSL").exists()


def test_a_child_cannot_import_what_its_copy_does_not_ship(tmp_path: Path) -> None:
    handler = tmp_path / "leaky.py"
    handler.write_text(
        "import moto  # in the venv, never in a Lambda copy\n\ndef lambda_handler(e, c):\n    return {}\n"
    )
    package = build(tmp_path / "copies", "leaky", {"app.py": handler}, [], False)
    with pytest.raises(RuntimeError, match="No module named 'moto'"):
        run(package, [{"name": "any", "event": event(PAGES["home"])}], lambda_environment(package))


def test_the_cold_table_judges_each_budget_and_explains_it_with_the_stack_floor() -> None:
    medians = {
        "floor": 100.0,
        report.STACK: 140.0,
        report.FLOOR_GETITEM: 145.0,
        "site article, in-memory": 150.0,
        "peer article, in-memory": 300.0,
        "site article, moto server": 200.0,
        "peer article, moto server": 350.0,
        "tracker page, moto server": 120.0,
    }
    variant = {name: {"median_ms": value} for name, value in medians.items()}
    lines = report.cold_lines({"source": variant, "compiled": variant}, repeats=1)
    judged = {line.split("  ")[1].strip(): line for line in lines if "budget" in line}
    assert "OVER BUDGET" in judged["site/floor, in-memory, bytecode"]  # 1.50x > 1.3x
    assert judged["site/peer, in-memory, bytecode"].endswith("ok")  # 0.50x < 1x
    assert judged["tracker/floor, moto server, bytecode"].endswith("ok")  # 1.20x <= 1.3x
    assert any("stack floor/floor, bytecode" in line and "1.40x" in line for line in lines)
    assert any("site/(floor + GetItem), moto server, bytecode" in line and "1.38x" in line for line in lines)


def test_the_tracker_rows_compare_with_one_full_page_and_need_the_same_read_units() -> None:
    from local.bench.tracker import BASE, Tracker, token_for

    def row(own: float, units: int) -> dict[str, float | int]:
        return {"status": 200, "p50_ms": own + 1, "own_p50_ms": own, "read_units": units, "requests": 1}

    rows = {
        Tracker(30_000).name: {"page": row(11.9, 1), "post": row(11.0, 4)},
        BASE.name: {"page": row(10.0, 1), "post": row(10.0, 3)},
        Tracker(3_000).name: {"page": row(12.5, 1), "post": row(10.0, 3)},
    }
    lines = "\n".join(report.tracker_lines(rows))
    assert f"xbase = ratio to {BASE.name}" in lines and BASE.entries == 60 and BASE.every > 1
    [large_page, large_post] = [line for line in lines.splitlines() if line.strip().startswith("30,000")]
    assert large_page.endswith("ok (status 200)") and "read units differ" in large_post
    assert any(line.strip().startswith("3,000  page") and "over 1.2x" in line for line in lines.splitlines())
    # Each tracker of the bench opens with a secret of its own that the tracker accepts.
    from readwell.tracker.identity import is_token

    tokens = {token_for(tracker) for tracker in (BASE, Tracker(60), Tracker(3_000), Tracker(30_000))}
    assert len(tokens) == 4 and all(is_token(token) for token in tokens)
