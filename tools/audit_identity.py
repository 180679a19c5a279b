"""Record ``trainer audit``'s output on a fixed set of inputs, then check later code writes the same bytes.

    python -m tools.audit_identity record DIR [--mb 10]   # at the reference commit
    python -m tools.audit_identity compare DIR            # after a change: exit 1 on any difference

The inputs: every JSONL file under tests/data, the directory tests/data/compliance as a whole,
and two generated benchmark corpora (benchmarks/corpus.py, seed 7): the project's corpus and the
violation-dense one, ``--mb`` MB each (≥ 8 MB, so that ``--jobs 2`` really uses two processes).
Each is audited in every output format (text, json, csv, html), the benchmark corpora also with
``--jobs 1`` and ``--jobs 2``, the test corpora also with ``--show-personal-data``.  DIR keeps
the corpora, each output in full (to diff) and the exit codes.  A speed change must leave every
file byte for byte the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import DENSE_RATE, generate

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "csv", "html")


def _cases(workdir: Path, megabytes: float) -> list[tuple[str, list[str]]]:
    """(name, argv after ``trainer audit``) for every case, generating the corpora if missing."""
    corpora = {"project": 0.03, "dense": DENSE_RATE}
    cases: list[tuple[str, list[str]]] = []
    for name, rate in corpora.items():
        path = workdir / f"{name}.jsonl"
        if not path.exists():
            generate(path, megabytes, 7, rate=rate)
        for fmt in FORMATS:
            for jobs in ("1", "2"):
                cases.append((f"{name}.{fmt}.j{jobs}", [str(path), "--format", fmt, "--jobs", jobs]))
    data = sorted((ROOT / "tests" / "data").rglob("*.jsonl"))
    for path in [ROOT / "tests" / "data" / "compliance", *data]:
        label = str(path.relative_to(ROOT / "tests" / "data")).replace("/", "_")
        for fmt in FORMATS:
            cases.append((f"{label}.{fmt}", [str(path), "--format", fmt, "--jobs", "1"]))
        cases.append((f"{label}.json.personal", [str(path), "--format", "json", "--jobs", "1",
                                                 "--show-personal-data"]))
    return cases


def _run(argv: list[str]) -> tuple[bytes, int]:
    done = subprocess.run([sys.executable, "-m", "trainer", "audit", "--no-progress", *argv],
                          capture_output=True, cwd=ROOT)
    return done.stdout + b"\n--stderr--\n" + done.stderr, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("dir", type=Path)
    parser.add_argument("--mb", type=float, default=10.0)
    args = parser.parse_args()
    workdir: Path = args.dir
    (workdir / "out").mkdir(parents=True, exist_ok=True)
    codes_path = workdir / "codes.json"
    recorded = json.loads(codes_path.read_text()) if args.action == "compare" else {}
    codes, differ = {}, []
    for name, argv in _cases(workdir, args.mb):
        output, code = _run(argv)
        codes[name] = code
        target = workdir / "out" / name
        if args.action == "record":
            target.write_bytes(output)
            continue
        if not target.exists() or target.read_bytes() != output or recorded.get(name) != code:
            differ.append(name)
            (workdir / "out" / (name + ".new")).write_bytes(output)
        print(f"{'DIFF' if differ and differ[-1] == name else 'same'} {name} "
              f"{hashlib.sha256(output).hexdigest()[:12]} exit {code}", flush=True)
    if args.action == "record":
        codes_path.write_text(json.dumps(codes, indent=1))
        print(f"recorded {len(codes)} outputs in {workdir}")
        return 0
    print(f"{len(codes) - len(differ)} identical, {len(differ)} differ" + (f": {differ}" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
