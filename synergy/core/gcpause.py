"""Pause Python's cyclic garbage collector while a stage builds many small objects.

Reading 200,000 actors makes millions of lists, dicts and tuples that all stay alive. Each
time the number of live objects grows by a quarter, the collector walks all of them looking
for reference cycles that are not there: at EU scale that was a quarter of the scan's CPU
time. Reference counting still frees everything that is not in a cycle; the cycles made
meanwhile are collected once the collector runs again after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after.

    Nests: an inner pause inside an outer one leaves the collector off until the outer
    block ends.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
