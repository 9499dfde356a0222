"""Every page in every display variant (tests/browser/variants.py), in Chromium: axe (AA + AAA), the Nu
checker, reflow at 320 px, text spacing and the keyboard; focus visibility tabbing through the whole page
at the limits and under forced colours. One test per page; all its problems reported at once; the
pairwise coverage table printed at the end."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from readwell.preferences import COOKIE
from tests.browser import checks
from tests.browser.browsing import NARROW, NU_CHECKER, WIDE, as_a_new_reader, new_context
from tests.browser.pages import PAGES, SitePage
from tests.browser.variants import AT_THE_LIMITS, FORCED_COLOURS, VARIANTS, Variant, coverage_table
from tests.support import run_records

pytestmark = [pytest.mark.browser, pytest.mark.long]

TAB_THROUGH = {v.name for v in [*AT_THE_LIMITS, *FORCED_COLOURS]}
# Under the run's records (tests/support/run_records.py), whichever process checked the page: every page in every
# variant as served (not as the browser re-serialises it), for one Nu checker run; and per page, the variants it
# was checked in and those it failed in, for the coverage table.
SERVED = "served"
PAGE_RECORDS = "variants"
# Per page, as first served: its path, title and number of h1 elements (test_structure.py reads them all).
STRUCTURE_RECORDS = "structure"
STRUCTURE_JS = "() => ({title: document.title, h1: document.querySelectorAll('h1').length})"
PAGE_TEST = f"{Path(__file__).relative_to(Path(__file__).parents[2])}::test_page_in_every_variant"


def contexts(browser: Browser, base_url: str, site_page: SitePage) -> Iterator[tuple[Variant, Page, bool]]:
    """(variant, page, whether to set up): one context for a page that opens the same way again; for a form
    answer, the context as a new reader's before each variant (a second "start tracker" would find a tracker
    already started)."""
    context = checks.with_axe(new_context(browser, base_url))
    try:
        page = context.new_page()
        for number, variant in enumerate(VARIANTS):
            fresh = number == 0 or not site_page.repeatable
            if fresh and number:
                as_a_new_reader(context, page)
            context.add_cookies([{"name": COOKIE, "value": variant.preferences.cookie_value(), "url": base_url}])
            page.set_viewport_size(WIDE)
            page.emulate_media(forced_colors="active" if variant.forced_colours else "none")
            yield variant, page, fresh
    finally:
        context.close()


def check(page: Page, variant: Variant) -> list[str]:
    rendered = page.evaluate("() => ({...document.documentElement.dataset})")
    wanted = variant.preferences.attributes()
    problems = [] if _same(rendered, wanted) else [f"the server rendered {rendered}, not {wanted}"]
    problems += checks.keyboard_start(page)
    problems += checks.skip_link_reaches_main(page)
    checks.open_display_settings(page)  # so the form's controls are checked too
    problems += checks.axe_violations(page, variant.forced_colours)
    problems += checks.clipped_text_with_spacing(page)
    page.set_viewport_size(NARROW)
    problems += checks.horizontal_scroll(page, NARROW["width"])
    if variant.forced_colours:
        problems += checks.controls_visible(page)
    if variant.name in TAB_THROUGH:
        problems += checks.focus_visible_everywhere(page)
    return problems


def _same(rendered: dict[str, str], wanted: dict[str, str]) -> bool:
    """dataset names are camelCase (textSize) where the attributes are dashed (text-size)."""
    camel = {"".join(p.capitalize() if i else p for i, p in enumerate(k.split("-"))): v for k, v in wanted.items()}
    return rendered == camel


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.name)
def test_page_in_every_variant(
    browser: Browser, base_url: str, site_page: SitePage, pytestconfig: pytest.Config
) -> None:
    served = run_records.directory(pytestconfig) / SERVED
    served.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    checked: list[str] = []
    for variant, page, set_up in contexts(browser, base_url, site_page):
        response = site_page.open(page, base_url, set_up=set_up)
        assert response is not None, f"{site_page.name} in {variant.name}: no response"
        (served / f"{site_page.name}--{variant.name}.html").write_bytes(response.body())
        if not checked:
            structure = {"path": site_page.path, **page.evaluate(STRUCTURE_JS)}
            run_records.write_json(pytestconfig, f"{STRUCTURE_RECORDS}/{site_page.name}.json", structure)
        problems = check(page, variant)
        checked.append(variant.name)
        if problems:
            found[variant.name] = problems
    run_records.write_json(
        pytestconfig, f"{PAGE_RECORDS}/{site_page.name}.json", {"checked": checked, "failed_in": sorted(found)}
    )
    assert found == {}, "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in found.items())


@pytest.mark.after_everything
def test_every_page_in_every_variant_is_valid_html_and_the_coverage_table(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Nu checker over every file served above (by whichever process), in one run; then the pairwise coverage
    table. Fails when a page's records are missing."""
    records = run_records.Records(request.config)
    pages = records.of_tests(request.session, PAGE_TEST, PAGE_RECORDS, [p.name for p in PAGES])
    failed_in: dict[str, list[str]] = {}
    for name, record in pages.items():
        assert record["checked"] == [v.name for v in VARIANTS], f"{name} was not checked in every variant"
        for variant in record["failed_in"]:
            failed_in.setdefault(variant, []).append(name)
    expected = {f"{p.name}--{v.name}.html" for p in PAGES for v in VARIANTS}
    found_files = {path.name: path for path in (records.folder / SERVED).glob("*.html")}
    assert expected <= set(found_files), f"not served: {sorted(expected - set(found_files))[:5]}"
    files = sorted(str(found_files[name]) for name in expected)
    result = subprocess.run(
        [*NU_CHECKER, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    for message in messages:
        failed_in.setdefault(Path(message.get("url", "")).stem.split("--")[-1], []).append("Nu")
    with capsys.disabled():
        print("\n" + coverage_table(failed_in) + f"\n\n{len(files)} page loads checked; Nu: {len(problems)} errors\n")
    assert problems == [], "\n".join(problems)
    assert result.returncode == 0, result.stderr
