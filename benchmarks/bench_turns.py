"""Benchmark: per-turn latency of a call, and session set-up after import.

One turn = understanding the agent's line + the compliance check (the same
rule pack as ``trainer audit``) + the debtor's moods and reply + the state
machine + the transcript record.  Long sessions are made by raising each
scenario's turn limit and cycling through a mix of lines (the script's own
recommended lines, small talk, stalls handling, long rambling lines), so
calls run to the limit instead of ending after eight turns.

It prints, for every bundled scenario together:

* set-up — ``Call.start`` the first time (script load + validation + the shared
  state machine + the rule pack) and warm (every later call of a scenario);
* per turn — p50, p99 and max of ``Call.say`` in microseconds, and the parts:
  understanding alone and the compliance check alone;
* baseline — folding the same line and running one regex over it (the least any
  matcher must do), measured in the same process, and the ratio to it;
* the target: p99 under 5 ms per turn.

    python benchmarks/bench_turns.py [--sessions 20] [--turns 100] [--seed 1] [--scenario ID ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import time

from trainer.compliance import load_pack
from trainer.content.scenario import bundled_scenario_paths, list_scenarios, load_scenario
from trainer.sim.session import Call
from trainer.sim.understand import understand
from trainer.zh.text import fold

TARGET_US = 5000
SMALL_TALK = [
    "嗯，好的，您说。",
    "您那边听得清楚吗？信号好像不太好。",
    "好的，我记一下。",
    "我明白，您别着急，我们慢慢说。我这边是想跟您一起看看怎么处理比较合适，您看您那边现在说话方便吗？"
    "如果不方便的话，我们也可以另外约个您方便的时间，我这边都可以配合您的安排，您不用有压力。",
]
FILLER = [
    "嗯，好的，您说。",
    "我明白，您别着急，我们慢慢说，今天主要是想跟您一起看看这个账户怎么处理比较合适，您看您那边现在方便吗？"
    "如果不方便的话我们也可以约个时间再联系，主要是怕利息和违约金越滚越多，对您不利。",
    "请问您是遇到什么困难了吗？",
    "这个金额包括本金、利息和违约金，我可以给您说一下明细。",
    "您可以通过手机银行或者网银还款，很方便。",
    "那您看这周五之前先还最低还款额可以吗？",
]


def pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20, help="calls per scenario")
    ap.add_argument("--turns", type=int, default=100, help="agent lines per call (turn limit raised)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", action="append", default=[], metavar="ID_OR_PATH",
                    help="benchmark only these scenarios (default: every bundled and local one)")
    args = ap.parse_args()

    t0 = time.perf_counter_ns()
    scenarios = [load_scenario(x) for x in args.scenario] or list_scenarios()
    pack = load_pack()
    first_setups = []
    for s in scenarios:
        t = time.perf_counter_ns()
        Call.start(s, seed=0).end()
        first_setups.append(time.perf_counter_ns() - t)
    cold_ms = (time.perf_counter_ns() - t0) / 1e6

    turn_ns: list[int] = []
    warm_setup: list[int] = []
    understand_ns: list[int] = []
    audit_ns: list[int] = []
    floor_ns: list[int] = []
    probe = re.compile("司法调查组|公安局|征信")
    for s in scenarios:
        hidden = dict(s.debtor)
        hidden["mood"] = {**hidden.get("mood", {}), "patience": args.turns + 5}
        long = dataclasses.replace(s, max_turns=args.turns, debtor=hidden)
        for n in range(args.sessions):
            t = time.perf_counter_ns()
            call = Call.start(long, seed=args.seed + n)
            warm_setup.append(time.perf_counter_ns() - t)
            i = 0
            while not call.ended:
                if 2 <= i < args.turns - 12:  # after a proper opening, a long stretch of talk…
                    line = SMALL_TALK[(i + n) % len(SMALL_TALK)]
                else:                          # …then the call is steered to its end
                    options = call.suggestions() if i % 2 == 0 else []
                    line = options[0] if options else FILLER[(i + n) % len(FILLER)]
                i += 1
                t = time.perf_counter_ns()
                call.say(line)
                turn_ns.append(time.perf_counter_ns() - t)
                t = time.perf_counter_ns()
                understand(line, stage=call.stage, facts=call.facts, today=s.call_date)
                understand_ns.append(time.perf_counter_ns() - t)
                t = time.perf_counter_ns()
                fold(line)
                probe.search(fold(line))
                floor_ns.append(time.perf_counter_ns() - t)
            auditor = pack.auditor(call.meta, "bench")
            for k, turn in enumerate(call.turns):
                t = time.perf_counter_ns()
                auditor.add_turn(k, turn["speaker"], turn["text"])
                audit_ns.append(time.perf_counter_ns() - t)

    p50, p99 = pct(turn_ns, 0.50), pct(turn_ns, 0.99)
    floor = statistics.median(floor_ns) / 1000
    print(f"scenarios: {len(scenarios)} (bundled {len(bundled_scenario_paths())}), "
          f"{args.sessions} calls each, up to {args.turns} agent lines per call, {len(turn_ns)} turns timed")
    print(f"set-up: first load of everything {cold_ms:.1f} ms "
          f"(per scenario first call median {statistics.median(first_setups) / 1e6:.2f} ms); "
          f"warm Call.start p50 {pct(warm_setup, 0.5):.0f} µs, p99 {pct(warm_setup, 0.99):.0f} µs")
    print(f"per turn (Call.say): p50 {p50:.0f} µs, p99 {p99:.0f} µs, max {max(turn_ns) / 1000:.0f} µs")
    print(f"  understanding alone: p50 {pct(understand_ns, 0.5):.0f} µs, p99 {pct(understand_ns, 0.99):.0f} µs")
    print(f"  compliance alone (per turn, both speakers): p50 {pct(audit_ns, 0.5):.0f} µs, "
          f"p99 {pct(audit_ns, 0.99):.0f} µs")
    print(f"baseline (fold + one regex over the line): p50 {floor:.1f} µs → a turn costs "
          f"{p50 / floor:.0f}× the baseline at p50")
    print(f"target p99 < {TARGET_US} µs: {'met' if p99 < TARGET_US else 'MISSED'} "
          f"({p99 / TARGET_US:.2f} of the budget)")


if __name__ == "__main__":
    main()
