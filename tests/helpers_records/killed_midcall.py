"""Subprocess for the SIGKILL test: a call recorded turn by turn, waiting between turns.

usage: python killed_midcall.py DB [--real SCENARIO]

Without ``--real`` the turns go through a Recorder with a stand-in call; with it, through the real
``trainer.sim.session.Call`` of SCENARIO.  Each agent line is read from stdin; after each line is
said (and so recorded) the helper prints ``said N`` (N = turns so far) and waits for the next.
The test kills it with SIGKILL while it waits.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers_records import FakeCall, FakeScenario  # noqa: E402
from trainer.records import Recorder, open_store  # noqa: E402


def _said(n: int) -> None:
    sys.stdout.write(f"said {n}\n")
    sys.stdout.flush()


def main() -> None:
    db = sys.argv[1]
    store = open_store(db)
    if len(sys.argv) > 3 and sys.argv[2] == "--real":
        from trainer.content.scenario import load_scenario
        from trainer.sim.session import Call

        scenario = load_scenario(sys.argv[3])
        recorder = Recorder(store, "被中断的学员", "practice", scenario, seed=3)
        call = Call.start(scenario, seed=3, mode="practice", observer=recorder)
        _said(len(call.turns))
        for line in sys.stdin:
            call.say(line.strip())
            _said(len(call.turns))
        return
    call = FakeCall("killed-call")
    recorder = Recorder(store, "被中断的学员", "practice", FakeScenario(), versions={}, seed=3)
    for n, line in enumerate(sys.stdin):
        for speaker, text in (("agent", line.strip()), ("debtor", f"回答{n}")):
            turn = {"speaker": speaker, "text": text}
            call.turns.append(turn)
            recorder.on_turn(call, len(call.turns) - 1, turn, [])
        _said(len(call.turns))


if __name__ == "__main__":
    main()
