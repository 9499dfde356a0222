"""Read `content/`: Markdown files with YAML front matter, validated field by field.

Every problem is collected with its file and line so an editor sees them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from readwell.articles import markdown
from readwell.articles.glossary import Glossary, GlossaryEntry, abbreviations_in
from readwell.articles.model import (
    DEFAULT_LANGUAGE,
    PUBLISHED,
    STATUSES,
    WITHDRAWN,
    Article,
    Community,
    ContentError,
    ContentProblem,
    ContentSet,
    HelpPage,
    Reviewer,
    SeeAlso,
    Source,
)
from readwell.articles.slugs import is_valid_slug

COMMUNITY_FIELDS = {
    "title": True,
    "callout_name": True,
    "summary": True,
    "requires_source": False,
    "requires_disclaimer": False,
}
ARTICLE_FIELDS = {
    "title": True,
    "community": True,
    "summary": True,
    "published": True,
    "published_by": True,
    "revised": True,
    "revised_by": True,
    "last_reviewed": True,
    "next_review_due": True,
    "source": False,
    "disclaimer": False,
    "see_also": False,
    "plain_summary": False,
    "reviewed_by": False,
    "sources": False,
    "status": False,
    "withdrawn_reason": False,
    "change_note": False,
}
GLOSSARY_FIELDS = {
    "term": True,
    "variants": False,
    "expansion": False,
    "source": True,
}
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
# A change note is one or two sentences a reader takes in at a glance under the title.
CHANGE_NOTE_MAX_LENGTH = 300


@dataclass
class _Document:
    path: str
    metadata: dict[str, Any]
    body: str
    body_first_line: int
    key_lines: dict[str, int]


class _Problems:
    def __init__(self) -> None:
        self.items: list[ContentProblem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.items.append(ContentProblem(path, line, message))


def _key_lines(front_matter: str, first_line: int) -> dict[str, int]:
    """Map each top-level front-matter key to its 1-based line in the file."""
    node = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            lines[key.value] = first_line + key.start_mark.line
            if isinstance(value, yaml.SequenceNode):
                for position, item in enumerate(value.value, start=1):
                    lines[f"{key.value}[{position}]"] = first_line + item.start_mark.line
    return lines


def _read(path: Path, shown_path: str, problems: _Problems) -> _Document | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.add(shown_path, 1, f"not valid UTF-8 ({error.reason})")
        return None
    if "\x00" in text:
        problems.add(shown_path, 1, "contains a NUL character")
        return None
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        problems.add(shown_path, 1, "missing YAML front matter (the file must start with a line '---')")
        return None
    front_matter_line = 1
    try:
        front_matter, body = handler.split(text)
        front_matter_line = text[: text.index(front_matter)].count("\n") + 1
        # handler.load, not frontmatter.loads: loads passes fields as keyword arguments, so a field
        # named `content` or `handler` crashed it instead of being reported as an unknown field.
        metadata = handler.load(front_matter)
        key_lines = _key_lines(front_matter, front_matter_line)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = front_matter_line + mark.line if mark is not None else 1
        problems.add(shown_path, line, f"front matter is not valid YAML: {getattr(error, 'problem', error)}")
        return None
    except ValueError as error:
        problems.add(shown_path, 1, f"front matter cannot be read: {error}")
        return None
    if metadata is None:  # an empty front matter block: every required field is then reported missing
        metadata = {}
    if not isinstance(metadata, dict):
        problems.add(shown_path, 1, "front matter must be a mapping of field: value")
        return None
    # The line where the (stripped) Markdown body starts, so token line numbers map onto the file.
    content = body.strip()
    body_start = len(text) - len(body)
    if content:
        body_start = text.index(content, body_start)
    body_first_line = text[:body_start].count("\n") + 1
    return _Document(shown_path, dict(metadata), content, body_first_line, key_lines)


def _check_fields(doc: _Document, fields: dict[str, bool], problems: _Problems) -> bool:
    ok = True
    for name, required in fields.items():
        if required and name not in doc.metadata:
            problems.add(doc.path, 1, f"missing required field '{name}'")
            ok = False
    for name in doc.metadata:
        if name not in fields:
            known = ", ".join(sorted(fields))
            problems.add(doc.path, doc.key_lines.get(str(name), 1), f"unknown field '{name}' (known: {known})")
            ok = False
    return ok


def _text(doc: _Document, name: str, problems: _Problems, max_length: int = TEXT_MAX_LENGTH) -> str:
    value = doc.metadata.get(name, "")
    line = doc.key_lines.get(name, 1)
    if not isinstance(value, str) or not value.strip():
        problems.add(doc.path, line, f"'{name}' must be non-empty text")
        return ""
    if len(value) > max_length:
        problems.add(doc.path, line, f"'{name}' is longer than {max_length} characters")
    return value.strip()


def _date(doc: _Document, name: str, problems: _Problems) -> date:
    value = doc.metadata.get(name)
    # YAML reads 2010-09-16 as a date; datetime is a date subclass we do not want here.
    if isinstance(value, date) and value.__class__ is date:
        return value
    problems.add(doc.path, doc.key_lines.get(name, 1), f"'{name}' must be a date written as YYYY-MM-DD")
    return date.min


def _flag(doc: _Document, name: str, problems: _Problems) -> bool:
    value = doc.metadata.get(name, False)
    if not isinstance(value, bool):
        problems.add(doc.path, doc.key_lines.get(name, 1), f"'{name}' must be true or false")
        return False
    return value


def _status(doc: _Document, problems: _Problems) -> tuple[str, str]:
    """(status, withdrawn_reason): a withdrawn article must tell its readers why, in plain words."""
    status = doc.metadata.get("status", PUBLISHED)
    if status not in STATUSES:
        allowed = " or ".join(STATUSES)
        problems.add(doc.path, doc.key_lines.get("status", 1), f"'status' must be {allowed}, not {status!r}")
        return PUBLISHED, ""
    if status == WITHDRAWN and "withdrawn_reason" not in doc.metadata:
        problems.add(
            doc.path,
            doc.key_lines.get("status", 1),
            "a withdrawn article needs 'withdrawn_reason': plain words, shown to readers, saying why it was withdrawn",
        )
        return status, ""
    reason = _text(doc, "withdrawn_reason", problems) if "withdrawn_reason" in doc.metadata else ""
    return status, reason


def _pairs(doc: _Document, problems: _Problems, key: str, names: tuple[str, str]) -> Iterator[tuple[int, int, Any]]:
    """(line, position, entry) for each entry of a front-matter list of two-field mappings; a malformed list or
    entry is a problem on its own line, and skipped."""
    raw = doc.metadata.get(key, [])
    line = doc.key_lines.get(key, 1)
    first, second = names
    if not isinstance(raw, list):
        problems.add(doc.path, line, f"'{key}' must be a list of {{{first}, {second}}} entries")
        return
    for position, entry in enumerate(raw, start=1):
        line = doc.key_lines.get(f"{key}[{position}]", line)
        if not (isinstance(entry, dict) and set(entry) == set(names)):
            problems.add(doc.path, line, f"{key} entry {position} must have exactly '{first}' and '{second}'")
            continue
        yield line, position, entry


def _see_also(doc: _Document, problems: _Problems) -> tuple[SeeAlso, ...]:
    entries = []
    for line, position, entry in _pairs(doc, problems, "see_also", ("slug", "title")):
        slug, title = entry["slug"], entry["title"]
        if not isinstance(slug, str) or not is_valid_slug(slug):
            problems.add(doc.path, line, f"see_also entry {position} has an invalid slug {slug!r}")
            continue
        if not isinstance(title, str) or not title.strip():
            problems.add(doc.path, line, f"see_also entry {position} needs a title")
            continue
        entries.append(SeeAlso(slug=slug, title=title.strip(), line=line))
    return tuple(entries)


def _reviewer(doc: _Document, problems: _Problems) -> Reviewer | None:
    """`reviewed_by: {name, role}`: a real person who checked the article; absent until one has."""
    raw = doc.metadata.get("reviewed_by")
    if raw is None:
        return None
    line = doc.key_lines.get("reviewed_by", 1)
    if not (isinstance(raw, dict) and set(raw) == {"name", "role"}):
        problems.add(doc.path, line, "'reviewed_by' must have exactly 'name' and 'role' (for example a nurse's name)")
        return None
    name, role = raw["name"], raw["role"]
    if not all(isinstance(value, str) and value.strip() for value in (name, role)):
        problems.add(doc.path, line, "'reviewed_by' needs a non-empty 'name' and 'role'")
        return None
    if max(len(name), len(role)) > TITLE_MAX_LENGTH:
        problems.add(doc.path, line, f"'reviewed_by' name and role are each {TITLE_MAX_LENGTH} characters at most")
    return Reviewer(name=name.strip(), role=role.strip())


def _sources(doc: _Document, problems: _Problems) -> tuple[Source, ...]:
    """`sources: [{title, url}]`; whether each address is https is the lint's to judge (it has the line)."""
    found = []
    for line, position, entry in _pairs(doc, problems, "sources", ("title", "url")):
        title, url = entry["title"], entry["url"]
        if not all(isinstance(value, str) and value.strip() for value in (title, url)):
            problems.add(doc.path, line, f"sources entry {position} needs a non-empty 'title' and 'url'")
            continue
        if len(title) > TITLE_MAX_LENGTH or len(url) > TEXT_MAX_LENGTH:
            problems.add(doc.path, line, f"sources entry {position} is too long")
            continue
        found.append(Source(title=title.strip(), url=url.strip(), line=line))
    return tuple(found)


def _slug_of(doc: _Document, stem: str, problems: _Problems) -> str:
    if not is_valid_slug(stem):
        problems.add(doc.path, 1, f"file name '{stem}' is not a valid slug (lowercase letters, digits, single hyphens)")
    return stem


def _community(doc: _Document, stem: str, problems: _Problems) -> Community | None:
    before = len(problems.items)
    slug = _slug_of(doc, stem, problems)
    if not _check_fields(doc, COMMUNITY_FIELDS, problems):
        return None
    community = Community(
        slug=slug,
        title=_text(doc, "title", problems, TITLE_MAX_LENGTH),
        callout_name=_text(doc, "callout_name", problems, TITLE_MAX_LENGTH),
        summary=_text(doc, "summary", problems),
        about_html=markdown.render(doc.body),
        path=doc.path,
        requires_source=_flag(doc, "requires_source", problems),
        requires_disclaimer=_flag(doc, "requires_disclaimer", problems),
    )
    return community if len(problems.items) == before else None


def _variants(doc: _Document, problems: _Problems) -> tuple[str, ...]:
    raw = doc.metadata.get("variants", [])
    if not isinstance(raw, list) or not all(isinstance(form, str) and form.strip() for form in raw):
        problems.add(doc.path, doc.key_lines.get("variants", 1), "'variants' must be a list of words, e.g. [tumors]")
        return ()
    return tuple(form.strip() for form in raw)


def _glossary_entry(doc: _Document, stem: str, problems: _Problems) -> GlossaryEntry | None:
    before = len(problems.items)
    slug = _slug_of(doc, stem, problems)
    if not _check_fields(doc, GLOSSARY_FIELDS, problems):
        return None
    term = _text(doc, "term", problems, TITLE_MAX_LENGTH)
    expansion = _text(doc, "expansion", problems, TITLE_MAX_LENGTH) if "expansion" in doc.metadata else ""
    if term and abbreviations_in(term) == [term] and not expansion:
        problems.add(doc.path, doc.key_lines.get("term", 1), f"'{term}' is an abbreviation: add 'expansion'")
    if not doc.body.strip():
        problems.add(doc.path, doc.body_first_line, "the entry has no definition: write it in plain words below ---")
    entry = GlossaryEntry(
        slug=slug,
        term=term,
        definition_html=markdown.render(doc.body),
        source=_text(doc, "source", problems),
        path=doc.path,
        variants=_variants(doc, problems),
        expansion=expansion,
    )
    return entry if len(problems.items) == before else None


def _check_forms(entries: list[GlossaryEntry], problems: _Problems) -> None:
    """A word may belong to one entry only, or its first use could not say which entry it means."""
    owner: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for form in entry.forms:
            key = form.lower()
            if key in owner and owner[key] is not entry:
                problems.add(entry.path, 1, f"'{form}' is also a form of '{owner[key].term}' ({owner[key].path})")
            owner.setdefault(key, entry)


def _article(
    doc: _Document, stem: str, problems: _Problems, communities: set[str], glossary: Glossary
) -> Article | None:
    before = len(problems.items)
    slug = _slug_of(doc, stem, problems)
    if not _check_fields(doc, ARTICLE_FIELDS, problems):
        return None
    published = _date(doc, "published", problems)
    revised = _date(doc, "revised", problems)
    if date.min not in (published, revised) and revised < published:
        problems.add(doc.path, doc.key_lines.get("revised", 1), "'revised' is earlier than 'published'")
    last_reviewed = _date(doc, "last_reviewed", problems)
    next_review_due = _date(doc, "next_review_due", problems)
    if date.min not in (published, last_reviewed) and last_reviewed < published:
        problems.add(doc.path, doc.key_lines.get("last_reviewed", 1), "'last_reviewed' is earlier than 'published'")
    if date.min not in (last_reviewed, next_review_due) and next_review_due <= last_reviewed:
        problems.add(
            doc.path, doc.key_lines.get("next_review_due", 1), "'next_review_due' must be after 'last_reviewed'"
        )
    if not doc.body.strip():
        problems.add(doc.path, doc.body_first_line, "the article has no body text")
    community = doc.metadata.get("community")
    if isinstance(community, str) and community not in communities:
        known = ", ".join(sorted(communities)) or "none"
        problems.add(doc.path, doc.key_lines.get("community", 1), f"unknown community '{community}' (known: {known})")
    language = DEFAULT_LANGUAGE
    status, withdrawn_reason = _status(doc, problems)
    change_note = _text(doc, "change_note", problems, CHANGE_NOTE_MAX_LENGTH) if "change_note" in doc.metadata else ""
    article = Article(
        slug=slug,
        title=_text(doc, "title", problems, TITLE_MAX_LENGTH),
        community=_text(doc, "community", problems, TITLE_MAX_LENGTH),
        summary=_text(doc, "summary", problems),
        published=published,
        published_by=_text(doc, "published_by", problems, TITLE_MAX_LENGTH),
        revised=revised,
        revised_by=_text(doc, "revised_by", problems, TITLE_MAX_LENGTH),
        source=_text(doc, "source", problems) if "source" in doc.metadata else "",
        disclaimer=_text(doc, "disclaimer", problems) if "disclaimer" in doc.metadata else "",
        see_also=_see_also(doc, problems),
        body_html=markdown.render(doc.body, glossary, language),
        path=doc.path,
        plain_summary=_text(doc, "plain_summary", problems) if "plain_summary" in doc.metadata else "",
        last_reviewed=last_reviewed,
        next_review_due=next_review_due,
        next_review_line=doc.key_lines.get("next_review_due", 1),
        body_markdown=doc.body,
        body_line=doc.body_first_line,
        sections=tuple(markdown.sections(doc.body)),
        language=language,
        reviewed_by=_reviewer(doc, problems),
        sources=_sources(doc, problems),
        status=status,
        withdrawn_reason=withdrawn_reason,
        change_note=change_note,
    )
    return article if len(problems.items) == before else None


def _shown(root: Path, path: Path) -> str:
    """A path as messages name it: from the content folder's own name (content/articles/x.md)."""
    return str(path.relative_to(root.parent)) if root.parent != path else str(path)


def _load_folder(
    root: Path,
    folder: str,
    build: Callable[[_Document, str, _Problems], Any],
    problems: _Problems,
) -> list[Any]:
    loaded = []
    for path in sorted((root / folder).glob("*.md")):
        shown = _shown(root, path)
        doc = _read(path, shown, problems)
        if doc is not None:
            item = build(doc, path.stem, problems)
            if item is not None:
                loaded.append(item)
    return loaded


HELP_FILE = "help.md"
HELP_FIELDS = {"title": True, "summary": True}


def _help_page(root: Path, problems: _Problems) -> HelpPage | None:
    """content/help.md, the "Getting help" page; optional (a site may have none yet)."""
    path = root / HELP_FILE
    if not path.is_file():
        return None
    doc = _read(path, str(path.relative_to(root.parent)), problems)
    if doc is None or not _check_fields(doc, HELP_FIELDS, problems):
        return None
    before = len(problems.items)
    if not doc.body.strip():
        problems.add(doc.path, doc.body_first_line, "the help page has no text: write it below ---")
    page = HelpPage(
        title=_text(doc, "title", problems, TITLE_MAX_LENGTH),
        summary=_text(doc, "summary", problems),
        body_markdown=doc.body,
        body_html=markdown.render(doc.body),
        path=doc.path,
        body_line=doc.body_first_line,
    )
    return page if len(problems.items) == before else None


def load_content(root: Path) -> ContentSet:
    """Load and validate every community and article under `root`; raise ContentError listing all problems."""
    problems = _Problems()
    if not (root / "communities").is_dir() or not (root / "articles").is_dir():
        raise ContentError([ContentProblem(str(root), 0, "expected folders 'communities/' and 'articles/'")])
    communities: list[Community] = _load_folder(root, "communities", _community, problems)
    known = {c.slug for c in communities}
    # The glossary folder is optional: a site may have no glossary yet.
    entries: list[GlossaryEntry] = _load_folder(root, "glossary", _glossary_entry, problems)
    _check_forms(entries, problems)
    glossary = Glossary(entries)
    articles: list[Article] = _load_folder(
        root, "articles", lambda doc, stem, found: _article(doc, stem, found, known, glossary), problems
    )
    help_page = _help_page(root, problems)
    if problems.items:
        raise ContentError(problems.items)
    return ContentSet(
        communities=tuple(communities),
        articles=tuple(articles),
        glossary=tuple(entries),
        help=help_page,
        articles_folder=_shown(root, root / "articles"),
    )
