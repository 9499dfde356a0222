"""Property tests (Hypothesis) for every parser: slugs, front matter, the preference cookie, the guard."""

from __future__ import annotations

import base64
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readwell import preferences
from readwell.articles import view_models
from readwell.articles.content import ARTICLE_FIELDS, load_content
from readwell.articles.model import ContentError
from readwell.articles.slugs import SLUG_PATTERN, is_valid_slug
from readwell.web.request_guard import MAX_FORM_FIELDS, inspect

FEW = settings(max_examples=60, deadline=None)
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+: .+", re.DOTALL)
anything = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
slugs = st.from_regex(SLUG_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 100)


class NoContent:
    """An empty content store: the page lookups' only collaborator."""

    def get_article(self, slug: str) -> dict[str, Any] | None:
        return None

    def get_community(self, slug: str) -> dict[str, Any] | None:
        return None

    def list_communities(self) -> list[dict[str, Any]]:
        return []

    def list_articles(self, community_slug: str) -> list[dict[str, Any]]:
        return []


# Slugs


@FEW
@given(anything)
def test_slug_check_and_page_lookups_never_raise(value: str) -> None:
    assert isinstance(is_valid_slug(value), bool)
    assert view_models.article(NoContent(), value) is None
    assert view_models.community(NoContent(), value) is None


@FEW
@given(slugs)
def test_every_slug_the_pattern_describes_is_valid_and_url_safe(slug: str) -> None:
    assert is_valid_slug(slug)
    assert re.fullmatch(r"[a-z0-9-]+", slug) and "--" not in slug and not slug.startswith("-")


# Content front matter

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), anything, st.dates(), st.datetimes()
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(anything, inner, max_size=3))
field_names = st.sampled_from([*ARTICLE_FIELDS, "colour", "slug", "content", "handler"]) | st.text(max_size=10)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(field_names, values, max_size=12), anything, st.booleans())
@example({"content": None}, "", False)  # once crashed python-frontmatter's loads()
@example({"handler": "x", "title": "T"}, "Body", False)
@example({}, "", False)
def test_front_matter_either_loads_or_is_reported_as_path_line_problems(
    metadata: dict[str, Any], body: str, raw_yaml: bool
) -> None:
    front = yaml.safe_dump(metadata, allow_unicode=True) if not raw_yaml else body
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "communities").mkdir()
        (root / "articles").mkdir()
        (root / "communities" / "test.md").write_text(
            "---\ntitle: T\ncallout_name: C\nsummary: S\n---\nAbout\n", encoding="utf-8"
        )
        (root / "articles" / "generated.md").write_text(
            f"---\n{front}---\n{body}\n", encoding="utf-8", errors="replace"
        )
        try:
            load_content(root)
        except ContentError as error:
            assert error.problems
            for problem in error.problems:
                assert PROBLEM_LINE.match(str(problem)), str(problem)
                assert problem.line >= 1


# The display preference cookie (its contract: never raises, always allowlisted values)

cookie_values = st.one_of(
    anything,
    st.builds(lambda v: f"{preferences.COOKIE}={v}", anything),
    st.builds(
        lambda *parts: f"{preferences.COOKIE}=" + ".".join(parts),
        *(st.sampled_from(list(setting.options)) | anything for setting in preferences.SETTINGS),
    ),
)


@FEW
@given(st.none() | st.lists(cookie_values, max_size=5))
def test_preference_cookie_never_raises_and_only_yields_allowlisted_values(cookies: list[str] | None) -> None:
    chosen = preferences.from_cookies(cookies, over_https=False)
    for setting in preferences.SETTINGS:
        assert getattr(chosen, setting.field) in setting.options


# The request guard

raw_strings = st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape"))


def _event(
    method: str, path: str, query: str, headers: dict[str, str], cookies: list[str], body: str, b64: bool
) -> Any:
    event: dict[str, Any] = {
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {"http": {"method": method}},
        "isBase64Encoded": b64,
        "body": body,
    }
    if cookies:
        event["cookies"] = cookies
    return event


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"]),
    raw_strings.map(lambda p: "/" + p),
    raw_strings,
    st.dictionaries(st.sampled_from(["content-type", "x-forwarded-proto", "x-any"]) | st.text(max_size=5), raw_strings),
    st.lists(raw_strings, max_size=3),
    raw_strings,
    st.booleans(),
)
def test_the_guard_never_raises_and_answers_only_with_its_own_statuses(
    method: str, path: str, query: str, headers: dict[str, str], cookies: list[str], body: str, b64: bool
) -> None:
    refusal = inspect(_event(method, path, query, headers, cookies, body, b64))
    assert refusal is None or refusal.status in (400, 413, 414, 415, 431)


form_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
@example("line one\r\nline two\tend")
@example("\x7f")
@example("\x00")
def test_a_form_value_is_refused_exactly_when_it_holds_a_control_character_nobody_types(value: str) -> None:
    typed = "\t\r\n"
    hostile = any((ord(c) < 0x20 or ord(c) == 0x7F) and c not in typed for c in value)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    refusal = inspect(_event("POST", "/preferences", "", headers, [], urlencode({"note": value}), False))
    assert (refusal is not None) == hostile


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(form_text.filter(bool), form_text, max_size=MAX_FORM_FIELDS), st.booleans())
def test_the_guard_accepts_every_well_formed_form_a_browser_could_send(fields: dict[str, str], as_base64: bool) -> None:
    """No false alarms: unique names, UTF-8 text, URL-encoded as browsers do, is always let through."""
    body = urlencode(fields)
    if as_base64:
        body = base64.b64encode(body.encode()).decode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    query = urlencode(dict(list(fields.items())[:1]))  # one field: a web address stays within its limit
    assert inspect(_event("POST", "/preferences", query, headers, [], body, as_base64)) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["GET", "POST", "PUT"]),
    raw_strings.map(lambda p: "/" + p),
    raw_strings,
    st.lists(raw_strings, max_size=2),
    raw_strings,
)
def test_the_site_never_answers_5xx_whatever_the_request(
    published: Any, aws: Any, method: str, path: str, query: str, cookies: list[str], body: str
) -> None:
    gateway = _gateway(aws)
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    if cookies:
        headers.append(("Cookie", "; ".join(cookies)))
    target = path.replace("?", "%3F").replace("#", "%23") + ("?" + query.replace("#", "%23") if query else "")
    status, _, payload = gateway(method, target, headers, body.encode("utf-8", "surrogateescape"))
    assert status < 500, (status, target)
    assert b"Traceback" not in payload


_GATEWAYS: dict[int, Any] = {}


def _gateway(account: Any) -> Any:
    """One gateway per moto account (building one imports the functions again)."""
    from local.serve.server import Gateway

    key = id(account)
    if key not in _GATEWAYS:
        _GATEWAYS.clear()
        _GATEWAYS[key] = Gateway(account)
    return _GATEWAYS[key]
