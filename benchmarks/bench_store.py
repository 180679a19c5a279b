"""Benchmark: the cost of recording each turn as it happens, and of reading the records back.

* turn commit — ``Store.add_turn`` (one ``BEGIN IMMEDIATE`` … ``COMMIT`` per turn, WAL,
  ``synchronous=NORMAL``) against two baselines measured in the same process: bare ``sqlite3``
  writes of the same rows at the same durability (a call row at the start, one transaction per
  turn, the result at the end; WAL, ``synchronous=NORMAL``; no indexes beyond the keys, no triggers), and the same
  calls saved in one transaction each (what a recorder that only saved at the end would cost — and
  lose on a crash).
* history / report / export over the resulting file, in milliseconds.

It prints microseconds per turn and the ratio to the baseline measured in the same process.

    python benchmarks/bench_store.py [--calls 500] [--turns 12]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from trainer.records import open_store
from trainer.report import progress


def _result(uid: str, turns: int, score: int) -> dict:
    return {"outcome": "ptp", "passed": score >= 70, "score": {"total": score},
            "findings": [{"turn": 1, "rule": "CN-THR-001", "category": "threat", "severity": "major"}],
            "missed": {"key_points": [{"id": "close.recap", "title": "复述承诺"}]},
            "transcript": {"id": uid, "meta": {"started_at": "2026-03-02T10:15:00+08:00"},
                           "turns": [{"speaker": "agent" if t % 2 else "debtor", "text": f"第{t}句"}
                                     for t in range(turns)]}}


def per_turn(path: Path, calls: int, turns: int) -> float:
    start = time.perf_counter()
    with open_store(path) as s:
        for c in range(calls):
            cid = s.begin_call(uid=f"c{c}", trainee=f"学员{c % 20}", mode="practice", scenario_id="x", seed=c)
            for t in range(turns):
                s.add_turn(cid, t, {"speaker": "agent" if t % 2 else "debtor", "text": f"第{t}句"})
            s.finish_call(cid, _result(f"c{c}", turns, 40 + c % 60))
    return time.perf_counter() - start


def at_end(path: Path, calls: int, turns: int) -> float:
    start = time.perf_counter()
    with open_store(path) as s:
        for c in range(calls):
            s.save_transcript_call(trainee=f"学员{c % 20}", mode="practice", scenario_id="x", seed=c,
                                   result=_result(f"c{c}", turns, 40 + c % 60))
    return time.perf_counter() - start


def bare_inserts(path: Path, calls: int, turns: int) -> float:
    """The floor: stdlib sqlite3 writing the same rows at the same durability — a call row when the
    call starts, each turn in its own committed transaction, the result when it ends."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE calls (id INTEGER PRIMARY KEY, uid TEXT, trainee TEXT, result_json TEXT)")
    conn.execute("CREATE TABLE turns (call_id INTEGER, idx INTEGER, turn TEXT, PRIMARY KEY (call_id, idx))")
    start = time.perf_counter()
    for c in range(calls):
        conn.execute("BEGIN IMMEDIATE")
        cid = conn.execute("INSERT INTO calls (uid, trainee) VALUES (?, ?)", (f"c{c}", f"学员{c % 20}")).lastrowid
        conn.execute("COMMIT")
        for t in range(turns):
            turn = json.dumps({"speaker": "agent" if t % 2 else "debtor", "text": f"第{t}句"}, ensure_ascii=False)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO turns VALUES (?, ?, ?)", (cid, t, turn))
            conn.execute("COMMIT")
        result = _result(f"c{c}", turns, 40 + c % 60)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE calls SET result_json = ? WHERE id = ?", (json.dumps(result, ensure_ascii=False), cid))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _timed(fn, *args) -> tuple[float, float]:
    """(wall s, CPU s of this process) of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=500)
    ap.add_argument("--turns", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a = Path(tmp) / "turns.db"
        # warm-up: the records code's first open imports and compiles modules once per process,
        # a start-up cost the bare baseline does not pay
        per_turn(Path(tmp) / "warm.db", 2, 2)
        at_end(Path(tmp) / "warm-end.db", 2, 2)
        # taking turns, --repeat times; the best run of each (slower runs measure the neighbours)
        runs: dict[str, list[tuple[float, float]]] = {"turn": [], "end": [], "bare": []}
        for r in range(max(1, args.repeat)):
            for name, fn in (("turn", per_turn), ("end", at_end), ("bare", bare_inserts)):
                path = a if (name == "turn" and r == 0) else Path(tmp) / f"{name}{r}.db"
                runs[name].append(_timed(fn, path, args.calls, args.turns))
        best = {name: (min(w for w, _ in v), min(c for _, c in v)) for name, v in runs.items()}
        n = args.calls * args.turns
        print(f"{args.calls} calls × {args.turns} turns, best of {args.repeat} (wall / CPU of this process)")

        def row(label: str, name: str, note: str = "") -> None:
            wall, cpu = best[name]
            ratio = f"  -> per-turn commit {best['turn'][0] / wall:.2f}× wall, {best['turn'][1] / cpu:.2f}× CPU"
            print(f"  {label:<16}: {wall * 1e6 / n:7.1f} / {cpu * 1e6 / n:6.1f} µs/turn{note}"
                  + (ratio if name != "turn" else ""))

        row("per-turn commit", "turn")
        row("bare sqlite3", "bare", " (same durability)")
        row("baseline (end)", "end", " (one transaction per call)")
        with open_store(a) as s:
            for name, fn in [
                ("history (50)", lambda: "".join(progress.history_chunks(s.history(limit=50), s.history_labels(),
                                                                         db_path="x"))),
                ("report --all", lambda: progress.render_report(progress.cohort_progress(s), cohort=True,
                                                                fmt="html", db_path="x", generated="")),
                ("report --trainee", lambda: progress.render_report(progress.trainee_progress(s, "学员1"),
                                                                    cohort=False, fmt="text", db_path="x",
                                                                    generated="")),
                ("export --all", lambda: sum(1 for _ in s.export())),
            ]:
                start = time.perf_counter()
                fn()
                print(f"  {name:<16}: {(time.perf_counter() - start) * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
