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


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
