"""Run ``trainer audit`` (argv as given) and report where its processes spent CPU time, as JSON on stderr.

    python -m benchmarks.jobs_cpu FILE --format json --no-progress --jobs 2 > /dev/null

For ``benchmarks/bench_jobs.py --cpu``: on a machine other sessions load, wall times of
``--jobs 2`` say more about the neighbours than about the command.  CPU times depend on the
load much less, so the wall time idle cores would give is estimated from them: the parent's CPU
before the workers start, plus the time N idle workers would take over the units, each taking
the next unit in input order as soon as it is free (what the pool does on idle cores) and each
unit costing the CPU it cost here (a worker's first unit includes its warm-up), plus the parent's
CPU after the last result.  (The busiest real worker is no good measure on a loaded machine:
which worker takes which unit then follows the neighbours' load.)  The parent's CPU while the
workers run (taking the results and writing them) is reported beside it.

Only this benchmark wraps the functions below; ``trainer audit`` itself is unchanged.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

_WORK: Any = None  # audit_jobs._work
_PIPE = -1  # where the workers write their CPU times


_DONE: list[float] = [0.0]  # a worker's CPU time when its last unit ended
_PARENT = os.getpid()


def timed_work(unit: Any) -> Any:
    """A worker's ``_work``; notes the unit's place and its CPU time, from the end of the
    worker's previous unit (or its start) to its own end (it is sent by name: module level).
    Not the unit the parent audits before forking: that is in the parent's CPU before the workers."""
    result = _WORK(unit)
    if os.getpid() == _PARENT:
        return result
    now = time.process_time()
    place = unit[3] if unit[0] == "chunk" else 0
    os.write(_PIPE, (json.dumps([os.getpid(), unit[1], place, now - _DONE[0]]) + "\n").encode())
    _DONE[0] = now
    return result


def idle_makespan(units: list[float], jobs: int) -> float:
    """How long ``jobs`` idle workers take over ``units`` (CPU seconds, in input order)."""
    free = [0.0] * jobs
    for cost in units:
        k = free.index(min(free))
        free[k] += cost
    return max(free)


def main() -> int:
    global _WORK, _PIPE
    from trainer.cli import audit_jobs
    from trainer.cli import main as cli_main

    log: dict[str, Any] = {"workers": {}, "units": []}
    _WORK, pooled = audit_jobs._work, audit_jobs._pooled
    pipe_r, _PIPE = os.pipe()

    def timed_pooled(*args: Any, **kwargs: Any) -> Any:
        log["before"] = time.process_time()  # the workers are forked as this starts
        yield from pooled(*args, **kwargs)
        log["pool_done"] = time.process_time()

    audit_jobs._work = timed_work
    audit_jobs._pooled = timed_pooled
    code = cli_main(sys.argv[1:])
    sys.stdout.flush()
    log["end"] = time.process_time()
    os.close(_PIPE)
    with os.fdopen(pipe_r) as lines:
        for line in lines:
            pid, name, place, cpu = json.loads(line)
            log["workers"][str(pid)] = log["workers"].get(str(pid), 0.0) + cpu
            log["units"].append((name, place, cpu))
    log["units"].sort()  # input order (for one file; several files: by name)
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 1
    log["idle"] = idle_makespan([cost for _n, _p, cost in log["units"]], jobs) if log["units"] else 0.0
    print(json.dumps(log), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
