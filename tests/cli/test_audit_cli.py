"""`trainer audit` and `trainer rules` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import main

GOOD = {"id": "call-ok", "meta": {"started_at": "2026-03-02T10:15:00+08:00"},
        "turns": [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"},
                  {"speaker": "debtor", "text": "是我"},
                  {"speaker": "agent", "text": "您的信用卡逾期45天，欠款12580元，今天能处理吗？"}]}
BAD = {"id": "call-bad", "turns": [{"speaker": "agent", "text": "您好，我是安信银行的小王，请问是张伟吗？"},
                                   {"speaker": "debtor", "text": "是我"},
                                   {"speaker": "agent", "text": "我是公 安 局的<script>alert(1)</script>。你个老赖"}]}


@pytest.fixture
def calls(tmp_path: Path) -> Path:
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in (GOOD, BAD)) + "\n", "utf-8")
    return path


def test_text_report_marks_the_excerpt_and_names_the_rule(calls: Path, capsys) -> None:
    assert main(["audit", str(calls)]) == 1
    out = capsys.readouterr().out
    assert "call-bad" in out and "call-ok" not in out
    assert "第 3 句 坐席：【我是公 安 局】" in out
    assert "CN-IMP-002" in out and "CN-ABU-001" in out
    assert "读取 2 个通话，跳过 0 条" in out and "1 个通话有问题" in out


def test_json_output_is_exactly_the_design_format(calls: Path, capsys) -> None:
    assert main(["audit", str(calls), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in findings} == {"CN-IMP-002", "CN-ABU-001"}
    f = next(f for f in findings if f["rule"] == "CN-IMP-002")
    fid = f.pop("id")  # the one added field: the finding's stable id (trainer review)
    assert f == {"transcript": "call-bad", "turn": 2, "speaker": "agent", "rule": "CN-IMP-002",
                 "category": "impersonation", "severity": "critical", "message": f["message"],
                 "excerpt": "我是公 安 局", "start": 0, "end": 7, "agent": None, "team": None}
    assert list(f)[:10] == ["transcript", "turn", "speaker", "rule", "category", "severity", "message",
                            "excerpt", "start", "end"]  # the design's fields first, in order; additions after
    assert len(fid) == 12 and set(fid) <= set("0123456789abcdef")


def test_clean_audit_exits_zero_and_prints_an_empty_array(tmp_path: Path, capsys) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False), "utf-8")
    assert main(["audit", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_csv_has_a_bom_for_excel(calls: Path, capsysbinary) -> None:
    main(["audit", str(calls), "--format", "csv"])
    out = capsysbinary.readouterr().out
    assert out.startswith("\ufeff".encode())
    assert b"CN-IMP-002" in out and "原文片段".encode() in out


def test_html_report_is_escaped_and_self_contained(calls: Path, capsys) -> None:
    assert main(["audit", str(calls), "--format", "html"]) == 1
    html = capsys.readouterr().out
    assert "<script>alert(1)" not in html and html.count("<script>") == 1  # only the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>我是公 安 局</mark>" in html
    assert "http" not in html.replace("http-equiv", "")  # nothing loaded from elsewhere
    assert "冒充公检法" in html


def test_fail_on_select_and_ignore(calls: Path, capsys) -> None:
    assert main(["audit", str(calls), "--ignore", "impersonation,abuse"]) == 0
    assert main(["audit", str(calls), "--select", "CN-ABU-001", "--format", "json"]) == 1
    assert main(["audit", str(calls), "--select", "abuse", "--fail-on", "critical", "--ignore", "CN-ABU-001"]) == 0
    assert main(["audit", str(calls), "--select", "CN-ABU-01"]) == 2
    assert "CN-ABU-001" in capsys.readouterr().err


def test_malformed_input_is_reported_and_the_rest_audited(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(BAD, ensure_ascii=False) + "\n{oops\n", "utf-8")
    assert main(["audit", str(path), "--fail-on", "critical"]) == 1
    captured = capsys.readouterr()
    assert f"{path}:2:2: TR001" in captured.err
    assert "跳过 1 条" in captured.out
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    assert main(["audit", str(empty)]) == 2


def test_stdin_dash(monkeypatch, capsys) -> None:
    data = io.TextIOWrapper(io.BytesIO(json.dumps(BAD, ensure_ascii=False).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", data)
    assert main(["audit", "-", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)


def test_local_rules_pack_changes_the_cut_off(tmp_path: Path) -> None:
    pack = tmp_path / "late.yaml"
    pack.write_text('pack: late\nsettings:\n  quiet_hours: {start: "21:00", end: "08:00"}\n', "utf-8")
    call = tmp_path / "c.json"
    call.write_text(json.dumps({**GOOD, "meta": {"started_at": "2026-03-02T21:30:00+08:00"}}, ensure_ascii=False))
    assert main(["audit", str(call)]) == 0
    assert main(["audit", str(call), "--rules", str(pack)]) == 1


def test_bad_rules_pack_is_exit_two_with_located_problems(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("pack: bad\ndisable: [CN-IMP-99]\n", "utf-8")
    assert main(["audit", "-", "--rules", str(pack)]) == 2
    assert f"{pack}:2:" in capsys.readouterr().err


def test_rules_list_explain_and_test(capsys) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "CN-IMP-006" in out and "威胁恐吓" in out
    assert main(["rules", "CN-IMP-006"]) == 0
    out = capsys.readouterr().out
    assert "司法调查组" in out and "违规示例" in out and "出处" in out
    assert main(["rules", "CN-IMP-006", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "CN-IMP-006"
    assert main(["rules", "test"]) == 0
    assert main(["rules", "CN-IMP-66"]) == 2
    assert "CN-IMP-006" in capsys.readouterr().err


def test_rules_test_fails_when_an_example_is_wrong(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text("""pack: p
rules:
  - id: AX-TST-001
    title: 测试
    category: abuse
    severity: minor
    message: 测试规则
    sources: [{text: 测试}]
    check: forbidden
    patterns: [笨蛋]
    examples:
      violating: [你是笨蛋, 你真是个大好人]
      compliant: [您好, 谢谢]
""", "utf-8")
    assert main(["rules", "test", "--rules", str(pack)]) == 1
    assert "你真是个大好人" in capsys.readouterr().out


def test_lone_surrogate_from_a_json_escape_is_audited_and_printed(tmp_path: Path) -> None:
    # "\ud800" is valid JSON but no character: the literal scans (Rust, UTF-8) and the output
    # streams (UTF-8) cannot take it as it is
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "s", "turns": [{"speaker": "agent", "text": "\\ud800我是公安局的"}]}\n', "utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    text = subprocess.run([sys.executable, "-m", "trainer", "audit", str(path)],
                          capture_output=True, text=True, env=env)
    assert text.returncode == 1, text.stderr
    assert "\\ud800【我是公安局】" in text.stdout and "CN-IMP-002" in text.stdout
    as_json = subprocess.run([sys.executable, "-m", "trainer", "audit", str(path), "--format", "json"],
                             capture_output=True, text=True, env=env)
    (finding,) = json.loads(as_json.stdout)
    assert (finding["rule"], finding["excerpt"], finding["start"], finding["end"]) == ("CN-IMP-002", "我是公安局", 1, 6)


def test_people_read_turns_from_one_and_the_rule_title_json_keeps_the_index(tmp_path: Path, capsys) -> None:
    call = {"id": "t1", "meta": {}, "turns": [
        {"speaker": "agent", "text": "请问是张伟吗？"}, {"speaker": "debtor", "text": "你哪位？"},
        {"speaker": "agent", "text": "你信用卡逾期了，欠款一万二。"}]}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    main(["audit", str(path)])
    text = capsys.readouterr().out
    assert "第 3 句" in text and "CN-TP-003 核实本人之前谈欠款" in text
    main(["audit", str(path), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    header, first = rows[0], rows[1]
    assert first[header.index("句序")] == "3" and first[header.index("规则名称")] == "核实本人之前谈欠款"
    main(["audit", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)[0]["turn"] == 2


def test_the_calling_hours_message_names_the_packs_own_hours(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "local.yaml"
    pack.write_text("pack: local\nversion: 1\nsettings:\n  quiet_hours: {start: \"21:00\", end: \"08:30\"}\n"
                    "rules: []\n", "utf-8")
    call = {"id": "n1", "meta": {"started_at": "2026-03-02T21:30:00+08:00"}, "turns": [
        {"speaker": "agent", "text": "您好，我是安信银行信用卡中心的小王，请问是张伟吗？"}]}
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    assert main(["audit", str(path), "--rules", str(pack), "--format", "json"]) == 1
    (hours,) = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "CN-HAR-001"]
    assert "21:00 至次日 08:30" in hours["message"] and "22:00" not in hours["message"]


def test_what_a_finding_also_stands_for_is_shown_in_every_format(tmp_path: Path, capsys) -> None:
    # one finding per breach: posing as the police and threatening arrest in one sentence is one line,
    # the impersonation, with the threat's rules named beside it
    call = tmp_path / "police.txt"
    call.write_text("坐席：您好，请问是周强先生吗？\n客户：是我。\n"
                    "坐席：周先生您好，我是安信银行信用卡中心司法调查组的，姓王，您的卡逾期了。\n客户：嗯。\n"
                    "坐席：我是公安局的，你再不还钱就抓你。\n", "utf-8")
    outputs = {}
    for fmt in ("text", "json", "csv", "html"):
        main(["audit", str(call), "--format", fmt])
        outputs[fmt] = capsys.readouterr().out
    # reported as impersonation, with the threat named beside it
    breach = next(f for f in json.loads(outputs["json"]) if f.get("also"))
    folded = {a["rule"] for a in breach["also"]}
    assert breach["category"] == "impersonation"
    assert "threat" in {a["category"] for a in breach["also"]}
    assert "同时涉及：" in outputs["text"] and "同时涉及：" in outputs["html"]
    assert all(rule in outputs["text"] and rule in outputs["html"] for rule in folded)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].lstrip("\ufeff"))))
    assert any(all(rule in row["同时涉及"] for rule in folded) for row in rows)
