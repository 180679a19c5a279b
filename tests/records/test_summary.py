"""Schema version 4: the per-call summary rows behind ``trainer report``.

The report must show exactly what it showed when every figure was computed from ``calls``,
``findings`` and ``misses`` (the frozen version-3 code in ``tests/helpers_records/report_v3``);
an older file gets the rows once, keeping every call; a call killed mid-way leaves them
consistent; a file from a future version is refused."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_records import finding, make_result
from helpers_records.report_v3.progress_data import report_data as report_data_v3
from test_store import _kill_after

from benchmarks.records_db import build
from trainer.records import SCHEMA_VERSION, StoreError, migrations, open_store, stats
from trainer.records.summary import BACKFILL
from trainer.report.progress import (
    cohort_next,
    csv_data,
    next_scenarios,
    render_report,
    report_data,
)

HELPERS = Path(__file__).parents[1] / "helpers_records"
ROOT = Path(__file__).resolve().parents[2]


def _stored(conn: sqlite3.Connection) -> tuple[list, list]:
    return (conn.execute("SELECT * FROM call_summary ORDER BY call_id").fetchall(),
            conn.execute("SELECT * FROM call_violations ORDER BY call_id, category").fetchall())


def _recomputed(conn: sqlite3.Connection) -> tuple[list, list]:
    """What the summary rows should hold, computed afresh from the calls and their findings."""
    conn.execute("CREATE TEMP TABLE s AS SELECT * FROM call_summary WHERE 0")
    conn.execute("CREATE TEMP TABLE v AS SELECT * FROM call_violations WHERE 0")
    for sql in BACKFILL:
        conn.execute(sql.replace("INSERT INTO call_summary", "INSERT INTO s")
                     .replace("INSERT INTO call_violations", "INSERT INTO v"))
    out = (conn.execute("SELECT * FROM s ORDER BY call_id").fetchall(),
           conn.execute("SELECT * FROM v ORDER BY call_id, category").fetchall())
    conn.execute("DROP TABLE s")
    conn.execute("DROP TABLE v")
    return out


def _downgrade(path: Path) -> None:
    """Make a version-4 file the version-3 file it was: no summary tables, no triggers."""
    conn = sqlite3.connect(path)
    for name, kind in conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')"
                                   " AND (name LIKE 'call_summary%' OR name LIKE 'call_violations%')").fetchall():
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    """3,000 bulk calls (20 trainees over 400 days, recitals, unfinished calls, findings with a rule
    matched twice in a sentence, misses) plus calls recorded through the store with findings that
    the end of the call replaces, and stored values of the wrong type."""
    path = build(tmp_path_factory.mktemp("records") / "records.db", calls=3000, turns=2)
    with open_store(path) as store:
        for i in range(6):
            result = make_result(f"late-{i}", score=40 + 10 * i, passed=i % 2 == 0,
                                 findings=[finding(1, "threat", "major"), finding(1, "threat", "major"),
                                           finding(None, "impersonation", "critical")][: i % 4],
                                 missed_key_points=[("close.recap", "复述承诺")] if i % 2 else ())
            store.save_transcript_call(trainee="新学员", mode="practice", scenario_id="third-party-family",
                                       result=result)
        store.begin_call(uid="never-ended", trainee="新学员", mode="practice", scenario_id="special-deceased")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE calls SET score = 'abc' WHERE id = 7")
    conn.execute("UPDATE calls SET passed = 'yes' WHERE id = 11")
    conn.execute("UPDATE calls SET score = 77 WHERE id = 13")  # an integer, as another tool may store
    conn.commit()
    conn.close()
    return path


def _pages(store, trainee: str | None) -> dict[str, object]:
    data = report_data(store, trainee)
    old = report_data_v3(store, trainee)
    assert data == old
    data["next"] = cohort_next(data["matrix"], []) if trainee is None else next_scenarios(data["matrix"], [])
    pages = {fmt: render_report(data, cohort=trainee is None, fmt=fmt, db_path="x.db", generated="今天")
             for fmt in ("text", "html")}
    pages["csv"] = render_report(csv_data(store, trainee), cohort=trainee is None, fmt="csv", db_path="x.db",
                                 generated="今天")
    return pages


def test_the_report_shows_what_the_version_3_queries_computed(records: Path) -> None:
    with open_store(records) as store:
        for trainee in (None, "学员03", "新学员"):
            pages = _pages(store, trainee)
            assert "学员" in pages["text"] and pages["csv"].count("\r\n") > 5
        cohort = report_data(store, None)
    # the odd values stay out of the figures, as before
    assert cohort["summary"]["calls"] == 2970 + 7 and cohort["summary"]["incomplete"] > 100
    assert {t["name"] for t in cohort["trainees"]} >= {"学员00", "新学员"}


def test_the_triggers_keep_each_summary_row_equal_to_its_call(records: Path) -> None:
    conn = sqlite3.connect(records)
    assert _stored(conn) == _recomputed(conn)
    (n,) = conn.execute("SELECT COUNT(*) FROM call_summary").fetchone()
    assert n == conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0] == 3007
    # the rule matched twice in one sentence counts once
    assert conn.execute("SELECT violations FROM call_summary s JOIN calls c ON c.id = s.call_id"
                        " WHERE c.uid = 'late-2'").fetchone() == (1,)


def test_an_older_file_is_upgraded_once_keeping_every_call_and_every_figure(records: Path, tmp_path: Path,
                                                                            monkeypatch, capsys) -> None:
    old = tmp_path / "v3.db"
    shutil.copy(records, old)
    _downgrade(old)
    conn = sqlite3.connect(old)
    calls_before = conn.execute("SELECT * FROM calls ORDER BY id").fetchall()
    conn.close()
    export_before = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bare_export.py"), str(old)],
                                   capture_output=True, text=True, check=True).stdout
    monkeypatch.setattr(migrations, "UPGRADE_NOTICE_CALLS", 1000)
    with open_store(old) as store:
        assert "正在升级记录库" in capsys.readouterr().err
        with open_store(records) as original:
            assert report_data(store, None) == report_data(original, None)
        exported = list(store.export(include_recitals=False))
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert conn.execute("SELECT * FROM calls ORDER BY id").fetchall() == calls_before
    assert _stored(conn) == _recomputed(conn) == _stored(sqlite3.connect(records))
    conn.close()
    assert len(exported) == len(export_before.splitlines()) == sum(1 for c in calls_before if c[3] != "recite")
    after = subprocess.run([sys.executable, "-m", "trainer", "export", "--all", "--db", str(old)], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert after == export_before  # byte for byte, and the benchmark's baseline writes the same
    with open_store(old):  # opened again: nothing left to do, nothing said
        assert "正在升级" not in capsys.readouterr().err


def test_the_frozen_version_3_file_is_migrated_keeping_every_call(tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    conn = sqlite3.connect(db)
    conn.executescript((HELPERS / "records_v3.sql").read_text(encoding="utf-8"))
    conn.close()
    with open_store(db) as store:
        assert [r.uid for r in store.calls(oldest_first=True)] == [
            "practice-first-contact-honest-1", "practice-first-contact-honest-2", "practice-third-party-family-1",
            "recite-first_contact-1", "practice-first-contact-honest-3"]
        data = report_data(store, None)
        assert data == report_data_v3(store, None)
    # two calls done and scored (the text score leaves the third out), one unfinished
    assert (data["summary"]["calls"], data["summary"]["completed"], data["summary"]["avg_score"]) == (4, 2, 68.5)
    assert [(v["category"], v["total"]) for v in data["violations"]] == [("third_party_disclosure", 1),
                                                                          ("threat", 2)]
    assert data["recitals"]["count"] == 1
    conn = sqlite3.connect(db)
    assert _stored(conn) == _recomputed(conn)


def test_a_call_killed_mid_way_leaves_its_summary_consistent(tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    said = _kill_after(db, ["您好，我是安信银行的。", "您的欠款已经逾期。"], [])
    conn = sqlite3.connect(db)
    assert _stored(conn) == _recomputed(conn)
    ((done, score, outcome),) = conn.execute("SELECT done, score, outcome FROM call_summary").fetchall()
    assert (done, score, outcome) == (0, None, None) and said == 4
    with open_store(db) as store:
        summary = stats.summary(stats.overview(store.rows, None))
        assert (summary["calls"], summary["incomplete"], summary["avg_score"]) == (1, 1, None)


def test_a_file_from_a_future_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE call_summary_v5 (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(db)
    problem = caught.value.problems[0]
    assert problem.code == "STORE007" and str(db) in str(caught.value)
    assert f"结构版本 {SCHEMA_VERSION + 1}" in problem.message and "升级 trainer" in (problem.hint or "")
    assert db.read_bytes() == before
    run = subprocess.run([sys.executable, "-m", "trainer", "report", "--all", "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "STORE007" in run.stderr and "Traceback" not in run.stderr


def test_the_records_benchmark_runs_against_its_bare_sqlite3_scripts(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "benchmarks.bench_records", "--calls", "300", "--turns", "2",
                          "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("300 calls")
    assert [line[:34].rstrip() for line in lines[2:]] == [
        "trainer history --limit 0", "trainer report --all", "  vs bare (stored summary)",
        "trainer report --all --format csv", "trainer export --all"]
    assert all(line.count("×") == 2 for line in lines[2:])
