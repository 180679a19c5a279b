"""Scale-out: examples/spark_audit.py on a local Spark cluster gives exactly `trainer audit`'s findings."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import main

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'trainer[spark]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'trainer[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 or newer), and java is not on PATH", allow_module_level=True)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spark_audit.py"
OPENING = {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"}


def _example():
    spec = importlib.util.spec_from_file_location(EXAMPLE.stem, EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _lines(calls: list) -> str:
    return "".join((c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)) + "\n" for c in calls)


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    first = tmp_path / "a.jsonl"
    first.write_text(_lines([
        {"id": "a1", "meta": {"agent": "王明", "team": "一组", "started_at": "2026-03-02T23:15:00+08:00"},
         "turns": [OPENING, {"speaker": "debtor", "text": "是我"},
                   {"speaker": "agent", "text": "你个老赖，老赖，我是公安局的，你身份证110101199003071234"}]},
        {"id": "a2", "turns": [OPENING, {"speaker": "debtor", "text": "是我"},
                               {"speaker": "agent", "text": "好的，谢谢您。"}]},
    ]), "utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text(_lines([
        "{oops",
        {"id": "b1", "turns": [{"speaker": "robot", "text": "您好"}]},
        {"id": "b2", "meta": {"started_at": "昨天晚上"}, "turns": [OPENING]},
        {"id": "b3", "meta": {"agent": "李娜"}, "turns": [OPENING, {"speaker": "agent", "text": "再不还就抓你坐牢"}]},
    ]), "utf-8")
    return [first, second]


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
