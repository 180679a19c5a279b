"""What ``trainer audit`` does before its workers start, and what the parent gives them.

The folding tables come from the cache (the first audit writes them, later ones read them,
the findings the same either way); the parent's objects are hidden from the cyclic collector
only while its workers run; a worker collects cyclic garbage once per unit (not during it); a
part of a file that cannot be opened any more by the time a worker reads it is reported, not a
crash of the pool; a JSON audit does not load the HTML page's templates or the review records.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import weakref
from concurrent.futures import ProcessPoolExecutor
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


class _Node:
    pass


_CYCLES: list[weakref.ref[_Node]] = []  # (in the worker) every cycle a unit made


def _unit_with_a_cycle(unit: object) -> tuple[int, bool]:
    node = _Node()
    node.self = node  # type: ignore[attr-defined]  # freed by the collector only
    _CYCLES.append(weakref.ref(node))
    return sum(ref() is not None for ref in _CYCLES), gc.isenabled()


@pytest.mark.skipif(not audit_jobs.can_fork(), reason="no fork on this platform: one process")
def test_a_worker_collects_the_cycles_a_unit_left_before_the_next_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_jobs, "_work_unit", _unit_with_a_cycle)  # inherited by the forked worker
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=audit_jobs._worker_start) as pool:
        seen = [pool.submit(audit_jobs._work, ("file", str(n), True)).result() for n in range(4)]
    # the collector is off while a unit runs, and each unit's garbage is gone before the next one
    assert seen == [(1, False)] * 4
    assert gc.isenabled() and not audit_jobs._IN_WORKER  # this process is left as it was


def test_a_json_audit_does_without_the_html_templates_and_the_review_records() -> None:
    probe = ("import sys\nfrom trainer.cli import main\n"
             f"code = main(['audit', {str(CALLS)!r}, '--format', 'json', '--no-progress'])\n"
             "print([m for m in ('jinja2', 'trainer.report.audit_html', 'trainer.records') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr[-2000:]
    html = subprocess.run([sys.executable, "-m", "trainer", "audit", str(CALLS), "--format", "html", "--no-progress"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert html.stdout.startswith("<!DOCTYPE html>") and "</html>" in html.stdout
