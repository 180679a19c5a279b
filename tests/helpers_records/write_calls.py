"""Subprocess for the concurrency test: record N calls (per-turn commits) through a Recorder.

usage: python write_calls.py DB WORKER N TURNS
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers_records import FakeCall, FakeScenario, make_result  # noqa: E402
from trainer.records import Recorder, open_store  # noqa: E402


def main() -> None:
    db, worker, n, turns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    store = open_store(db)
    for i in range(n):
        call = FakeCall(f"w{worker}-c{i}", seed=i)
        recorder = Recorder(store, f"学员{worker}", "practice", FakeScenario(), versions={}, seed=i)
        lines = []
        for t in range(turns):
            turn = {"speaker": "agent" if t % 2 else "debtor", "text": f"第{t}句（{worker}/{i}）"}
            call.turns.append(turn)
            lines.append((turn["speaker"], turn["text"]))
            recorder.on_turn(call, t, turn, [])
        recorder.on_end(call, make_result(call.id, score=50 + (i % 50), turns=lines))
    store.close()


if __name__ == "__main__":
    main()
