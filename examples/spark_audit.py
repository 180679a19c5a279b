"""Audit JSONL transcripts on a Spark cluster and write the findings as Parquet.

    pip install 'trainer[spark]'         # pyspark and pyarrow; Spark needs Java 17 or newer
    python examples/spark_audit.py calls/2026-03/*.jsonl --out findings.parquet      # local[*]
    python examples/spark_audit.py calls/*.jsonl --out findings.parquet --master spark://10.0.0.5:7077
    spark-submit --master yarn examples/spark_audit.py hdfs:///calls/a.jsonl --out hdfs:///audit/2026-03

Each input file is audited by one Spark task (``audit_rows.audit_file``, shared with
examples/dask_audit.py: the same engine, masking and de-duplication as
``trainer audit --format json``) and the rows are written by Spark as a Parquet dataset (a
directory of ``part-…parquet`` files) with an explicit schema, the one of ``audit_rows.SCHEMA``:
call-level findings have ``turn`` null.  Read it back with ``pyarrow.parquet.read_table(out)``,
``spark.read.parquet(out)`` or any Parquet reader.  An existing ``--out`` is never overwritten.

Like the CLI, a bad record never stops the job: every record that cannot be used (bad JSON, an
unknown speaker, a bad start time, an unreadable file …) becomes a row whose ``problem`` column
holds the located message (``path:line:col: CODE 说明``) and whose finding columns are null.
Personal data is masked as in every report unless ``show_personal_data=True`` (authorised use).
The input paths are read by the executors, so on a cluster they must be on storage every
executor sees (a shared file system); ``trainer`` and ``pyarrow`` must be installed there.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # audit_rows.py lies beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit_rows  # noqa: E402
from audit_rows import FINDING_COLUMNS, SCHEMA, audit_file, report_totals, row_values  # noqa: E402

__all__ = ["FINDING_COLUMNS", "SCHEMA", "audit_file", "audit_on_spark", "main", "spark_schema"]


def _spark_type(arrow_type: Any) -> Any:
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_string(arrow_type):
        return T.StringType()
    if pa.types.is_int64(arrow_type):
        return T.LongType()
    if pa.types.is_list(arrow_type):
        return T.ArrayType(_spark_type(arrow_type.value_type), containsNull=True)
    if pa.types.is_struct(arrow_type):
        return T.StructType([T.StructField(f.name, _spark_type(f.type), True) for f in arrow_type])
    raise TypeError(f"no Spark type for {arrow_type}")


def spark_schema() -> Any:
    """:data:`SCHEMA` as a Spark ``StructType`` (``turn`` and every finding column nullable)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, _spark_type(f.type), f.nullable) for f in SCHEMA])


def audit_on_spark(spark: Any, paths: Sequence[str], out: str, rules: Sequence[str] = (),
                   show_personal_data: bool = False) -> dict[str, int]:
    """Audit ``paths`` on the cluster of a ``SparkSession``, one task per file, into the Parquet
    dataset ``out`` (which must not exist yet); returns the totals (files, findings, problems)."""
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    # the executors need not have audit_rows.py: it is sent to them (trainer must be installed there)
    sc.addPyFile(audit_rows.__file__)
    paths = [str(p) for p in paths]
    audit = functools.partial(audit_file, rules=tuple(str(r) for r in rules),
                              show_personal_data=show_personal_data)
    rows = sc.parallelize(paths, max(1, len(paths))).flatMap(audit).map(row_values)
    spark.createDataFrame(rows, spark_schema()).write.mode("errorifexists").parquet(str(out))
    written = spark.read.parquet(str(out)).agg(F.count(F.lit(1)).alias("rows"),
                                               F.count("problem").alias("problems")).first()
    return {"files": len(paths), "findings": written["rows"] - written["problems"],
            "problems": written["problems"]}


def _session(master: str | None) -> tuple[Any, bool]:
    """The Spark session to run on, and whether it was started here (and so is to be stopped)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:  # called from a pyspark shell or notebook: use it, leave it running
        return active, False
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # plain python, not spark-submit
        master = "local[*]"
    builder = SparkSession.builder.appName("trainer-audit")
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        builder = builder.config("spark.pyspark.python", sys.executable)  # the workers run this Python
    return builder.getOrCreate(), True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="在 Spark 集群上质检 JSONL 通话记录，结果写成 Parquet",
        epilog="例：python examples/spark_audit.py calls/*.jsonl --out findings.parquet --master local[4]")
    parser.add_argument("paths", nargs="+", help="通话记录文件（JSON/JSONL/纯文本）")
    parser.add_argument("--out", required=True, help="Parquet 输出目录（须不存在，已有结果不会被覆盖）")
    parser.add_argument("--rules", action="append", default=[], help="本地规则包 YAML（可重复）")
    parser.add_argument("--master", help="Spark 主节点，如 spark://10.0.0.5:7077、yarn、local[4]；"
                                         "不写则用 spark-submit 的 --master，直接用 python 运行时为 local[*]；"
                                         "在已有的 Spark 会话里调用时用该会话")
    parser.add_argument("--show-personal-data", action="store_true", help="显示个人信息原文（仅限授权使用）")
    args = parser.parse_args(argv)
    if "://" not in args.out and Path(args.out).exists():
        sys.stderr.write(f"{args.out}: 输出目录已存在；请换一个目录或先移走它（已有结果不会被覆盖）\n")
        return 2
    from pyspark.errors import AnalysisException

    spark, started = _session(args.master)
    try:
        totals = audit_on_spark(spark, args.paths, args.out, args.rules, args.show_personal_data)
    except AnalysisException as exc:  # e.g. the output already exists on a cluster file system
        sys.stderr.write(f"{args.out}: 无法写出结果：{exc}\n")
        return 2
    finally:
        if started:
            spark.stop()
    return report_totals(totals, args.out)


if __name__ == "__main__":
    sys.exit(main())
