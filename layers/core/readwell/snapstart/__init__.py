"""SnapStart (template.yaml's SnapStart parameter): work done before the snapshot, and after each restore.

Before the snapshot a page function warms itself (priming.py): it answers a few of its own pages in
process, DynamoDB answered with made-up content (made_up_content.py) and nothing sent. After each restore
(hooks.py) whatever must be unique per execution environment is made again: the random state, and the
DynamoDB client with this environment's credentials. A restore has 10 s for the runtime and every hook
together, past which the environment fails to restore: the hooks make no network call.

Only an init that Lambda is snapshotting pays for any of it: this module is all an on-demand cold start
imports (PageFunction.prime asks `snapshotting()` first).
"""

from __future__ import annotations

import os

# Lambda's own setting: "snap-start" while it initialises a version it will snapshot.
INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE"
MADE_UP_ARTICLE = "priming-article"  # the slug of the article priming renders (made_up_content.py)


def snapshotting() -> bool:
    return os.environ.get(INITIALIZATION_TYPE) == "snap-start"
