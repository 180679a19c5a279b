"""Scale-out: examples/spark_audit.py on a local Spark cluster gives exactly `trainer audit`'s findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scale_out_calls import EXAMPLES, load_example, write_files  # noqa: E402

from trainer.cli import main

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'trainer[spark]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'trainer[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 or newer), and java is not on PATH", allow_module_level=True)

EXAMPLE = EXAMPLES / "spark_audit.py"


def _example():
    return load_example("spark_audit")


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return write_files(tmp_path)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("trainer-test")
               .config("spark.pyspark.python", sys.executable)   # the executors run this Python
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_findings_equal_the_cli_and_problems_are_rows(files: list[Path], tmp_path: Path, spark,
                                                             capsys) -> None:
    import pyarrow.parquet as pq

    example = _example()
    out = tmp_path / "findings.parquet"
    totals = example.audit_on_spark(spark, files, out)
    rows = pq.read_table(out).to_pylist()   # Spark's dataset reads back with plain pyarrow
    assert main(["audit", *map(str, files), "--format", "json"]) == 1
    expected = json.loads(capsys.readouterr().out)
    findings = [{k: r[k] for k in (*example.FINDING_COLUMNS, "id")} for r in rows if r["problem"] is None]
    expected = [{**{k: None for k in (*example.FINDING_COLUMNS, "id")}, **f} for f in expected]
    assert findings == expected and findings
    assert any(f["turn"] is None for f in findings)  # the call-level finding (calling hours) wrote
    assert any(f["spans"] for f in findings)  # two places of one rule in one turn: one finding
    assert "110101199003071234" not in json.dumps(rows, ensure_ascii=False)  # masked as in reports
    problems = [r["problem"] for r in rows if r["problem"]]
    assert totals == {"files": 2, "findings": len(findings), "problems": len(problems)}
    codes = " ".join(problems)
    assert f"{files[1]}:1:" in codes and "TR001" in codes   # bad JSON
    assert "TR003" in codes and "robot" in codes             # an unknown speaker is reported
    assert "TR006" in codes                                  # so is a bad start time
    assert {r["file"] for r in rows} == {str(f) for f in files}
    # the same rows, column for column, as the Dask example writes (the shared explicit schema)
    assert pq.read_schema(next(out.glob("part-*.parquet"))).names == example.SCHEMA.names


def test_a_file_that_cannot_be_read_is_a_problem_row_and_results_are_never_overwritten(
        tmp_path: Path, spark) -> None:
    import pyarrow.parquet as pq

    example = _example()
    out = tmp_path / "out"
    totals = example.audit_on_spark(spark, [tmp_path / "missing.jsonl"], out)
    rows = pq.read_table(out).to_pylist()
    assert totals["problems"] == 1 and rows[0]["problem"].startswith(str(tmp_path / "missing.jsonl"))
    assert "TR007" in rows[0]["problem"]
    before = sorted(p.name for p in out.iterdir())
    assert example.main([str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == before


def test_main_runs_in_the_active_session_and_leaves_it_running(files: list[Path], tmp_path: Path, spark,
                                                                capsys) -> None:
    # (from a pyspark shell or notebook; a new JVM per test would cost half a minute)
    out = tmp_path / "cli.parquet"
    assert _example().main([*map(str, files), "--out", str(out), "--master", "local[2]"]) == 1  # b.jsonl
    err = capsys.readouterr().err
    assert "质检 2 个文件" in err and "条无法使用的记录" in err and str(out) in err
    assert len(list(out.glob("part-*.parquet"))) == 2  # one task, one part per file
    assert spark.sparkContext.parallelize([1, 2], 2).sum() == 3  # the caller's session still runs


def test_the_example_runs_as_a_script() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE), "--help"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "--master" in result.stdout and "例：" in result.stdout
