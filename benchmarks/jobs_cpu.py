"""Run ``trainer audit`` (argv as given) and report where its processes spent CPU time, as JSON on stderr.

    python -m benchmarks.jobs_cpu FILE --format json --no-progress --jobs 2 > /dev/null

For ``benchmarks/bench_jobs.py --cpu``: on a machine other sessions load, wall times of
``--jobs 2`` say more about the neighbours than about the command.  CPU times do not depend
on the load (much), so the wall time two idle cores would give is estimated from them: the
parent's CPU before the workers start, plus the busiest worker's CPU, plus the parent's CPU
after the last worker's result.  The parent's CPU while the workers run (taking the results and
writing them) is reported beside it (on two cores it competes with the workers).

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


def timed_work(unit: Any) -> Any:
    """A worker's ``_work``, then its CPU time so far (it is sent by name: module level)."""
    result = _WORK(unit)
    os.write(_PIPE, f"{os.getpid()} {time.process_time()}\n".encode())
    return result


def main() -> int:
    global _WORK, _PIPE
    from trainer.cli import audit_jobs
    from trainer.cli import main as cli_main

    log: dict[str, Any] = {"workers": {}}
    _WORK, parallel = audit_jobs._work, audit_jobs.audit_parallel
    pipe_r, _PIPE = os.pipe()

    def timed_parallel(pack: Any, *args: Any, **kwargs: Any) -> Any:
        if hasattr(pack, "warm"):  # what audit_parallel does before forking (a no-op then)
            pack.warm()
        log["before"] = time.process_time()
        yield from parallel(pack, *args, **kwargs)
        log["pool_done"] = time.process_time()

    audit_jobs._work = timed_work
    audit_jobs.audit_parallel = timed_parallel
    code = cli_main(sys.argv[1:])
    sys.stdout.flush()
    log["end"] = time.process_time()
    os.close(_PIPE)
    with os.fdopen(pipe_r) as lines:
        for line in lines:
            pid, cpu = line.split()
            log["workers"][pid] = max(float(cpu), log["workers"].get(pid, 0.0))
    print(json.dumps(log), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
