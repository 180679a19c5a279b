"""One bad record never changes how the others are read, nor hides what they say."""

from __future__ import annotations

import json
from pathlib import Path

from trainer.cli import main
from trainer.content.transcript import read_transcripts

THREAT = {"id": "c1", "meta": {"contact": "debtor"}, "turns": [
    {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的小王，请问是张伟先生吗？"},
    {"speaker": "debtor", "text": "是我。"},
    {"speaker": "agent", "text": "我是公安局经侦支队的。你再不还钱就抓你去坐牢。"}]}


def _line(call: dict) -> bytes:
    return json.dumps(call, ensure_ascii=False).encode("utf-8") + b"\n"


def test_a_record_with_stray_bytes_does_not_hide_the_violations_of_the_others(tmp_path: Path, capsys) -> None:
    damaged = {**THREAT, "id": "c2"}
    path = tmp_path / "calls.jsonl"
    path.write_bytes(_line(THREAT) + _line(damaged)[:-1] + b"\xff\xfe\n" + _line({**THREAT, "id": "c3"}))
    code = main(["audit", str(path), "--format", "json"])
    out = capsys.readouterr()
    findings = json.loads(out.out)
    assert {f["transcript"] for f in findings} == {"c1", "c3"}
    assert {"impersonation", "threat"} <= {f["category"] for f in findings}
    assert f"{path}:2:" in out.err and "TR004" in out.err
    assert code != 0


def test_a_gb18030_record_after_64k_of_ascii_is_read(tmp_path: Path) -> None:
    filler = {"id": "ascii", "meta": {}, "turns": [{"speaker": "agent", "text": "hello " * 40}]}
    path = tmp_path / "mixed.jsonl"
    body = b"".join(_line({**filler, "id": f"a{i}"}) for i in range(300))
    assert len(body) > 64 * 1024
    gb = json.dumps({**THREAT, "id": "gb"}, ensure_ascii=False).encode("gb18030") + b"\n"
    path.write_bytes(body + gb)
    read = [item for item in read_transcripts(path) if isinstance(item, tuple)]
    assert read[-1][0]["id"] == "gb"
    assert read[-1][0]["turns"][2]["text"] == THREAT["turns"][2]["text"]


def test_a_line_of_nul_characters_is_not_a_turn(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes("坐席：您好\n".encode() + b"x" * 70_000 + b"\n" + b"\x00\x00\x00\n" + "客户：嗯\n".encode())
    items = list(read_transcripts(path))
    problems = [p for p in items if not isinstance(p, tuple)]
    assert any(p.location.line == 3 and p.code == "TR004" for p in problems)
