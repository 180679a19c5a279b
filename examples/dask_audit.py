"""Audit JSONL transcripts on a Dask cluster and write the findings as Parquet.

    pip install 'trainer[dask]'          # dask[distributed] and pyarrow
    python examples/dask_audit.py calls/2026-03/*.jsonl --out findings.parquet
    python examples/dask_audit.py calls/*.jsonl --out findings.parquet --scheduler tcp://10.0.0.5:8786

Each input file is audited by one task (the same engine, masking and de-duplication as
``trainer audit --format json``) and written as one part of a Parquet dataset (a directory:
``part-00000.parquet`` …), with an explicit schema so call-level findings (``turn`` null) and
files with no findings at all still write.  Read it back with ``pyarrow.parquet.read_table(out)``
or any Parquet reader.

Like the CLI, a bad record never stops the job: every record that cannot be used (bad JSON, an
unknown speaker, a bad start time, an unreadable file …) becomes a row whose ``problem`` column
holds the located message (``path:line:col: CODE 说明``) and whose finding columns are null.
Personal data is masked as in every report unless ``show_personal_data=True`` (authorised use).
"""

from __future__ import annotations

import argparse
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
    pa.field("agent", pa.string()),
    pa.field("team", pa.string()),
    pa.field("id", pa.string()),             # the finding's stable id, as in audit --format json
    pa.field("problem", pa.string()),        # set on problem rows only
])
FINDING_COLUMNS = ("transcript", "turn", "speaker", "rule", "category", "severity", "message", "excerpt",
                   "start", "end", "spans", "agent", "team")


def _problem_row(path: str, line: int, message: str) -> dict[str, Any]:
    return {"file": path, "line": line, "problem": message}


def _transcripts(path: str, rows: list[dict[str, Any]], waiting: deque) -> Iterator[dict[str, Any]]:
    from trainer.base.errors import Problem
    from trainer.content.transcript import read_transcripts

    for item in read_transcripts(path):
        if isinstance(item, Problem):
            rows.append(_problem_row(path, item.location.line, str(item)))
            continue
        waiting.append(item)
        yield item[0]


def audit_file(path: str, rules: Sequence[str] = (), show_personal_data: bool = False) -> list[dict[str, Any]]:
    """The finding rows and problem rows of one transcript file (JSON, JSONL or text); never raises."""
    from trainer.base.errors import InputError
    from trainer.compliance import load_pack
    from trainer.compliance.finding import finding_id
    from trainer.report.audit import report_findings

    rows: list[dict[str, Any]] = []
    try:
        pack = load_pack(list(rules))
    except InputError as exc:
        return [_problem_row(path, 0, str(p)) for p in exc.problems]
    waiting: deque = deque()
    try:
        for found in pack.audit_many(_transcripts(path, rows, waiting)):
            transcript, where = waiting.popleft()
            for f in report_findings(transcript, found, show_personal_data):
                rows.append({"file": path, "line": where.line, **{k: f.get(k) for k in FINDING_COLUMNS},
                             "id": finding_id(f)})
    except Exception as exc:  # one bad file must not kill the job: say what happened
        rows.append(_problem_row(path, 0, f"{path}: 质检中断：{type(exc).__name__}: {exc}"))
    return rows


def write_part(rows: list[dict[str, Any]], out_dir: str, index: int) -> str:
    """Write rows as ``out_dir/part-NNNNN.parquet`` with :data:`SCHEMA`; returns the file's path."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    target = str(Path(out_dir) / f"part-{index:05d}.parquet")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), target)
    return target


def audit_and_write(path: str, index: int, out_dir: str, rules: Sequence[str] = (),
                    show_personal_data: bool = False) -> dict[str, int]:
    """One task: audit one file, write its part; counts of finding and problem rows."""
    rows = audit_file(path, rules, show_personal_data)
    write_part(rows, out_dir, index)
    problems = sum(1 for r in rows if r.get("problem"))
    return {"findings": len(rows) - problems, "problems": problems}


def audit_on_cluster(client: Any, paths: Sequence[str], out_dir: str, rules: Sequence[str] = (),
                     show_personal_data: bool = False) -> dict[str, int]:
    """Audit ``paths`` on the cluster of a ``distributed.Client``, one task per file, into the
    Parquet dataset ``out_dir``; returns the totals (files, findings, problems)."""
    # the workers need not have this file: it is sent to them (trainer must be installed there)
    module = sys.modules[audit_and_write.__module__]
    if module.__name__ != "__main__":  # (a script's functions travel with the tasks anyway)
        client.upload_file(module.__file__)
    paths = [str(p) for p in paths]
    futures = client.map(audit_and_write, paths, range(len(paths)), out_dir=str(out_dir),
                         rules=tuple(str(r) for r in rules), show_personal_data=show_personal_data,
                         pure=False)
    totals = {"files": len(paths), "findings": 0, "problems": 0}
    for counts in client.gather(futures):
        totals["findings"] += counts["findings"]
        totals["problems"] += counts["problems"]
    return totals


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在 Dask 集群上质检 JSONL 通话记录，结果写成 Parquet")
    parser.add_argument("paths", nargs="+", help="通话记录文件（JSON/JSONL/纯文本）")
    parser.add_argument("--out", required=True, help="Parquet 输出目录")
    parser.add_argument("--rules", action="append", default=[], help="本地规则包 YAML（可重复）")
    parser.add_argument("--scheduler", help="调度器地址，如 tcp://10.0.0.5:8786；不写则在本机起一个集群")
    parser.add_argument("--workers", type=int, default=2, help="本机集群的进程数（默认 2）")
    parser.add_argument("--show-personal-data", action="store_true", help="显示个人信息原文（仅限授权使用）")
    args = parser.parse_args(argv)
    from distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, processes=True)
        client = Client(cluster)
    try:
        totals = audit_on_cluster(client, args.paths, args.out, args.rules, args.show_personal_data)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stderr.write(f"质检 {totals['files']} 个文件：{totals['findings']} 条问题，"
                     f"{totals['problems']} 条无法使用的记录；结果在 {args.out}\n")
    return 1 if totals["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
