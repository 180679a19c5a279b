"""The benchmarks behind the README's figures stay runnable (their numbers are not tested:
they depend on the machine)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import generate

ROOT = Path(__file__).resolve().parents[1].parent


def test_corpus_generator_is_deterministic(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert generate(first, 0.05, seed=7) == generate(second, 0.05, seed=7) > 0
    generate(other, 0.05, seed=8)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()


def test_audit_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "benchmarks.bench_audit", "--mb", "0.2", "--naive-mb", "0.05",
                          "--repeat", "2", "--corpus", str(tmp_path / "corpus.jsonl")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "pipeline (audit_many)" in out and "pipeline (audit, call by call)" in out
    assert "naive re.search loop" in out and "x faster" in out
    # the batched and the call-by-call pipelines find the same findings
    batched = out.split("pipeline (audit_many): ")[1].split(" findings")[0].split(", ")[-1]
    single = out.split("pipeline (audit, call by call): ")[1].split(" findings")[0].split(", ")[-1]
    assert batched == single and int(batched) > 0
