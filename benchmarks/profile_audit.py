"""Where ``trainer audit``'s time goes, stage by stage (cProfile over the benchmark's pipeline).

    python -m benchmarks.profile_audit [--mb 5] [--dense | --authored] [--top 0]

Generates the benchmark corpus (benchmarks/corpus.py, seed 7; ``--dense``: the violation-dense
one; ``--authored``: the independent authors' labelled calls under tests/data/compliance/calls,
whose agent lines are nearly all distinct, so the per-line memories help least), warms the pack up on it once, then audits it under cProfile with the ``--format json``
writer (``trainer audit --format json``'s own code after start-up, ``run_audit``, into a null sink) and prints each stage's
share of the profiled time: reading and checking the JSON lines, gathering a batch's turns,
folding, the literal and raw-regex scans (with pruning), the model layer, the per-call judging
(the call state, candidate matches, context tests, finding construction) and the JSON writer.
The profiler slows small Python functions most, so the shares are indicative (and it times wall
clock: on a busy machine, run it twice); the benches give
the speeds.  ``--top N`` also prints the N functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from benchmarks.bench_audit import pipeline, with_json_writer, write_authored
from benchmarks.corpus import DENSE_RATE, generate
from trainer.compliance import load_pack

# (stage, [(module path ending, function name)]): cumulative times, summed; the stages must not nest
STAGES = [
    ("read + check JSON lines", [("content/transcript.py", "_read_jsonl")]),
    ("batch: gather the turns", [("compliance/batch.py", "_turns")]),
    ("fold", [("compliance/batch.py", "fold_turns")]),
    ("literal scans (Aho–Corasick)", [("compliance/literals.py", "collect_hits")]),
    ("raw regexes", [("compliance/batch.py", "collect_raw")]),
    ("prune anchor hits (pattern search)", [("compliance/batch.py", "prune")]),
    ("model: which quiet turns to judge", [("checks/model.py", "may_fire_any"), ("checks/base.py", "may_fire_any"),
                                           ("checks/model.py", "may_fire")]),
    ("model: judging turns", [("checks/model.py", "per_turn"), ("checks/model.py", "per_turn_many")]),
    ("candidate matches", [("compliance/auditor.py", "_pattern_candidates")]),
    ("context tests", [("compliance/context.py", "excused"), ("compliance/auditor.py", "_sum_said_before")]),
    ("finding construction", [("compliance/finding.py", "finding"), ("compliance/finding.py", "with_extra"),
                              ("compliance/finding.py", "one_per_rule"), ("compliance/finding.py", "fold_related")]),
    ("JSON writer", [("cli/review.py", "add")]),
    ("the command's summary and filter", [("report/audit_data.py", "add"), ("cli/audit.py", "keep")]),
]
# stages inside the per-call judging (reported apart from it)
WITHIN_JUDGING = ("model: judging turns", "candidate matches", "context tests", "finding construction")
JUDGING = [("compliance/batch.py", "_judge_call")]


def _cumulative(stats: pstats.Stats, names: list[tuple[str, str]]) -> float:
    total = 0.0
    for (path, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if any(path.endswith(tail) and func == name for tail, name in names):
            total += ct
    return total


def profile(path: Path, top: int) -> None:
    pack = load_pack()
    _, calls, findings = pipeline(path, pack)  # warm: regexes compiled, automata built
    with_json_writer(path, pack)  # (then each run starts cold)
    profiler = cProfile.Profile()
    start = time.process_time()
    profiler.enable()
    with_json_writer(path, pack)
    profiler.disable()
    elapsed = time.process_time() - start
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    size = path.stat().st_size / 1e6
    print(f"{path.name}: {size:.1f} MB, {calls} calls, {findings} findings; profiled {elapsed:.2f}s CPU")
    shares = {stage: _cumulative(stats, names) for stage, names in STAGES}
    judging = _cumulative(stats, JUDGING)
    rest_of_judging = judging - sum(shares[s] for s in WITHIN_JUDGING)
    rows = [(stage, shares[stage]) for stage, _ in STAGES]
    rows.insert([s for s, _ in STAGES].index(WITHIN_JUDGING[0]), ("judging: call state, dispatch (rest)", rest_of_judging))
    other = total - sum(t for _s, t in rows)
    for stage, t in [*rows, ("other (batching, loops, generators)", other)]:
        print(f"  {stage:<40} {t:6.3f}s {100 * t / total:5.1f} %")
    if top:
        stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--dense", action="store_true", help="the violation-dense corpus")
    parser.add_argument("--authored", action="store_true", help="the independent authors' labelled calls")
    parser.add_argument("--corpus", type=Path, help="profile this JSONL file instead")
    parser.add_argument("--top", type=int, default=0, help="also list the N functions with most own time")
    args = parser.parse_args()
    path = args.corpus
    if path is None and args.authored:
        path = write_authored(Path(tempfile.mkdtemp(prefix="trainer-profile-")) / "authored.jsonl")
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="trainer-profile-")) / "corpus.jsonl"
        generate(path, args.mb, 7, rate=DENSE_RATE if args.dense else 0.03)
    profile(path, args.top)


if __name__ == "__main__":
    main()
