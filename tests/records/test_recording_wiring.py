"""`practice` and `recite` keep what the trainee did in the training records; `history` shows it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from trainer.cli import main

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
HONEST = str(ENGINE / "engine-honest.yaml")
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"


def test_an_interrupted_practice_call_is_kept_as_incomplete(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO(OPENING + "\n"))
    assert main(["practice", HONEST, "--seed", "1", "--trainee", "李明", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["history", "--trainee", "李明", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "李明" in out and "未完成" in out
    assert main(["export", "--all", "--db", str(db)]) == 0
    exported = capsys.readouterr().out
    assert OPENING in exported


def test_a_recital_is_kept_with_its_score(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    attempt = tmp_path / "attempt.txt"
    attempt.write_text("您好", "utf-8")
    script = str(ENGINE / "engine_script.yaml")
    assert main(["recite", script, "--input", str(attempt), "--trainee", "王芳", "--db", str(db)]) == 1
    capsys.readouterr()
    assert main(["history", "--db", str(db)]) == 0
    assert "王芳" in capsys.readouterr().out


def test_play_records_only_when_asked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "records.db"
    lines = tmp_path / "lines.txt"
    lines.write_text(OPENING + "\n", "utf-8")
    main(["play", HONEST, "--input", str(lines), "--db", str(db)])
    assert not db.exists()
    main(["play", HONEST, "--input", str(lines), "--db", str(db), "--trainee", "赵六"])
    capsys.readouterr()
    assert main(["history", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "赵六" in out and "engine-honest" in out
