"""Content first on a phone: at 375 x 740, at every text size and in every scheme, the article's title starts
within the first screen, the search field is wide enough to read, nothing scrolls sideways at 320 px, the menu
works from the keyboard with JavaScript off, and a heading's word that must break breaks at a hyphen."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser, Page

from readwell.preferences import SCHEME, TEXT_SIZE, Preferences
from readwell.preferences.scales import text_scales
from tests.browser.browsing import NARROW, PHONE, new_context
from tests.browser.pages import ARTICLE

# The measurements and their table (which reads MEASURED) run on one process, one after the other.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("phone")]

# Where the article's <h1> may start, in CSS px from the top of the page: the budgets are 300 px
# at the standard size and one screen at the largest; the steps between grow in line with the text.
_SCALES = text_scales()
_LOW, _HIGH = min(_SCALES.values()), max(_SCALES.values())
H1_BUDGET = {
    size: round(300 + (PHONE["height"] - 300) * (percent - _LOW) / (_HIGH - _LOW)) for size, percent in _SCALES.items()
}
MIN_SEARCH_CHARACTERS = 10
MEASURED: dict[tuple[str, str], int] = {}

SEARCH_WIDTH_IN_CHARACTERS_JS = """
(input) => {
  const probe = document.createElement('span');
  probe.style.font = getComputedStyle(input).font;
  probe.style.position = 'absolute';
  probe.textContent = '0';
  document.body.append(probe);
  const character = probe.getBoundingClientRect().width;
  probe.remove();
  const style = getComputedStyle(input);
  const text = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return text / character;
}
"""


def h1_top(page: Page) -> int:
    return round(page.evaluate("() => document.querySelector('h1').getBoundingClientRect().top + window.scrollY"))


@pytest.mark.parametrize(
    ("size", "scheme"), list(itertools.product(TEXT_SIZE.options, SCHEME.options)), ids=lambda value: str(value)
)
def test_the_article_starts_within_the_first_screen_on_a_phone(
    browser: Browser, base_url: str, size: str, scheme: str
) -> None:
    context = new_context(browser, base_url, Preferences(text_size=size, scheme=scheme), viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        top = MEASURED[size, scheme] = h1_top(page)
        problems = [] if top < H1_BUDGET[size] else [f"<h1> starts {top} px down; the budget is {H1_BUDGET[size]}"]
        page.locator(".site-menu > summary").click()
        characters = page.locator("#site-search-q").evaluate(SEARCH_WIDTH_IN_CHARACTERS_JS)
        if characters < MIN_SEARCH_CHARACTERS:
            problems.append(f"the search field shows {characters:.1f} characters, under {MIN_SEARCH_CHARACTERS}")
        page.set_viewport_size(NARROW)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            problems.append(f"the page is {width} px wide at {NARROW['width']} px, menu open")
    finally:
        context.close()
    assert problems == []


def test_print_the_h1_offsets() -> None:
    """Every size and scheme in one table (runs after the measurements above)."""
    if not MEASURED:
        pytest.skip("run with the measurements")
    schemes = list(SCHEME.options)
    print(f"\n<h1> top on a {PHONE['width']} x {PHONE['height']} phone, px (budget)")
    print(f"{'text size':<10}" + "".join(f"{scheme:>11}" for scheme in schemes))
    for size in TEXT_SIZE.options:
        cells = "".join(f"{MEASURED.get((size, scheme), -1):>11}" for scheme in schemes)
        print(f"{size:<10}{cells}   ({H1_BUDGET[size]})")
    assert all(top < H1_BUDGET[size] for (size, _), top in MEASURED.items())


@pytest.mark.parametrize("size", ["standard", "largest"])
def test_the_menu_opens_from_the_keyboard_with_javascript_off(browser: Browser, base_url: str, size: str) -> None:
    context = new_context(
        browser, base_url, Preferences(text_size=size), viewport=PHONE, java_script_enabled=False, bypass_csp=False
    )
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        nav_link = page.get_by_role("link", name="Weight tracker", exact=True)
        assert not nav_link.is_visible()  # tucked away: the content comes first
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.matches('.site-menu > summary')"):
                break
        else:
            pytest.fail("Tab never reached the menu button")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") in (None, "false")
        page.keyboard.press("Enter")
        assert nav_link.is_visible() and page.locator("#site-search-q").is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "All communities"
    finally:
        context.close()


def test_wide_screens_keep_navigation_and_search_in_view(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        assert page.get_by_role("link", name="Weight tracker", exact=True).is_visible()
        assert page.locator("#site-search-q").is_visible()
        assert not page.locator(".site-menu > summary").is_visible()
        assert page.locator(".breadcrumbs ol").is_visible() and not page.locator(".breadcrumbs__back").is_visible()
    finally:
        context.close()


def test_breadcrumbs_become_one_back_link_on_a_phone(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        back = page.locator(".breadcrumbs__back a")
        assert back.is_visible() and back.inner_text() == "Back to Breast Cancer: Stage 3 & 4"
        assert not page.locator(".breadcrumbs ol").is_visible()
    finally:
        context.close()


FIRST_LINE_JS = """
(item) => {
  // A zero-width mark at the start of the item sits on its first line, as the list number does.
  const mark = document.createElement('span');
  mark.textContent = '\\u200b';
  item.prepend(mark);
  const link = item.querySelector('a');
  const offset = link.getClientRects()[0].top - mark.getBoundingClientRect().top;
  const line = parseFloat(getComputedStyle(link).lineHeight);
  const lines = Math.round(link.getBoundingClientRect().height / line);
  mark.remove();
  return [offset, lines, line];
}
"""


def test_each_contents_number_sits_beside_the_first_line_of_its_item(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url, Preferences(text_size="largest"), viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        measured = [item.evaluate(FIRST_LINE_JS) for item in page.locator(".contents-list li").all()]
    finally:
        context.close()
    assert any(lines > 1 for _, lines, _ in measured), "no item wraps here: the test would prove nothing"
    assert all(abs(offset) < line / 2 for offset, _, line in measured), measured  # [offset, lines, line height]


# Each word of each heading, split where its visible letters fall on different lines. Soft hyphens (U+00AD) are
# break points, not letters: a split whose gap holds one is a hyphenated break, any other split is a word torn
# apart (as `overflow-wrap: anywhere` does to a word wider than the line). A letter's own box is the last of its
# range's boxes: the first letter after a hyphenated break also reports the hyphen drawn at the line above.
HEADING_WORD_BREAKS_JS = """
() => {
  const SOFT_HYPHEN = '\\u00ad';
  const box = (node, offset) => {
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    const boxes = range.getClientRects();
    return boxes.length ? boxes[boxes.length - 1] : null;
  };
  const found = [];
  for (const heading of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    const characters = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let offset = 0; offset < node.data.length; offset++) characters.push([node, offset, node.data[offset]]);
    }
    let word = [];
    const finish = () => {
      let previous = null, gap = '';
      const breaks = [];
      for (const [node, offset, character] of word) {
        if (character === SOFT_HYPHEN) { gap += character; continue; }
        const here = box(node, offset);
        if (!here) continue;
        const middle = here.top + here.height / 2;
        if (previous && Math.abs(middle - previous) > here.height / 2) {
          breaks.push(gap.includes(SOFT_HYPHEN) ? 'hyphen' : 'torn');
        }
        previous = middle;
        gap = '';
      }
      const text = word.map(([, , character]) => character).join('').replaceAll(SOFT_HYPHEN, '');
      if (text) found.push({heading: heading.tagName.toLowerCase(), word: text, breaks});
      word = [];
    };
    for (const entry of characters) {
      if (/\\s/.test(entry[2])) finish(); else word.push(entry);
    }
    finish();
  }
  return found;
}
"""


@pytest.mark.parametrize("width", [NARROW["width"], PHONE["width"]])
@pytest.mark.parametrize("size", TEXT_SIZE.options)
def test_heading_words_break_only_at_a_hyphen(browser: Browser, base_url: str, size: str, width: int) -> None:
    """Chromium on Linux has no hyphenation dictionary, so `hyphens: auto` does nothing there: a heading's long
    word wider than the line was torn anywhere ("Metastati / c"). Publishing puts soft hyphens in such words."""
    context = new_context(browser, base_url, Preferences(text_size=size), viewport={**PHONE, "width": width})
    try:
        page = context.new_page()
        page.goto(ARTICLE)
        words = page.evaluate(HEADING_WORD_BREAKS_JS)
    finally:
        context.close()
    assert {word["heading"] for word in words} >= {"h1", "h2"}, "no heading words found: the test would prove nothing"
    torn = [f"{word['heading']}: {word['word']}" for word in words if "torn" in word["breaks"]]
    assert torn == [], f"heading words split across lines without a hyphen at {width} px, text size {size}"
    if (size, width) == (list(TEXT_SIZE.options)[-1], NARROW["width"]):
        hyphenated = [word["word"] for word in words if "hyphen" in word["breaks"]]
        assert hyphenated, "no heading word breaks here even at the largest text: the test would prove nothing"
