"""The part of the scale-out examples that needs neither Dask nor Spark: one file's audit as rows.

``examples/dask_audit.py`` and ``examples/spark_audit.py`` both run :func:`audit_file` once per
input file on their cluster and write what it returns as Parquet with :data:`SCHEMA`.  The rows
hold exactly the findings of ``trainer audit --format json`` (the same engine, masking and
de-duplication, and the stable ``id``), plus ``file`` and ``line``; every record that cannot be
used becomes a row whose ``problem`` column holds the located message (``path:line:col: CODE
说明``) and whose finding columns are null, so one bad record never stops the job.

The cluster's workers import this module by name: both examples ship it to them (Dask's
``client.upload_file``, Spark's ``addPyFile``), so only ``trainer`` and ``pyarrow`` must be
installed there.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema([
    pa.field("file", pa.string(), nullable=False),
    pa.field("line", pa.int64()),            # where a problem is (0 = the whole file)
    pa.field("transcript", pa.string()),
    pa.field("turn", pa.int64()),            # null for call-level findings (calling hours …)
    pa.field("speaker", pa.string()),
    pa.field("rule", pa.string()),
    pa.field("category", pa.string()),
    pa.field("severity", pa.string()),
    pa.field("message", pa.string()),
    pa.field("excerpt", pa.string()),
    pa.field("start", pa.int64()),
    pa.field("end", pa.int64()),
    pa.field("spans", pa.list_(pa.list_(pa.int64()))),
    # the same breach's other rules, named in this finding (one finding per breach: yields_to, arbitration)
    pa.field("also", pa.list_(pa.struct([("rule", pa.string()), ("category", pa.string()), ("title", pa.string())]))),
    pa.field("agent", pa.string()),
    pa.field("team", pa.string()),
    pa.field("id", pa.string()),             # the finding's stable id, as in audit --format json
    pa.field("problem", pa.string()),        # set on problem rows only
])
FINDING_COLUMNS = ("transcript", "turn", "speaker", "rule", "category", "severity", "message", "excerpt",
                   "start", "end", "spans", "also", "agent", "team")


def problem_row(path: str, line: int, message: str) -> dict[str, Any]:
    """A row that says a record (``line``; 0 = the whole file) could not be used, and why."""
    return {"file": path, "line": line, "problem": message}


def _transcripts(path: str, rows: list[dict[str, Any]], waiting: deque) -> Iterator[dict[str, Any]]:
    from trainer.base.errors import Problem
    from trainer.content.transcript import read_transcripts

    for item in read_transcripts(path):
        if isinstance(item, Problem):
            rows.append(problem_row(path, item.location.line, str(item)))
            continue
        waiting.append(item)
        yield item[0]


def audit_file(path: str, rules: Sequence[str] = (), show_personal_data: bool = False) -> list[dict[str, Any]]:
    """The finding rows and problem rows of one transcript file (JSON, JSONL or text); never raises."""
    from trainer.base.errors import InputError
    from trainer.compliance import load_pack
    from trainer.compliance.finding import finding_id
    from trainer.report.audit import report_findings

    path = str(path)
    rows: list[dict[str, Any]] = []
    try:
        pack = load_pack(list(rules))
    except InputError as exc:
        return [problem_row(path, 0, str(p)) for p in exc.problems]
    waiting: deque = deque()
    try:
        for found in pack.audit_many(_transcripts(path, rows, waiting)):
            transcript, where = waiting.popleft()
            for f in report_findings(transcript, found, show_personal_data):
                rows.append({"file": path, "line": where.line, **{k: f.get(k) for k in FINDING_COLUMNS},
                             "id": finding_id(f)})
    except Exception as exc:  # one bad file must not kill the job: say what happened
        rows.append(problem_row(path, 0, f"{path}: 质检中断：{type(exc).__name__}: {exc}"))
    return rows


def count_rows(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """How many of ``rows`` are findings and how many are problems."""
    problems = sum(1 for r in rows if r.get("problem"))
    return {"findings": len(rows) - problems, "problems": problems}


def report_totals(totals: dict[str, int], out: str) -> int:
    """Say what a run did on standard error; the exit code: 1 when any record had a problem."""
    sys.stderr.write(f"质检 {totals['files']} 个文件：{totals['findings']} 条问题，"
                     f"{totals['problems']} 条无法使用的记录；结果在 {out}\n")
    return 1 if totals["problems"] else 0


def row_values(row: dict[str, Any]) -> tuple:
    """The row's values in :data:`SCHEMA`'s column order (None where it has none)."""
    return tuple(row.get(name) for name in SCHEMA.names)


def write_part(rows: list[dict[str, Any]], out_dir: str, index: int) -> str:
    """Write rows as ``out_dir/part-NNNNN.parquet`` with :data:`SCHEMA`; returns the file's path."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    target = str(Path(out_dir) / f"part-{index:05d}.parquet")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), target)
    return target
