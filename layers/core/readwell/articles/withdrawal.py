"""Nothing disappears by accident: an article readers can find stays until its file says `status: withdrawn`.

Publishing never deletes. A published article whose file is gone would otherwise stay served, listed and
searchable while the editor believes it removed: so the publish stops, naming the file, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from readwell.articles.model import WITHDRAWN, ContentProblem, ContentSet


def missing_files(content: ContentSet, listed: Iterable[dict[str, Any]]) -> list[ContentProblem]:
    """A problem for each article `listed` as published (slug, title) that has no file in `content`."""
    present = {article.slug for article in content.articles}
    return [
        ContentProblem(
            f"{content.articles_folder}/{entry['slug']}.md",
            0,
            f"'{entry.get('title', entry['slug'])}' was published and has no file; "
            f"to withdraw it, set status: {WITHDRAWN}",
            has_line=False,
        )
        for entry in sorted(listed, key=lambda entry: str(entry["slug"]))
        if entry["slug"] not in present
    ]
