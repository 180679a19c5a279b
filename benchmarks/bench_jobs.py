"""``trainer audit --jobs N`` against ``--jobs 1`` on one large JSONL file (whole commands).

    python -m benchmarks.bench_jobs [--mb 50] [--jobs 2] [--repeat 3]

Runs ``python -m trainer audit FILE --format json --no-progress --jobs 1`` and ``--jobs N`` as
subprocesses, taking turns, and reports the fastest wall time of each, their ratio (the
speed-up) and whether the outputs are identical.  The baseline is ``--jobs 1``: the same
command, one process.  On a shared machine the neighbours' load moves wall times: the load
average is printed beside them.  ``--cpu`` also estimates, from CPU times (which the load moves
much less), what two idle cores would give (see benchmarks/jobs_cpu.py): the best of the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate


def run(path: Path, jobs: int) -> tuple[float, float, str]:
    """(wall s, CPU s of the command and its workers, digest of the output)."""
    argv = [sys.executable, "-m", "trainer", "audit", str(path), "--format", "json", "--no-progress",
            "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, hashlib.sha256(done.stdout).hexdigest()


def cpu_path(path: Path, jobs: int) -> tuple[float, float, tuple[float, float, float]]:
    """(CPU of the whole ``--jobs 1`` command or the estimated idle wall time of ``--jobs N``,
    the parent's CPU while its workers ran, (the parent's CPU before the workers, the units'
    CPU summed over the workers, the parent's CPU after them))."""
    argv = [sys.executable, "-m", "benchmarks.jobs_cpu", "audit", str(path), "--format", "json",
            "--no-progress", "--jobs", str(jobs)]
    done = subprocess.run(argv, capture_output=True)
    log = json.loads(done.stderr.decode().strip().splitlines()[-1])
    if not log["workers"]:
        return log["end"], 0.0, (0.0, 0.0, 0.0)
    parts = (log["before"], sum(log["workers"].values()), log["end"] - log["pool_done"])
    return log["before"] + log["idle"] + log["end"] - log["pool_done"], log["pool_done"] - log["before"], parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="reuse/keep the corpus at this path")
    parser.add_argument("--cpu", action="store_true", help="also estimate idle-core times from CPU times")
    args = parser.parse_args()
    path = args.corpus or Path(tempfile.mkdtemp(prefix="trainer-bench-")) / "corpus.jsonl"
    if not path.exists():
        generate(path, args.mb, 7)
    size = path.stat().st_size / 1e6
    times: dict[int, list[tuple[float, float]]] = {1: [], args.jobs: []}
    digests = set()
    for _ in range(max(1, args.repeat)):
        for jobs in times:
            elapsed, cpu, digest = run(path, jobs)
            times[jobs].append((elapsed, cpu))
            digests.add(digest)
    (one, one_cpu), (many, many_cpu) = min(times[1]), min(times[args.jobs])
    print(f"{size:.1f} MB, cores available {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f}")
    print(f"trainer audit --jobs 1 (baseline, one process): {one:.2f}s = {size / one:.1f} MB/s "
          f"({one_cpu:.2f}s CPU)")
    print(f"trainer audit --jobs {args.jobs}: {many:.2f}s = {size / many:.1f} MB/s -> {one / many:.2f}x "
          f"(target >= 1.7x on 2 idle cores; {many_cpu:.2f}s CPU in all processes); "
          f"outputs {'identical' if len(digests) == 1 else 'DIFFER'}")
    if args.cpu:
        estimates: dict[int, list[tuple[float, float, tuple[float, float, float]]]] = {1: [], args.jobs: []}
        for _ in range(max(1, args.repeat)):
            for jobs in estimates:
                estimates[jobs].append(cpu_path(path, jobs))
        (one, _, _), (many, during, (before, units, after)) = min(estimates[1]), min(estimates[args.jobs])
        print(f"from CPU times: --jobs 1 {one:.2f}s CPU; --jobs {args.jobs} on idle cores about {many:.2f}s "
              f"(parent before the workers + idle workers taking the units as they cost here + parent after them; the parent's "
              f"{during:.2f}s CPU while they run not counted) -> {one / many:.2f}x")
        print(f"  that run: the parent {before:.2f}s CPU before the workers and {after:.2f}s after them; "
              f"the units {units:.2f}s CPU in all workers")


if __name__ == "__main__":
    main()
