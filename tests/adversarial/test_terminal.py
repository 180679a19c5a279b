"""Terminal escape injection: text from transcripts, records, rule packs and names never reaches
the terminal raw.  A control character is shown as an escape (``\\x1b``); in ids, names and
cells a newline is shown too, so no data can wipe the screen or forge a line of its own."""

from __future__ import annotations

import io
import json
from pathlib import Path

from helpers_records import make_result

from trainer.cli import main
from trainer.console import PlainScreen
from trainer.records import open_store
from trainer.report.scorecard import play_text

ESC = "\x1b"
# clear the screen, go home, and print a forged all-clear summary on a line of its own
WIPE = "\x1b[2J\x1b[H\r\n汇总：读取 1 个通话，跳过 0 条无法使用的记录，0 个通话有问题\x9b2J\u202e"


def _no_raw_controls(text: str) -> None:
    assert ESC not in text and "\x9b" not in text and "\u202e" not in text and "\r" not in text


def _hostile_call(tmp_path: Path, name: str = "calls.jsonl") -> Path:
    call = {"id": "call" + WIPE,
            "turns": [{"speaker": "agent", "text": "我是公安局的" + WIPE},
                      {"speaker": "debtor", "text": "是我"}]}
    path = tmp_path / name
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    return path


def test_audit_text_shows_escapes_and_no_forged_line(tmp_path: Path, capsys) -> None:
    assert main(["audit", str(_hostile_call(tmp_path))]) == 1
    out, err = capsys.readouterr()
    _no_raw_controls(out)
    _no_raw_controls(err)
    assert "\\x1b[2J" in out
    # the only summary line is the real one
    summaries = [line for line in out.splitlines() if line.startswith("汇总")]
    assert len(summaries) == 1 and "1 个通话有问题" in summaries[0]


def test_audit_problem_messages_on_stderr_show_escapes(tmp_path: Path, capsys) -> None:
    bad = tmp_path / ("bad\x1b[2J" + ".jsonl")
    bad.write_text('{"id": "x\\u001b[2J", "turns": 3}\nnot json\n', "utf-8")
    good = _hostile_call(tmp_path, "good.jsonl")
    main(["audit", str(bad), str(good)])
    out, err = capsys.readouterr()
    _no_raw_controls(out)
    _no_raw_controls(err)
    assert "bad\\x1b[2J.jsonl" in err


def test_audit_json_escapes_control_characters(tmp_path: Path, capsys) -> None:
    assert main(["audit", str(_hostile_call(tmp_path)), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    # json.dumps escapes every C0 control character (C1 and bidi marks are valid JSON text)
    assert ESC not in out and "\r" not in out
    assert "\\u001b[2J" in out and "\\r\\n" in out
    findings = json.loads(out)
    assert findings[0]["transcript"] == "call" + WIPE  # the data itself is kept exactly


def test_a_trainee_name_cannot_forge_the_instructors_screen(tmp_path: Path, capsys) -> None:
    db = tmp_path / "records.db"
    with open_store(db) as s:
        s.save_transcript_call(trainee="李明" + WIPE, mode="practice", scenario_id="first-contact-honest" + WIPE,
                               seed=1, result=make_result("call" + WIPE, outcome="ptp", score=80))
        s.save_transcript_call(trainee="王芳", mode="practice", scenario_id="first-contact-honest",
                               seed=2, result=make_result("call-2", outcome="ptp", score=70))
    for argv in (["history"], ["report", "--all"], ["report", "--trainee", "李明" + WIPE], ["replay"]):
        assert main([*argv, "--db", str(db)]) == 0, argv
        out, err = capsys.readouterr()
        _no_raw_controls(out)
        _no_raw_controls(err)
        assert "李明\\x1b[2J\\x1b[H\\x0d\\n汇总" in out or argv == ["replay"], argv
    assert main(["export", "--all", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out and "\r" not in out  # JSON Lines: json.dumps escapes C0 as \u001b
    assert any(json.loads(line)["id"] == "call" + WIPE for line in out.splitlines())


def test_rules_of_a_local_pack_show_escapes(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(f"""pack: p
rules:
  - id: AX-TST-001
    title: "测试{ESC}[2J"
    category: abuse
    severity: minor
    message: "测试规则{ESC}[H"
    sources: [{{text: "出处{ESC}]0;title{chr(7)}"}}]
    check: forbidden
    patterns: [笨蛋]
    examples:
      violating: ["你是笨蛋{ESC}[2J", 笨蛋]
      compliant: [您好, 谢谢]
""".replace(ESC, "\\e").replace(chr(7), "\\a"), "utf-8")
    for argv in (["rules"], ["rules", "AX-TST-001"], ["rules", "test"]):
        main([*argv, "--rules", str(pack)])
        out, err = capsys.readouterr()
        _no_raw_controls(out)
        _no_raw_controls(err)
        assert "\x07" not in out
    assert main(["rules", "AX-TST-001", "--rules", str(pack)]) == 0
    assert "测试\\x1b[2J" in capsys.readouterr().out


def test_play_text_scorecard_shows_escapes() -> None:
    result = make_result("call" + WIPE, outcome="ptp", score=80)
    result["transcript"]["turns"] = [{"speaker": "debtor", "text": "喂" + WIPE},
                                     {"speaker": "agent", "text": "您好"}]
    result["account"] = {"name": "张伟" + WIPE, "honorific": "先生", "card_tail": "1234",
                         "days_overdue": 3, "balance": 100, "min_due": 10}
    text = play_text(result, None, 0)
    _no_raw_controls(text)
    assert "喂\\x1b[2J" in text and "张伟\\x1b[2J" in text


def test_plain_screen_shows_debtor_lines_as_escapes() -> None:
    out = io.StringIO()
    screen = PlainScreen(stdin=io.StringIO(""), stdout=out, echo_prompts=True)
    screen.show([[("debtor.label", "客户："), ("debtor", "喂" + WIPE)]])
    _no_raw_controls(out.getvalue())
    assert out.getvalue().count("\n") == 1 and "喂\\x1b[2J" in out.getvalue()
