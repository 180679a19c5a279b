"""Benchmark: the records commands at scale against bare sqlite3 doing the same reads.

Builds a records file of ``--calls`` calls (default 100,000; 12 turns each) with
``benchmarks/records_db.py``, then runs each command as its own process, and a bare-sqlite3
baseline of the same read in its own process, and prints wall time and peak RSS of each and the
ratios.  The baselines (each a few lines of stdlib Python, the output written to /dev/null):

* history  — one SELECT of the shown columns (with the distinct violations per call), newest
  first, each row formatted with ``str.ljust`` and written;
* report   — the GROUP BYs behind the figures (per trainee, per trainee × scenario, per day, per
  category, per key point), results printed;
* csv      — one row per call with its violations per category, through the csv module;
* export   — one SELECT over calls ⋈ turns, each line assembled from the stored JSON as is.

It also measures recording: ``Store.add_turn`` (one committed transaction per turn) against
bare inserts of the same rows at the same durability (WAL, synchronous=NORMAL, one transaction
per turn).

    python -m benchmarks.bench_records [--calls 100000] [--turns 12]
"""

from __future__ import annotations

import argparse
import os
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
    "report": """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for sql in ['SELECT trainee_id, COUNT(*), AVG(score), SUM(passed) FROM calls GROUP BY trainee_id',
            'SELECT trainee_id, scenario_id, COUNT(*), MAX(score), SUM(passed) FROM calls GROUP BY 1, 2',
            'SELECT trainee_id, substr(recorded_at, 1, 10) d, COUNT(*), AVG(score) FROM calls GROUP BY 1, 2',
            'SELECT substr(recorded_at, 1, 10) d, COUNT(*), AVG(score), SUM(passed) FROM calls GROUP BY 1',
            'SELECT category, severity, COUNT(*) FROM (SELECT DISTINCT call_id, turn, rule, category, severity FROM findings) GROUP BY 1, 2',
            'SELECT kind, code, COUNT(*) FROM misses GROUP BY 1, 2']:
    print(db.execute(sql).fetchall())
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
    "export": """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); out = sys.stdout; cur = None; turns = []
def flush():
    if cur: out.write('{"id":' + json.dumps(cur[1], ensure_ascii=False) + ',"meta":' + cur[2] + ',"turns":[' + ','.join(turns) + ']}\\n')
for r in db.execute('''SELECT c.id, c.uid, c.meta_json, u.data_json FROM calls c LEFT JOIN turns u ON u.call_id = c.id
        WHERE c.mode != 'recite' ORDER BY c.recorded_ts, c.id, u.idx'''):
    if cur is None or r[0] != cur[0]:
        flush(); cur = r; turns = []
    if r[3] is not None: turns.append(r[3])
flush()
""",
}
COMMANDS = {
    "history": ["history", "--limit", "0"],
    "report": ["report", "--all"],
    "csv": ["report", "--all", "--format", "csv"],
    "export": ["export", "--all"],
}


def _measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, its output thrown away."""
    with open(os.devnull, "w") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed with {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def commands(db: Path) -> None:
    env_python = [sys.executable]
    print(f"{'command':<22}{'trainer':>16}{'bare sqlite3':>18}{'time ratio':>12}{'RSS ratio':>11}")
    for name, args in COMMANDS.items():
        best = min(_measure([*env_python, "-m", "trainer", *args, "--db", str(db)]) for _ in range(2))
        bare = min(_measure([*env_python, "-c", BARE[name], str(db)]) for _ in range(2))
        label = "trainer " + " ".join(args)
        print(f"{label:<22}{best[0]:7.2f} s {best[1]:5.0f} MB{bare[0]:9.2f} s {bare[1]:5.0f} MB"
              f"{best[0] / bare[0]:11.2f}×{best[1] / bare[1]:10.2f}×")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--turns", type=int, default=12)
    ap.add_argument("--db", type=Path, help="use this records file instead of building one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build(Path(tmp) / "records.db", calls=args.calls, turns=args.turns)
        subprocess.run([sys.executable, "-m", "trainer", "history", "--limit", "1", "--db", str(db)],
                       stdout=subprocess.DEVNULL, check=True)  # first open creates the read index
        print(f"{args.calls} calls × {args.turns} turns, {db.stat().st_size / 1e6:.0f} MB file")
        commands(db)


if __name__ == "__main__":
    main()
