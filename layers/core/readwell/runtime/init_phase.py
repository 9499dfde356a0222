"""A function's init phase: the garbage collector paused while the handler module loads.

Loading a handler allocates a few hundred thousand objects (modules, classes, botocore's models)
and frees almost none, so every collection the interpreter runs meanwhile is wasted cold-start
time (`make bench` measures it). Those objects then live as long as the process, so `end` moves
them out of the collector's sight (gc.freeze) before collection resumes for what requests allocate.
"""

from __future__ import annotations

import gc


def begin() -> None:
    """Call first in a handler module, before its imports."""
    gc.disable()


def end() -> None:
    """Call last in a handler module, once everything it loads at init is loaded."""
    gc.freeze()
    gc.enable()
