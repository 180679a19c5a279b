"""Scale-out: examples/dask_audit.py on a real Dask cluster gives exactly `trainer audit`'s findings."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from scale_out_calls import EXAMPLES, load_example, write_files  # noqa: E402

from trainer.cli import main

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'trainer[dask]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'trainer[dask]')")

EXAMPLE = EXAMPLES / "dask_audit.py"


def _example():
    return load_example("dask_audit")


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return write_files(tmp_path)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_cluster_findings_equal_the_cli_and_problems_are_rows(files: list[Path], tmp_path: Path, client,
                                                               capsys) -> None:
    import pyarrow.parquet as pq

    example = _example()
    out = tmp_path / "findings.parquet"
    totals = example.audit_on_cluster(client, files, out)
    rows = pq.read_table(out).to_pylist()
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


def test_a_file_that_cannot_be_read_is_a_problem_row_not_a_failed_job(tmp_path: Path, client) -> None:
    import pyarrow.parquet as pq

    example = _example()
    out = tmp_path / "out"
    totals = example.audit_on_cluster(client, [tmp_path / "missing.jsonl"], out)
    rows = pq.read_table(out).to_pylist()
    assert totals["problems"] == 1 and rows[0]["problem"].startswith(str(tmp_path / "missing.jsonl"))
    assert "TR007" in rows[0]["problem"]


def test_the_example_runs_as_a_script(files: list[Path], tmp_path: Path) -> None:
    import subprocess

    if shutil.which(sys.executable) is None:
        pytest.skip("no python executable")
    out = tmp_path / "cli.parquet"
    result = subprocess.run([sys.executable, str(EXAMPLE), *map(str, files), "--out", str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1, result.stderr[-3000:]  # the bad records of b.jsonl
    assert "条无法使用的记录" in result.stderr and (out / "part-00001.parquet").exists()
