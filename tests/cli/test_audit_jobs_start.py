"""What ``trainer audit`` does before its workers start, and what the parent gives them.

The folding tables come from the cache (the first audit writes them, later ones read them,
the findings the same either way); the parent's objects are hidden from the cyclic collector
only while its workers run; a part of a file that cannot be opened any more by the time a
worker reads it is reported, not a crash of the pool.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import DENSE_RATE, generate
from trainer.cli import audit_jobs, main

ROOT = Path(__file__).resolve().parents[2]
CALLS = ROOT / "tests" / "data" / "compliance"


def _audit(cache_dir: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trainer", "audit", str(CALLS), "--format", "json", "--no-progress"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "TRAINER_CACHE_DIR": cache_dir})


def test_an_audit_keeps_the_folding_tables_and_finds_the_same_with_them(tmp_path: Path) -> None:
    runs = [_audit("off"), _audit(str(tmp_path)), _audit(str(tmp_path))]
    assert (tmp_path / "fold-tables.json").is_file()  # written by the first audit, read by the second
    assert runs[0].returncode in (0, 1) and '"rule"' in runs[0].stdout
    assert [(r.returncode, r.stdout, r.stderr) for r in runs[1:]] == [(runs[0].returncode, runs[0].stdout,
                                                                       runs[0].stderr)] * 2


@pytest.mark.skipif(not audit_jobs.can_fork(), reason="no fork on this platform: one process")
def test_the_parents_objects_go_back_to_the_collector_after_the_workers(tmp_path: Path, capsys,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_jobs, "CHUNK_BYTES", 64 << 10)
    monkeypatch.setattr(audit_jobs, "PARALLEL_MIN_BYTES", 1)
    calls = tmp_path / "calls.jsonl"
    generate(calls, 0.3, seed=2, rate=DENSE_RATE)
    outputs = []
    for jobs in ("2", "1"):
        outputs.append((main(["audit", str(calls), "--format", "json", "--no-progress", "--jobs", jobs]),
                        capsys.readouterr()))
        assert gc.get_freeze_count() == 0
    assert outputs[0] == outputs[1] and outputs[0][0] == 1


def test_a_part_of_a_file_gone_before_its_worker_reads_it_is_a_problem_named_by_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_jobs, "_OUTPUT", None)  # the parent writes (no worker rendering)
    gone = tmp_path / "通话.jsonl"
    entries, empty, share = audit_jobs._work(("chunk", str(gone), "utf-8", 0, 100, 0, True))
    assert [kind for kind, _text in entries] == ["problem"] and "通话.jsonl" in entries[0][1]
    assert empty is None and share is None
