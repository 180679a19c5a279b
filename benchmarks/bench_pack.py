"""Loading the rule pack in a new process: from the start-up cache against compiling it afresh.

    python -m benchmarks.bench_pack [--runs 9]

Each run is a fresh ``python`` process that imports the compliance package (not timed), then
times ``load_pack()``: wall and CPU milliseconds.  Three ways, taking turns:

* **cached** — with a private ``TRAINER_CACHE_DIR`` filled by a warm-up run (every process after
  the first on a user's machine);
* **afresh** — ``TRAINER_CACHE_DIR=off``: read and check the YAML, fold and expand everything
  (the baseline: what every process did before the cache);
* **json only** — ``json.loads`` of the cache entry's bytes and nothing else (the floor of any
  JSON cache of these tables).

Medians over ``--runs`` runs; the ratios compare the medians of the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMED = """
import json, sys, time
import trainer.compliance
from trainer.compliance import load_pack
wall, cpu = time.perf_counter(), time.process_time()
if sys.argv[1] == "json":
    json.loads(open(sys.argv[2], "rb").read())
else:
    load_pack()
print((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
"""


def _run(cache: str, how: str = "load", entry: str = "") -> tuple[float, float]:
    env = {**os.environ, "TRAINER_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", TIMED, how, entry], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-pack-cache-")
    try:
        _run(folder)  # warm-up: fills the cache, bytecode, page cache
        entries = sorted(Path(folder).glob("rulepack-*.json"))
        if not entries:
            raise SystemExit("no rulepack-*.json written: is the cache directory writable?")
        results: dict[str, list[tuple[float, float]]] = {"cached": [], "afresh": [], "json only": []}
        for _ in range(args.runs):
            results["cached"].append(_run(folder))
            results["afresh"].append(_run("off"))
            results["json only"].append(_run(folder, "json", str(entries[0])))
        print(f"load_pack() in a new process, medians of {args.runs} runs "
              f"(entry {entries[0].stat().st_size / 1e6:.1f} MB)")
        print(f"{'how':<12}{'wall ms':>10}{'CPU ms':>10}")
        med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in results.items()}
        for how, (wall, cpu) in med.items():
            print(f"{how:<12}{wall:>10.1f}{cpu:>10.1f}")
        print(f"cached / afresh: {med['cached'][1] / med['afresh'][1]:.2f} × the CPU time "
              f"({med['afresh'][1] / med['cached'][1]:.1f} × faster); "
              f"cached / json only: {med['cached'][1] / med['json only'][1]:.1f} ×")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
