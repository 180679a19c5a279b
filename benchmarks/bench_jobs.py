"""``trainer audit --jobs N`` against ``--jobs 1`` on one large JSONL file (whole commands).

    python -m benchmarks.bench_jobs [--mb 50] [--jobs 2] [--repeat 3]

Runs ``python -m trainer audit FILE --format json --no-progress --jobs 1`` and ``--jobs N`` as
subprocesses, taking turns, and reports the fastest wall time of each, their ratio (the
speed-up) and whether the outputs are identical.  The baseline is ``--jobs 1``: the same
command, one process.  On a shared machine the neighbours' load moves wall times: the load
average is printed beside them.
"""

from __future__ import annotations

import argparse
import hashlib
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="reuse/keep the corpus at this path")
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


if __name__ == "__main__":
    main()
