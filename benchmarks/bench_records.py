"""Benchmark: the records commands at scale against bare sqlite3 computing the same output.

Builds a records file of ``--calls`` calls (default 100,000; 12 turns each) with
``benchmarks/records_db.py``, then runs each command as its own process, and a bare-sqlite3
equivalent in its own process, and prints the CPU time (user + system: the machine may be busy,
so wall time is printed too but the ratios use CPU time), the wall time and the peak RSS of each,
and the ratios.  The baselines (stdlib Python, output to /dev/null):

* history  — one SELECT of the shown columns (with the distinct violations per call), newest
  first, each row formatted with ``str.ljust`` and written;
* report   — ``benchmarks/bare_report.py``: the same figures the report computes (per trainee
  and day, trainee × scenario with latest attempts, trend halves, calls to look at first,
  violations, misses), from the base tables ``calls``/``findings``/``misses`` in one pass that
  builds a per-call table, then GROUP BYs and windows, printed with ``print`` (no layout, no
  scenarios); ``report (stored summary)`` is the same script reading the stored ``call_summary``
  rows instead — exactly the reads ``trainer report`` makes, i.e. its floor;
* csv      — one row per call with its violations per category, through the csv module;
* export   — ``benchmarks/bare_export.py``: byte for byte the lines ``trainer export --all``
  writes (meta.record built from the columns, stored turns spliced as is, escapes).

    python -m benchmarks.bench_records [--calls 100000] [--turns 12] [--db FILE] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.records_db import build

BARE = {
    "history": """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); out = sys.stdout
for r in db.execute('''SELECT c.id, c.recorded_at, t.name, c.mode, c.scenario_id, c.outcome, c.score, c.passed,
        (SELECT COUNT(*) FROM (SELECT DISTINCT turn, rule FROM findings f WHERE f.call_id = c.id))
        FROM calls c JOIN trainees t ON t.id = c.trainee_id ORDER BY c.recorded_ts DESC, c.id DESC'''):
    out.write("  ".join(str(v).ljust(8) for v in r) + "\\n")
""",
    "csv": """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); w = csv.writer(sys.stdout)
w.writerows(db.execute('''SELECT c.id, c.uid, t.name, c.recorded_at, c.scenario_id, c.outcome, c.passed, c.score,
        SUM(v.category = 'threat'), SUM(v.category = 'impersonation'), COUNT(v.rule)
        FROM calls c JOIN trainees t ON t.id = c.trainee_id
        LEFT JOIN (SELECT DISTINCT call_id, turn, rule, category FROM findings) v ON v.call_id = c.id
        GROUP BY c.id ORDER BY c.recorded_ts, c.id'''))
""",
}
HERE = Path(__file__).resolve().parent
SCRIPTS = {"report": [str(HERE / "bare_report.py")], "export": [str(HERE / "bare_export.py")]}
COMMANDS = {
    "history": ["history", "--limit", "0"],
    "report": ["report", "--all"],
    "csv": ["report", "--all", "--format", "csv"],
    "export": ["export", "--all"],
}


def _measure(argv: list[str]) -> tuple[float, float, float]:
    """CPU seconds (user + system), wall seconds and peak RSS (MB) of one child process, its
    output thrown away."""
    with open(os.devnull, "w") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, elapsed, usage.ru_maxrss / 1024


def _bare(name: str, db: Path, *extra: str) -> list[str]:
    if name in SCRIPTS:
        return [sys.executable, *SCRIPTS[name], str(db), *extra]
    return [sys.executable, "-c", BARE[name], str(db)]


def _row(label: str, ours: tuple[float, float, float], bare: tuple[float, float, float]) -> None:
    print(f"{label:<34}{ours[0]:6.2f} s {ours[1]:6.2f} s {ours[2]:5.0f} MB"
          f"{bare[0]:9.2f} s {bare[1]:6.2f} s {bare[2]:5.0f} MB{ours[0] / bare[0]:10.2f}×{ours[2] / bare[2]:9.2f}×")


def commands(db: Path, runs: int = 3) -> None:
    print(f"{'command':<34}{'trainer: CPU, wall, RSS':>26}{'bare sqlite3: CPU, wall, RSS':>31}"
          f"{'CPU ratio':>11}{'RSS ratio':>10}")
    for name, args in COMMANDS.items():
        ours = min(_measure([sys.executable, "-m", "trainer", *args, "--db", str(db)]) for _ in range(runs))
        bare = min(_measure(_bare(name, db)) for _ in range(runs))
        _row("trainer " + " ".join(args), ours, bare)
        if name == "report":
            floor = min(_measure(_bare(name, db, "summary")) for _ in range(runs))
            _row("  vs bare (stored summary)", ours, floor)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--turns", type=int, default=12)
    ap.add_argument("--db", type=Path, help="use this records file instead of building one")
    ap.add_argument("--runs", type=int, default=3, help="runs of each command (the best counts)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build(Path(tmp) / "records.db", calls=args.calls, turns=args.turns)
        subprocess.run([sys.executable, "-m", "trainer", "history", "--limit", "1", "--db", str(db)],
                       stdout=subprocess.DEVNULL, check=True)  # first open creates the read index
        calls = sqlite3.connect(db).execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        print(f"{calls} calls, {db.stat().st_size / 1e6:.0f} MB file")
        commands(db, args.runs)


if __name__ == "__main__":
    main()
