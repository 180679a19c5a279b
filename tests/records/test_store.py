"""The records store: where it lives, what it keeps, durability, concurrency and migrations."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_records import FakeCall, FakeScenario, finding, make_result

from trainer.records import (
    SCHEMA_VERSION,
    Recorder,
    StoreError,
    default_db_path,
    migrations,
    misses_from_result,
    open_store,
    record_recital,
)

HELPERS = Path(__file__).parents[1] / "helpers_records"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


# --------------------------------------------------------------------------- where


def test_default_path_follows_trainer_db_then_xdg_then_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "mine.db"))
    assert default_db_path() == tmp_path / "mine.db"
    monkeypatch.delenv("TRAINER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "trainer" / "records.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "trainer" / "records.db"


def test_open_creates_parent_directories_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "records.db"
    with open_store(path) as s:
        assert s.calls() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reading_a_missing_database_does_not_create_it(db: Path) -> None:
    assert open_store(db, create=False) is None
    assert not db.exists()


# --------------------------------------------------------------------------- what it keeps


def test_recorder_keeps_each_turn_as_it_happens_and_the_result_at_the_end(db: Path) -> None:
    s = open_store(db)
    call = FakeCall("practice-first-contact-honest-7")
    rec = Recorder(s, "李明", "practice", FakeScenario(), versions={"script": "s1", "rules": "r1"}, seed=7)
    turn0 = {"speaker": "debtor", "text": "喂，哪位？", "stage": "opening", "response": "ASK_WHO"}
    rec.on_turn(call, 0, turn0, [])
    turn1 = {"speaker": "agent", "text": "我是公安局经济犯罪侦查科的。"}
    rec.on_turn(call, 1, turn1, [finding(1)])

    # another process (connection) sees both turns before the call has ended
    with open_store(db) as other:
        (row,) = other.calls()
        assert row.outcome == "incomplete" and row.turn_count == 2 and row.finding_count == 1
        assert other.turns(row.id)[0]["response"] == "ASK_WHO"

    result = make_result(call.id, outcome="refused", score=30,
                         turns=[("debtor", "喂，哪位？"), ("agent", "我是公安局经济犯罪侦查科的。"),
                                ("debtor", "你吓唬谁呢！")],
                         findings=[finding(1), finding(None, "identification", "major", "CN-ID-001", "")],
                         missed_key_points=[("opening.department", "报出银行和「司法调查组」")],
                         missed_responses=["ASK_WHO"])
    rec.on_end(call, result)
    rec.on_end(call, result)  # a second end changes nothing
    (row,) = s.calls()
    assert (row.trainee, row.mode, row.scenario_id, row.seed) == ("李明", "practice", "first-contact-honest", 7)
    assert (row.outcome, row.passed, row.score) == ("refused", False, 30.0)
    assert row.versions == {"scenario": None, "script": "s1", "rules": "r1"}
    assert row.started_at == "2026-03-02T10:15:00+08:00" and row.finished_at
    assert [t["text"] for t in s.turns(row.id)][-1] == "你吓唬谁呢！"  # the end completes the turns
    assert sorted(f["category"] for f in s.findings(row.id)) == ["identification", "impersonation"]
    assert {(k, c) for _, k, c, _ in s.misses()} == {("key_point", "opening.department"), ("response", "ASK_WHO")}


def test_calls_are_listed_newest_first_and_can_be_found_by_number_or_id(db: Path) -> None:
    s = open_store(db)
    for i in range(3):
        s.save_transcript_call(trainee="李明" if i != 1 else "王芳", mode="practice",
                               scenario_id="first-contact-honest", result=make_result(f"c{i}", score=60 + i))
    assert [r.uid for r in s.calls()] == ["c2", "c1", "c0"]
    assert [r.uid for r in s.calls(trainee="李明")] == ["c2", "c0"]
    assert [r.uid for r in s.find_calls(["#3", "c0", "2"])] == ["c2", "c0", "c1"]
    with pytest.raises(StoreError, match="找不到这些通话：c9、#42"):
        s.find_calls(["c1", "c9", "#42"])


def test_the_same_transcript_id_twice_gets_a_distinct_record(db: Path) -> None:
    s = open_store(db)
    for _ in range(3):
        s.save_transcript_call(trainee="李明", mode="play", scenario_id="x", result=make_result("play-x-7"))
    assert sorted(r.uid for r in s.calls()) == ["play-x-7", "play-x-7-2", "play-x-7-3"]


def test_a_recital_is_kept_with_its_accuracy_and_missing_elements(db: Path) -> None:
    s = open_store(db)

    class Recital:
        script_id, line_id, scenario_id = "first_contact", "opening.standard", "first-contact-honest"

    attempt = {"target": "您好……", "attempt": "您好，这里是安信银行信用卡中心法务部", "accuracy": 0.81,
               "passed": False, "elements": [{"key": "department", "label": "部门「司法调查组」",
                                              "text": "司法调查组", "present": False}]}
    record_recital(s, trainee="李明", recital=Recital(), result=attempt)
    (row,) = s.calls()
    assert (row.mode, row.score, row.passed, row.outcome) == ("recite", 81.0, False, "recite_failed")
    assert s.turns(row.id) == [{"speaker": "agent", "text": "您好，这里是安信银行信用卡中心法务部"}]
    assert s.misses()[0][2:] == ("recite.department", "部门「司法调查组」")
    assert s.calls(include_recitals=False) == []


def test_misses_are_read_from_missed_lists_and_from_score_deductions() -> None:
    result = {"missed": {"key_points": ["close.recap", {"id": "verify", "title": "核实身份"}]},
              "score": {"total": 50, "deductions": [{"key_point": "close.recap", "title": "复述承诺"},
                                                    {"response": "NO_MONEY", "points": 5},
                                                    {"rule": "CN-THR-001", "points": 20}]}}
    assert sorted(misses_from_result(result)) == [
        ("key_point", "close.recap", "复述承诺"), ("key_point", "verify", "核实身份"),
        ("response", "NO_MONEY", None)]


# --------------------------------------------------------------------------- bad files


def test_a_file_that_is_not_sqlite_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("这不是数据库\n" * 20, encoding="utf-8")
    with pytest.raises(StoreError) as err:
        open_store(bad)
    assert str(bad) in str(err.value) and "STORE002" in str(err.value)
    assert bad.read_text(encoding="utf-8").startswith("这不是数据库")  # untouched


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是 trainer 的记录库"):
        open_store(other)
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["people"]


def test_a_corrupt_database_gives_a_clear_error(db: Path) -> None:
    with open_store(db) as s:
        for i in range(40):
            s.save_transcript_call(trainee="李明", mode="practice", scenario_id="x",
                                   result=make_result(f"c{i}", turns=[("agent", "很长的一句话" * 200)]))
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # keep the header page, scramble the rest
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError) as err:
        s = open_store(db)
        s.calls()
    assert str(db) in str(err.value) and "损坏" in str(err.value)


def test_a_database_from_a_newer_trainer_is_refused(db: Path) -> None:
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(db)


def test_a_version_1_database_is_migrated_keeping_every_call(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.executescript((HELPERS / "records_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    s = open_store(db)
    rows = s.calls()
    assert [r.uid for r in rows] == ["practice-first-contact-honest-2", "practice-first-contact-honest-1"]
    old = rows[1]
    assert (old.trainee, old.outcome, old.score, old.passed) == ("老员工", "ptp", 62.0, False)
    assert rows[0].outcome == "incomplete"  # it never ended
    assert s.misses() == [(1, "key_point", "close.recap", "复述承诺")]  # backfilled from the old result
    assert [f["category"] for f in s.findings(1)] == ["threat"]
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # and the migrated file takes new calls
    s.save_transcript_call(trainee="老员工", mode="practice", scenario_id="x", result=make_result("new"))
    assert s.calls()[0].uid == "new"


def test_a_failed_migration_leaves_the_old_file_as_it_was(db: Path, monkeypatch) -> None:
    conn = sqlite3.connect(db)
    conn.executescript((HELPERS / "records_v1.sql").read_text(encoding="utf-8"))
    conn.close()

    def broken(_db):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations._m1, broken])
    with pytest.raises(StoreError):
        open_store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0] == 2


# --------------------------------------------------------------------------- durability and concurrency


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _kill_after(db: Path, lines: list[str], args: list[str]) -> int:
    """Run the helper, feed ``lines`` one at a time, SIGKILL it after the last was recorded."""
    with subprocess.Popen([sys.executable, str(HELPERS / "killed_midcall.py"), str(db), *args],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env()) as proc:
        said = 0
        try:
            if args:  # the real call says its opening before the first agent line
                said = int(proc.stdout.readline().split()[1])
            for line in lines:
                proc.stdin.write(line + "\n")
                proc.stdin.flush()
                reply = proc.stdout.readline()
                assert reply.startswith("said "), reply
                said = int(reply.split()[1])
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return said


def test_a_call_killed_with_sigkill_keeps_every_turn_said_and_shows_incomplete(db: Path) -> None:
    lines = ["您好，这里是安信银行信用卡中心司法调查组，我姓王。", "请问是张伟先生吗？", "您的卡片已经逾期45天。"]
    said = _kill_after(db, lines, [])
    assert said == 6
    with open_store(db) as s:
        (row,) = s.calls()
        assert row.outcome == "incomplete" and row.finished_at is None
        texts = [t["text"] for t in s.turns(row.id)]
        assert len(texts) == said
        assert [t for t in texts if not t.startswith("回答")] == lines


def test_a_real_practice_call_killed_with_sigkill_is_kept_up_to_the_turn_in_flight(db: Path) -> None:
    pytest.importorskip("trainer.sim.session")
    scenario = HELPERS.parent / "golden" / "engine" / "engine-honest.yaml"
    lines = ["您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？",
             "您尾号6688的信用卡已经逾期45天，目前欠款12580元。"]
    said = _kill_after(db, lines, ["--real", str(scenario)])
    assert said == 1 + 2 * len(lines)  # the opening, then each line and its reply
    with open_store(db) as s:
        (row,) = s.calls()
        assert row.outcome == "incomplete" and row.scenario_id == "engine-honest" and row.seed == 3
        turns = s.turns(row.id)
        assert len(turns) == said
        assert [t["text"] for t in turns if t["speaker"] == "agent"] == lines
        assert turns[1]["stage"] == "opening" and "acts" in turns[1]  # annotations kept


def test_eight_processes_writing_fifty_calls_each_lose_nothing(db: Path) -> None:
    workers, calls, turns = 8, 50, 4
    start = time.monotonic()
    procs = [subprocess.Popen([sys.executable, str(HELPERS / "write_calls.py"), str(db), str(w),
                               str(calls), str(turns)], env=_env(), stderr=subprocess.PIPE, text=True)
             for w in range(workers)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, errors
    with open_store(db) as s:
        rows = s.calls()
        assert len(rows) == workers * calls
        assert len({r.uid for r in rows}) == workers * calls
        assert all(r.complete and r.turn_count == turns for r in rows)
        assert sorted(s.trainees()) == sorted(f"学员{w}" for w in range(workers))
    assert time.monotonic() - start < 60


def test_a_turn_that_cannot_be_written_is_a_store_error_and_the_saved_turns_stay(db: Path) -> None:
    # the fast path of add_turn (a turn without findings) reports a failed write as the other
    # writes do, rolls back, and leaves the turns already committed and the store usable
    store = open_store(db)
    call = store.begin_call(uid="u1", trainee="小李", mode="practice", scenario_id="first-contact-honest")
    store.add_turn(call, 0, {"speaker": "agent", "text": "您好，请问是张伟先生吗？"})
    store._db.execute("PRAGMA query_only = ON")  # as if the file had become read-only
    with pytest.raises(StoreError) as err:
        store.add_turn(call, 1, {"speaker": "debtor", "text": "是我。"})
    assert "STORE005" in str(err.value) and "只读" in str(err.value)
    store._db.execute("PRAGMA query_only = OFF")
    store.add_turn(call, 1, {"speaker": "debtor", "text": "是我。"})  # no transaction was left open
    store.close()
    with open_store(db) as again:
        assert [t["text"] for t in again.turns(call)] == ["您好，请问是张伟先生吗？", "是我。"]
