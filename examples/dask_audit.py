"""Audit JSONL transcripts on a Dask cluster and write the findings as Parquet.

    pip install 'trainer[dask]'          # dask[distributed] and pyarrow
    python examples/dask_audit.py calls/2026-03/*.jsonl --out findings.parquet
    python examples/dask_audit.py calls/*.jsonl --out findings.parquet --scheduler tcp://10.0.0.5:8786

Each input file is audited by one task (``audit_rows.audit_file``, shared with
examples/spark_audit.py: the same engine, masking and de-duplication as
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # audit_rows.py lies beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit_rows  # noqa: E402
from audit_rows import FINDING_COLUMNS, SCHEMA, audit_file, count_rows, report_totals, write_part  # noqa: E402

__all__ = ["FINDING_COLUMNS", "SCHEMA", "audit_and_write", "audit_file", "audit_on_cluster", "main"]


def audit_and_write(path: str, index: int, out_dir: str, rules: Sequence[str] = (),
                    show_personal_data: bool = False) -> dict[str, int]:
    """One task: audit one file, write its part; counts of finding and problem rows."""
    rows = audit_file(path, rules, show_personal_data)
    write_part(rows, out_dir, index)
    return count_rows(rows)


def audit_on_cluster(client: Any, paths: Sequence[str], out_dir: str, rules: Sequence[str] = (),
                     show_personal_data: bool = False) -> dict[str, int]:
    """Audit ``paths`` on the cluster of a ``distributed.Client``, one task per file, into the
    Parquet dataset ``out_dir``; returns the totals (files, findings, problems)."""
    # the workers need not have these files: they are sent to them (trainer and pyarrow must be
    # installed there); the shared module first, since this one imports it
    client.upload_file(audit_rows.__file__)
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
    return report_totals(totals, args.out)


if __name__ == "__main__":
    sys.exit(main())
