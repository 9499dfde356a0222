"""The checks run in a loaded page. Each returns a list of problems in words ([] when the page passes)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.browsing import AXE

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "wcag2aaa"]

# WCAG 1.4.12's minimums, forced on everything.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, summary, label, legend { margin-bottom: 2em !important; }
"""

CLIPPED_JS = """
() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const clipping = (value) => value !== 'visible';
  const problems = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.visually-hidden, script, style')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.display === 'inline' || style.visibility === 'hidden') continue;
    if (!el.textContent.trim()) continue;
    const overflowsX = el.scrollWidth > el.clientWidth + 1;
    const overflowsY = el.scrollHeight > el.clientHeight + 1;
    if ((clipping(style.overflowX) && overflowsX) || (clipping(style.overflowY) && overflowsY)) {
      problems.push(describe(el) + ' clips its text');
    }
    if (style.textOverflow === 'ellipsis' && overflowsX) problems.push(describe(el) + ' cuts its text short');
  }
  return problems;
}
"""

FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.dataset.focusChecked) return {repeat: true};
  el.dataset.focusChecked = 'yes';
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      ' "' + (el.textContent || el.value || '').trim().slice(0, 40) + '"',
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    width: box.width,
    height: box.height,
  };
}
"""

CONTROLS_JS = """
() => [...document.querySelectorAll('input:not([type=hidden]), button, select, textarea, summary')].map((el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
    visible: style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0,
    small: box.width < 24 || box.height < 24,
    bordered: el.tagName !== 'BUTTON' || (style.borderStyle !== 'none' && parseFloat(style.borderWidth) > 0),
    forcedColours: style.forcedColorAdjust !== 'none',
  };
})
"""


# Under forced colours axe takes the text colour from -webkit-text-fill-color, which forced colours leave
# as the author's, and the background from background-color, which they replace: every contrast it then
# reports is a pair no reader sees (dequelabs/axe-core#3978). The operating system picks those colours;
# ours are checked in every scheme without forced colours, and pair by pair in test_colour_schemes.py.
FORCED_COLOURS_OFF = {"color-contrast": {"enabled": False}, "color-contrast-enhanced": {"enabled": False}}


def with_axe(context: BrowserContext) -> BrowserContext:
    """Every page the context opens has axe from its start: read and compiled once for the context, not sent
    and parsed again for each page load (axe_violations injects it where it is missing)."""
    context.add_init_script(path=str(AXE))
    return context


AXE_RUN_JS = """async ([tags, rules]) => typeof axe === 'undefined' ? null : await axe.run(
    document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']})"""


def axe_violations(page: Page, forced_colours: bool = False) -> list[str]:
    options = [AXE_TAGS, FORCED_COLOURS_OFF if forced_colours else {}]
    result: dict[str, Any] | None = page.evaluate(AXE_RUN_JS, options)
    if result is None:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(AXE_RUN_JS, options)
    assert result is not None, "axe did not load"
    return [
        f"axe {violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']][:5]}"
        for violation in result["violations"]
    ]


WITH_SPACING_JS = f"""
(css) => {{
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  try {{ return ({CLIPPED_JS})(); }} finally {{ style.remove(); }}
}}
"""


def clipped_text_with_spacing(page: Page) -> list[str]:
    """Apply the WCAG text-spacing minimums, look for clipped text, then take them off again (one round trip)."""
    problems: list[str] = page.evaluate(WITH_SPACING_JS, TEXT_SPACING_CSS)
    return [f"text spacing: {problem}" for problem in problems]


TOO_WIDE_JS = """
(width) => [...document.querySelectorAll('body *')]
  .filter((element) => element.getBoundingClientRect().right > width + 1)
  .slice(-3)
  .map((element) => `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}`
    + (typeof element.className === 'string' && element.className ? '.' + element.className.replaceAll(' ', '.') : '')
    + ` (right edge ${Math.round(element.getBoundingClientRect().right)} px)`)
"""


def horizontal_scroll(page: Page, width: int) -> list[str]:
    scroll_width: int = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width <= width:
        return []
    culprits = ", ".join(page.evaluate(TOO_WIDE_JS, width))
    return [f"reflow: page is {scroll_width} px wide at a {width} px viewport; widest: {culprits}"]


def focused_text(page: Page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.textContent.trim()")


def summary_takes_focus(page: Page) -> bool:
    """Whether the error summary gets the focus: Chromium runs `autofocus` at a later rendering step than the
    load event, which on a busy machine comes after our first look, so wait for it (a few seconds at most)."""
    try:
        page.wait_for_function("() => document.activeElement.classList.contains('error-summary')", timeout=5000)
    except PlaywrightTimeoutError:
        return False
    return True


START_JS = """
() => {
  const first = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, summary');
  const summaryLink = document.querySelector('.error-summary a');
  return {first: first ? first.textContent.trim() : null, summary: !!document.querySelector('.error-summary'),
          summaryLink: summaryLink ? summaryLink.textContent.trim() : ''};
}
"""


def keyboard_start(page: Page) -> list[str]:
    """Where the keyboard starts on a freshly loaded page.

    The skip link is always the first focusable element in the DOM. On a page with an error summary
    the summary is focused on load (so it is read out first) and the first Tab reaches its first
    link; on every other page the first Tab reaches the skip link.
    """
    problems = []
    start = page.evaluate(START_JS)  # one look at the page, not one per question: each costs a round trip
    if start["first"] != "Skip to main content":
        problems.append(f"keyboard: the first focusable element is {start['first']!r}, not the skip link")
    if start["summary"]:
        if not summary_takes_focus(page):
            problems.append(f"keyboard: the error summary is not focused on load ({focused_text(page)!r} is)")
        page.keyboard.press("Tab")
        focused = focused_text(page)
        if focused != start["summaryLink"]:
            problems.append(f"keyboard: first Tab reached {focused!r}, not the error summary's first link")
        return problems
    page.keyboard.press("Tab")
    focused = focused_text(page)
    if focused != "Skip to main content":
        problems.append(f"keyboard: first Tab reached {focused!r}, not the skip link")
    return problems


SKIP_LINK_JS = "() => document.querySelector('.skip-link').focus()"


def skip_link_reaches_main(page: Page) -> list[str]:
    """The skip link, activated with Enter, moves the focus to the main content (from wherever focus is: on a page
    with an error summary, the summary holds it)."""
    page.evaluate(SKIP_LINK_JS)
    page.keyboard.press("Enter")
    focused = page.evaluate("() => document.activeElement.id")
    return [] if focused == "main-content" else [f"keyboard: the skip link moved focus to {focused!r}, not main"]


OPEN_SETTINGS_JS = """
() => {
  const summary = document.querySelector('details.display-settings__more > summary');
  summary.focus();
  summary.click();
  return summary.parentElement.open;
}
"""


def open_display_settings(page: Page) -> None:
    """Open "More display settings" as a click would (focus, then the click's toggle), in one round trip: the
    keyboard and pointer paths to it are tested on their own (test_preferences_form.py)."""
    assert page.evaluate(OPEN_SETTINGS_JS), "the display settings did not open"


def focus_visible_everywhere(page: Page, limit: int = 200) -> list[str]:
    """Tab through every focusable element from the top; each must show an outline of at least 2 px."""
    problems: list[str] = []
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    reached = 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_JS)
        if focused is None or focused.get("repeat"):
            break
        reached += 1
        if focused["outlineStyle"] == "none" or focused["outlineWidth"] < 2:
            problems.append(f"focus: {focused['name']} has no visible outline")
        if focused["width"] == 0 or focused["height"] == 0:
            problems.append(f"focus: {focused['name']} is focusable but not visible")
    if not reached:
        problems.append("focus: nothing on the page can be reached with Tab")
    return problems


def controls_visible(page: Page) -> list[str]:
    problems = []
    for control in page.evaluate(CONTROLS_JS):
        if not control["visible"]:
            problems.append(f"controls: {control['name']} is not visible")
        if not control["bordered"]:
            problems.append(f"controls: {control['name']} has no border")
        if not control["forcedColours"]:
            problems.append(f"controls: {control['name']} opts out of forced colours")
    return problems
