"""Benchmark: load + validate + build a script tree as it grows.

Generates script trees of 100, 1,000 and 5,000 stages (each stage: a
templated line, a key point with a matcher and examples, three responses),
then times, best of N runs:

* baseline — ``yaml.load(CSafeLoader)`` of the same file (the least any loader can do);
* trainer — ``load_document`` (marks, duplicate keys, tags) + ``check_script``
  (schema, ids, targets, reachability, templates, matchers) + model build +
  the shared ``transitions`` Machine — exactly what ``Script.from_yaml`` and
  ``Flow.for_script`` do.

Both run with the cyclic GC paused, as trainer's loader does.

It prints milliseconds, microseconds per stage (flat = linear growth) and
the ratio to the baseline measured in the same process.

    python benchmarks/bench_scripts.py [--sizes 100 1000 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from trainer.base.gcutil import paused_gc
from trainer.base.yamlio import load_document
from trainer.content.script import _build, check_script
from trainer.sim.flow import Flow

CODES = ["CONFIRM", "STALL_LATER", "NO_MONEY", "ASK_WHO", "REFUSE_PAY", "PTP_OFFER"]


def generate(n: int) -> str:
    out = [f"id: bench_{n}", f"title: 基准脚本（{n} 个阶段）", "start: s0",
           "lexicons:", "  department: [司法调查组]", "stages:"]
    for i in range(n):
        a, b = f"s{(i + 1) % n}", f"s{(i * 7 + 3) % n}"
        end = "end_ptp" if i % 10 == 9 else f"s{(i + 2) % n}"
        out += [
            f"  - id: s{i}",
            f"    title: 第{i}阶段",
            "    why: 先核实身份，再谈欠款。",
            "    lines:",
            f"      - id: s{i}.line",
            f"        text: 您好，这里是{{{{ bank }}}}信用卡中心司法调查组，我姓{{{{ agent_surname }}}}，"
            f"您尾号{{{{ card_tail }}}}的卡欠款{{{{ balance | yuan }}}}，这是第{i}句。",
            "    key_points:",
            f"      - id: s{i}.kp",
            "        title: 报出部门",
            "        match: {all: ['@department'], regex: ['\\d+元']}",
            f"        examples: {{hit: [司法调查组，欠款{i}元], miss: [法务部{i}]}}",
            "    responses:",
            f"      - {{code: {CODES[i % 6]}, examples: [好的, 嗯], weights: {{honest: 2}}, next: {a}}}",
            f"      - {{code: {CODES[(i + 1) % 6]}, examples: [再说吧], next: {b}}}",
            f"      - {{code: {CODES[(i + 2) % 6]}, examples: [行], next: {end}}}",
        ]
    out += ["  - {id: end_ptp, title: 结束, outcome: ptp}",
            "events:", "  - {code: HANG_UP, examples: [（挂断）], next: end_hung_up}",
            "  - {id: end_hung_up, title: 挂断, outcome: hung_up}"]
    # the last line above belongs to stages; move it before events
    stages_end = out.index("events:")
    out.insert(stages_end, out.pop())
    return "\n".join(out) + "\n"


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    print(f"{'stages':>7} {'lines':>7} {'baseline ms':>12} {'trainer ms':>11} {'µs/stage':>9} "
          f"{'× baseline':>11} {'(load':>7} {'check':>7} {'build':>7} {'machine)':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"bench_{n}.yaml"
            text = generate(n)
            path.write_text(text, "utf-8")
            def baseline(text: str = text) -> None:
                with paused_gc():  # the same collector pause trainer uses, so the ratio is fair
                    yaml.load(text, Loader=loader)  # noqa: S506

            base = best(baseline, args.repeat)
            parts = {"load": 0.0, "check": 0.0, "build": 0.0, "machine": 0.0}

            runs: list[tuple[float, ...]] = []

            def full(path: Path = path, runs: list[tuple[float, ...]] = runs) -> None:
                t0 = time.perf_counter()
                doc = load_document(path)
                t1 = time.perf_counter()
                with paused_gc():
                    assert not check_script(doc)
                    t2 = time.perf_counter()
                    script = _build(doc, "bench")
                t3 = time.perf_counter()
                Flow(script)
                t4 = time.perf_counter()
                runs.append((t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3))

            best(full, args.repeat)
            total, *split = min(runs)
            parts = dict(zip(parts, split, strict=True))
            print(f"{n:>7} {text.count(chr(10)):>7} {base * 1e3:>12.1f} {total * 1e3:>11.1f} "
                  f"{total / n * 1e6:>9.1f} {total / base:>11.1f} "
                  + " ".join(f"{parts[k] * 1e3:>7.1f}" for k in parts))


if __name__ == "__main__":
    main()
