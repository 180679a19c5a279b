"""Pausing the cyclic garbage collector while building large, long-lived structures.

Loading a big script creates hundreds of thousands of small objects that are
all kept.  Each allocation burst triggers collections that re-walk everything
built so far, which makes loading grow faster than linearly (measured in
``benchmarks/bench_scripts.py``: 5,000 stages load 3–5× faster with the pause).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# ``long_run_gc``'s young generation: a collection every 7,000 net container allocations instead
# of CPython's 700 (a dense 5 MB audit: 17 collections instead of 190).  What a collection
# would free waits at most that many more allocations (well under a megabyte).
LONG_RUN_YOUNG = 7000


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block.  ``freeze``: when the block ends normally, what it
    built (and everything else alive) is moved out of the collector's sight (``gc.freeze``) before
    the collector is back on; otherwise the first collection after the block walks all of it, and
    later ones again.  Not after an error: nothing would hand the objects back to the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def long_run_gc(young: int = LONG_RUN_YOUNG) -> Iterator[None]:
    """A long run after start-up (``trainer audit`` over an archive): the collector sees only
    what the run makes, and collects the young generation every ``young`` net allocations.

    Everything alive on entry (the rule pack, the model, the imported modules: tens of thousands
    of objects that live as long as the run) is frozen, so no full collection walks it again; the
    run's own objects are mostly dicts and lists freed by reference counting as each call is
    written, so rarer young collections only delay the few cycles by a bounded number of
    allocations.  On exit the thresholds are restored and the frozen objects handed back."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
