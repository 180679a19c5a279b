"""`trainer audit --store` and `trainer review` as compliance staff use them: plain-mode commands,
the keyboard screen, bad lines, the trail, and decisions that outlive a killed process."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from trainer.cli import main

CALL = {"id": "c1", "meta": {"agent": "王五", "started_at": "2026-03-02T10:15:00+08:00"},
        "turns": [{"speaker": "agent", "text": "您好，我是安信银行的小王"},
                  {"speaker": "debtor", "text": "什么事"},
                  {"speaker": "agent", "text": "我是公安局的，你再不还就抓你"},
                  {"speaker": "debtor", "text": "你吓唬谁"},
                  {"speaker": "agent", "text": "你个老赖，明天就去你单位闹"}]}


@pytest.fixture
def audited(tmp_path: Path, capsys) -> tuple[Path, Path, list[dict[str, Any]]]:
    """A transcript file, a records file it was audited into, and the JSON findings (with ids)."""
    calls, db = tmp_path / "calls.jsonl", tmp_path / "review.db"
    calls.write_text(json.dumps(CALL, ensure_ascii=False) + "\n", "utf-8")
    assert main(["audit", str(calls), "--db", str(db), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert len(findings) >= 3 and all(f["status"] == "pending" for f in findings)
    return calls, db, findings


def review(monkeypatch, capsys, db: Path, commands: str, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(commands))
    code = main(["review", "--db", str(db), "--reviewer", "王芳", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def statuses(calls: Path, db: Path, capsys) -> dict[str, str]:
    main(["audit", str(calls), "--db", str(db), "--format", "json"])
    return {f["id"]: f["status"] for f in json.loads(capsys.readouterr().out)}


def test_json_ids_are_stable_and_the_same_with_or_without_a_store(audited, capsys) -> None:
    calls, _db, findings = audited
    assert main(["audit", str(calls), "--format", "json"]) == 1
    plain = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in plain] == [f["id"] for f in findings]
    assert "status" not in plain[0]  # only findings that come from a store have a status


def test_plain_commands_decide_and_a_re_audit_shows_the_decisions(audited, monkeypatch, capsys) -> None:
    calls, db, findings = audited
    a, b, c = (f["id"] for f in findings[:3])
    code, out, err = review(monkeypatch, capsys, db,
                            f"confirm {a} 确属冒充警方\ndismiss {b[:6]} 客户原话复述\nappeal {c} 坐席不认可\nlist\n")
    assert code == 0, err
    assert f"确认：{a}" in out and "→ 已驳回" in out and "→ 申诉中" in out
    # the pending list: the appealed one and the undecided ones, not the confirmed or dismissed
    assert f"{c}  申诉中" in out and f"共 {len(findings) - 2} 条" in out and f"{a}  已确认" not in out
    assert statuses(calls, db, capsys) == {a: "confirmed", b: "dismissed", c: "appealed",
                                           **{f["id"]: "pending" for f in findings[3:]}}


def test_text_and_csv_reports_show_the_review_status(audited, monkeypatch, capsys) -> None:
    calls, db, findings = audited
    review(monkeypatch, capsys, db, f"confirm {findings[0]['id']}\n")
    assert main(["audit", str(calls), "--store", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert f"〔已确认 · {findings[0]['id']}〕" in out and "复核状态：待复核" in out
    assert main(["audit", str(calls), "--db", str(db), "--format", "csv"]) == 1
    header, first = capsys.readouterr().out.splitlines()[:2]
    assert header.endswith("编号,复核状态") and first.endswith(f"{findings[0]['id']},confirmed")


def test_bad_lines_are_located_exit_2_and_lose_nothing(audited, monkeypatch, capsys) -> None:
    calls, db, findings = audited
    a, b = findings[0]["id"], findings[1]["id"]
    code, out, err = review(monkeypatch, capsys, db,
                            f"confirm {a}\ndismiss {b}\nconfirm 0123456789ab 理由\napprove {b} 好\n"
                            f"appeal {b} 坐席有异议\n")
    assert code == 2
    assert f"<stdin>:2:{len('dismiss ' + b) + 2}: RV004 驳回必须写明理由" in err
    assert "<stdin>:3:9: RV002 没有编号为 0123456789ab 的质检结果" in err
    assert "<stdin>:4:1: RV001 未知的命令 approve" in err
    assert "Traceback" not in err and "2 个决定已保存" in err
    got = statuses(calls, db, capsys)
    assert (got[a], got[b]) == ("confirmed", "appealed")  # before and after the bad lines


def test_history_prints_the_whole_trail(audited, monkeypatch, capsys) -> None:
    _calls, db, findings = audited
    a = findings[0]["id"]
    review(monkeypatch, capsys, db, f"confirm {a} 第一次\nreopen {a} 要再听录音\ndismiss {a} 听后是引用\n")
    assert main(["review", "--db", str(db), "--history", a[:5]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{a}  已驳回  c1  第 3 句")
    assert [line.split("  ")[3] for line in lines[1:]] == ["确认：第一次", "重新待审：要再听录音", "驳回：听后是引用"]
    assert all("王芳" in line for line in lines[1:])
    assert main(["review", "--db", str(db), "--history", "ffffffffffff"]) == 2
    assert "RV002" in capsys.readouterr().err


def test_an_unknown_call_is_refused(audited, monkeypatch, capsys) -> None:
    _calls, db, _findings = audited
    code, _out, err = review(monkeypatch, capsys, db, "list\n", "--call", "c9")
    assert code == 2 and "没有通话「c9」" in err and "c1" in err


def test_show_marks_the_span_in_its_context(audited, monkeypatch, capsys) -> None:
    _calls, db, findings = audited
    imp = next(f for f in findings if f["rule"] == "CN-IMP-002")
    _code, out, _err = review(monkeypatch, capsys, db, f"show {imp['id']}\n")
    assert "▶   3 坐席：【我是公安局】的，你再不还就抓你" in out
    assert "什么事" in out and "你吓唬谁" in out  # the turns before and after


def test_the_keyboard_screen_decides_one_finding_per_key(audited) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from trainer.console.prompt import PromptScreen
    from trainer.console.review import review_keys
    from trainer.records import ReviewDesk, open_store

    _calls, db, findings = audited
    with open_store(db) as store, create_pipe_input() as pipe, \
            create_app_session(input=pipe, output=DummyOutput()):
        desk = ReviewDesk(store)
        queue = desk.findings(pending_only=True)
        screen = PromptScreen(completion=False, colour=False)
        # y: confirm; n + empty reason: cancelled, then a + reason: appeal; s: skip; q: quit
        pipe.send_text("y" + "n\r" + "a坐席有异议\r" + "s" + "q")
        assert review_keys(desk, screen, queue, reviewer="王芳") == 2
        got = {f.id: f.status for f in desk.findings()}
    assert [got[f.id] for f in queue[:3]] == ["confirmed", "appealed", "pending"]
    shown = "\n".join(screen.shown)
    assert "[1/" in shown and "已取消" in shown and "本次复核 2 条" in shown


def test_review_help_has_an_example(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    out = capsys.readouterr().out
    assert "示例" in out and "trainer review --db" in out and "dismiss" in out


# --------------------------------------------------------------------------- durability


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_a_review_killed_with_sigkill_keeps_every_decision_made(audited) -> None:
    _calls, db, findings = audited
    ids = [f["id"] for f in findings[:3]]
    commands = [f"confirm {ids[0]} 确认", f"dismiss {ids[1]} 误报", f"appeal {ids[2]} 坐席申诉"]
    with subprocess.Popen([sys.executable, "-m", "trainer", "review", "--db", str(db), "--reviewer", "王芳"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
                          env=_env()) as proc:
        try:
            for n, line in enumerate(commands, start=1):
                proc.stdin.write(line + "\n")
                proc.stdin.flush()
                assert "→" in proc.stdout.readline()
                # committed as made: another connection already sees it
                seen = sqlite3.connect(db).execute("SELECT COUNT(*) FROM review_events").fetchone()[0]
                assert seen == n
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT finding_id, action, reason FROM review_events ORDER BY seq").fetchall()
    assert rows == [(ids[0], "confirm", "确认"), (ids[1], "dismiss", "误报"), (ids[2], "appeal", "坐席申诉")]
