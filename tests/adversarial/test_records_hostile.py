"""A records file that cannot be written is read-only, not corrupt: reading commands work on it,
and a write is refused with a message that says read-only (never "replace it with a backup")."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

import pytest
from helpers_records import make_result

import trainer.records
from trainer.cli import main
from trainer.records import StoreError, open_store


@pytest.fixture
def ro_db(tmp_path: Path):
    """A valid records file, chmod 0444, in a directory chmod 0555."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "records.db"
    with open_store(db) as s:
        s.save_transcript_call(trainee="李明", mode="practice", scenario_id="first-contact-honest",
                               seed=1, result=make_result("call-1", outcome="ptp", score=80))
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    db.chmod(0o644)


def _read_only_anyway(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod stops no write: every store is then opened ``mode=ro`` to act as read-only."""
    if os.geteuid() == 0:
        monkeypatch.setattr(trainer.records, "open_store",
                            functools.partial(trainer.records.open_store, readonly=True))


@pytest.mark.parametrize("argv", [["history"], ["report"], ["export", "--all"], ["replay"]])
def test_reading_commands_work_on_a_read_only_file(ro_db: Path, argv: list[str], capsys) -> None:
    before = ro_db.read_bytes()
    assert main([*argv, "--db", str(ro_db)]) == 0
    out, err = capsys.readouterr()
    assert "STORE" not in err and "损坏" not in err
    assert ("call-1" in out) if argv[0] == "export" else out
    assert ro_db.read_bytes() == before


def test_a_write_to_a_read_only_store_says_read_only(ro_db: Path) -> None:
    with open_store(ro_db, readonly=True) as store:
        with pytest.raises(StoreError) as caught:
            store.begin_call(uid="x", trainee="王芳", mode="practice", scenario_id="first-contact-honest")
    message = str(caught.value.problems[0])
    assert "STORE005" in message and "只读" in message
    assert "损坏" not in message.replace("没有损坏", "") and "备份" not in message


def test_recording_a_call_on_a_read_only_store_is_exit_2_read_only(
        ro_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _read_only_anyway(monkeypatch)
    lines = tmp_path / "lines.txt"
    lines.write_text("您好，我是安信银行信用卡中心的王明，请问是张伟先生吗？\n", "utf-8")
    code = main(["play", "first-contact-honest", "--input", str(lines), "--trainee", "王芳", "--db", str(ro_db)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "只读" in err and "备份" not in err and "Traceback" not in err
    assert stat.S_IMODE(ro_db.stat().st_mode) == 0o444
