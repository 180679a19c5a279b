"""Odd arguments are usage errors (exit 2, a short message), never an internal error (exit 3)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_records import make_result

from trainer.cli import main
from trainer.records import open_store

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    with open_store(path) as s:
        s.save_transcript_call(trainee="李明", mode="practice", scenario_id="first-contact-honest",
                               seed=1, result=make_result("call-1", outcome="ptp", score=80))
    return path


@pytest.mark.parametrize("ref", ["²", "99999999999999999999999", "#١٢", "x" * 5000])
@pytest.mark.parametrize("what", ["export", "replay"])
def test_odd_call_ids_are_not_found_not_a_crash(db: Path, what: str, ref: str, capsys) -> None:
    assert main([what, ref, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "STORE010 找不到这些通话" in err and "内部错误" not in err and len(err) < 500


def test_the_number_of_a_call_still_finds_it(db: Path, capsys) -> None:
    assert main(["export", "1", "--db", str(db)]) == 0
    assert "call-1" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["play", "{name}", "--input", "-"], ["audit", "{name}"],
                                  ["validate", "{name}"], ["recite", "{name}", "--input", "-"]])
def test_a_name_past_the_file_system_limit_is_exit_2_clipped(argv: list[str], capsys) -> None:
    name = "场" * 100_000
    assert main([a.replace("{name}", name) for a in argv]) == 2
    err = capsys.readouterr().err
    assert "内部错误" not in err and "场" * 300 not in err and len(err) < 2_000


def _run(args: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "trainer", *args], input=data, capture_output=True,
                          env=ENV, timeout=60)


def test_recite_from_a_pipe_of_invalid_bytes_is_exit_2(tmp_path: Path) -> None:
    done = _run(["recite", "--db", str(tmp_path / "r.db")], b"\xff\xfe\x80abc\n")
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "RC002" in err and "内部错误" not in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs SIGINT")
@pytest.mark.parametrize("delay", [0.3, 0.5])
def test_ctrl_c_while_practice_starts_is_130_with_a_line(tmp_path: Path, delay: float) -> None:
    child = subprocess.Popen([sys.executable, "-m", "trainer", "practice", "first-contact-honest",
                              "--db", str(tmp_path / "r.db")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    time.sleep(delay)  # the interpreter is up; the commands or the scenario are loading
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    text = err.decode()
    assert "Traceback" not in text
    if child.returncode == 130:
        assert text.strip().endswith("trainer: 已取消")
    else:  # the call had already started: Ctrl-C ends it as incomplete, kept (DESIGN.md)
        assert child.returncode == 0 and out, text[-2000:]


def test_odd_stored_values_are_read_as_missing_with_a_note(db: Path, capsys) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE calls SET meta_json = 'not json', result_json = '{bad', seed = 'x', "
                     "score = 'abc', passed = 'y'")
        conn.execute("UPDATE turns SET data_json = '[1, 2]', text = x'ff00'")
        conn.execute("UPDATE findings SET data_json = '5', turn = 'q'")
    for argv in (["history"], ["report"], ["report", "--format", "html"], ["export", "--all"], ["replay"]):
        assert main([*argv, "--db", str(db)]) == 0, argv
        err = capsys.readouterr().err
        assert "内部错误" not in err, argv
    main(["history", "--db", str(db)])
    assert "通话 #1 的 score 值无法识别，按缺失处理" in capsys.readouterr().err
