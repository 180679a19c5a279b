"""The audit's collector settings: start-up frozen only when it succeeded, the thresholds and the
frozen objects handed back after the run."""

from __future__ import annotations

import gc

import pytest

from trainer.base.gcutil import long_run_gc, paused_gc


def test_paused_gc_freezes_only_a_block_that_ended_normally() -> None:
    gc.unfreeze()
    with pytest.raises(ValueError), paused_gc(freeze=True):
        raise ValueError("a broken --rules file")
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    try:
        with paused_gc(freeze=True):
            kept = [{} for _ in range(10)]
        assert gc.get_freeze_count() > 0 and gc.isenabled() and kept
    finally:
        gc.unfreeze()


def test_long_run_gc_restores_the_thresholds_and_unfreezes() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), long_run_gc(5000):
        assert gc.get_threshold()[0] == 5000 and gc.get_freeze_count() > 0
        raise RuntimeError
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
