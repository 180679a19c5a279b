"""JSON output never carries C1 controls or bidi overrides raw: json.dumps escapes only C0, so
every JSON writer goes through one helper that writes U+0080–U+009F, U+202A–U+202E and
U+2066–U+2069 as \\uXXXX.  Readers get the very same strings back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_records import make_result

from trainer.cli import main
from trainer.records import open_store
from trainer.report.writers import json_text

HOSTILE = "\x9b2J\x85\u202eabc\u202a\u2066\u2069"
RAW = ("\x9b", "\x85", "\u202e", "\u202a", "\u2066", "\u2069")


def _no_raw(text: str) -> None:
    assert not any(ch in text for ch in RAW), [ch for ch in RAW if ch in text]


def test_json_text_escapes_and_round_trips() -> None:
    text = json.dumps({"x": HOSTILE, "y": "您好\x80\x9f"}, ensure_ascii=False)
    escaped = json_text(text)
    _no_raw(escaped)
    assert "\\u009b2J" in escaped and "\\u202eabc" in escaped and "您好" in escaped
    assert json.loads(escaped) == json.loads(text)


def test_audit_json_escapes_c1_and_bidi(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.jsonl"
    call = {"id": "c" + HOSTILE, "turns": [{"speaker": "agent", "text": "我是公安局的" + HOSTILE}]}
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    assert main(["audit", str(path), "--format", "json"]) == 1
    out = capsys.readouterr().out
    _no_raw(out)
    assert json.loads(out)[0]["transcript"] == "c" + HOSTILE


def test_audit_json_escapes_every_field_it_writes_itself(tmp_path: Path, capsys) -> None:
    # the JSON array escapes string by string (JsonWriter.escapes_json): the agent and the team, and
    # the rules named in ``also``, go through the same escaping as the call's id
    path = tmp_path / "c.jsonl"
    call = {"id": "c" + HOSTILE, "meta": {"agent": "王" + HOSTILE, "team": HOSTILE},
            "turns": [{"speaker": "agent", "text": "我是公安局的，你再不还钱就抓你" + HOSTILE}]}
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    assert main(["audit", str(path), "--format", "json"]) == 1
    out = capsys.readouterr().out
    _no_raw(out)
    first = json.loads(out)[0]
    assert first["agent"] == "王" + HOSTILE and first["team"] == HOSTILE
    assert first.get("also")


def test_export_escapes_c1_and_bidi(tmp_path: Path, capsys) -> None:
    db = tmp_path / "records.db"
    with open_store(db) as s:
        s.save_transcript_call(trainee="李明" + HOSTILE, mode="practice", scenario_id="first-contact-honest",
                               seed=1, result=make_result("call" + HOSTILE, outcome="ptp", score=80))
    assert main(["export", "--all", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    _no_raw(out)
    record = json.loads(out.splitlines()[0])
    assert record["id"] == "call" + HOSTILE and record["meta"]["record"]["trainee"] == "李明" + HOSTILE


@pytest.mark.parametrize("argv", [["play", "first-contact-honest", "--format", "json"],
                                  ["recite", "--format", "json"]])
def test_play_and_recite_json_escape_the_trainees_words(argv: list[str], tmp_path: Path, capsys) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("您好，我是安信银行信用卡中心的小王" + HOSTILE + "\n", "utf-8")
    main([*argv, "--input", str(lines), "--db", str(tmp_path / "r.db")] if argv[0] == "recite"
         else [*argv, "--input", str(lines)])
    out = capsys.readouterr().out
    _no_raw(out)
    assert "\\u202eabc" in out
    json.loads(out)
