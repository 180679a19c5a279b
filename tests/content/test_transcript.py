"""Transcript readers: every format and encoding, and bad input reported with its location."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trainer.base.errors import InputError, Problem
from trainer.content.transcript import Transcript, read_transcripts, render_plain

CALL = {"id": "call-0001", "meta": {"contact": "debtor", "started_at": "2026-03-02T10:15:00+08:00"},
        "turns": [{"speaker": "agent", "text": "您好，请问是张伟先生吗？"}, {"speaker": "debtor", "text": "是我"}]}


def _read(path: Path) -> tuple[list[dict], list[Problem]]:
    calls, problems = [], []
    for item in read_transcripts(path):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            calls.append(item[0])
    return calls, problems


def test_jsonl_bad_line_is_reported_with_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    lines = [json.dumps(CALL, ensure_ascii=False), "{\"id\": \"broken\", ", json.dumps({**CALL, "id": "call-0002"})]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    calls, problems = _read(path)
    assert [c["id"] for c in calls] == ["call-0001", "call-0002"]
    assert len(problems) == 1 and problems[0].code == "TR001"
    assert str(problems[0]).startswith(f"{path}:2:")


def test_jsonl_lines_read_exactly_like_the_json_module(tmp_path: Path) -> None:
    # JSONL goes through a faster parser; what it could read differently (integers beyond
    # 64 bits, NaN, lone surrogates, a BOM on a later line) must come out as json.loads has it
    lines = ['{"id": 123456789012345678901234567890, "turns": [{"speaker": "agent", "text": "您好"}]}',
             '{"id": "n", "meta": {"attempts_today": 99999999999999999999999, "score": NaN}, "turns": []}',
             '{"id": "s", "turns": [{"speaker": "agent", "text": "\\ud800您好"}]}',
             '\ufeff{"id": "b", "turns": [{"speaker": "debtor", "text": "嗯"}]}',
             '{"id": "f", "meta": {"contact": "debtor"}, "turns": [{"speaker": "agent", "text": "ｆｕｌｌ　ｗｉｄｔｈ"}]}']
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    calls, problems = _read(path)
    expected = [json.loads(line.lstrip("\ufeff")) for line in lines]
    expected[0]["id"] = "123456789012345678901234567890"
    assert problems == [] and calls == expected
    assert calls[1]["meta"]["attempts_today"] == 99999999999999999999999


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.json"])
def test_absurdly_nested_json_is_a_problem_not_a_crash(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    deep = '{"id": "x", "turns": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(deep + "\n" + (json.dumps(CALL) if name.endswith("l") else ""), "utf-8")
    calls, problems = _read(path)
    assert [p.code for p in problems] == ["TR001"] and "嵌套" in problems[0].message
    assert [c["id"] for c in calls] == (["call-0001"] if name.endswith("l") else [])


@pytest.mark.parametrize(("turns", "code"), [
    ([{"speaker": "boss", "text": "你好"}], "TR003"),
    ([{"speaker": "agent", "text": 5}], "TR002"),
    ("not a list", "TR002"),
    ([["agent", "你好"]], "TR002"),
])
def test_wrong_types_and_unknown_speakers_are_skipped(tmp_path: Path, turns, code: str) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x", "turns": turns}), "utf-8")
    calls, problems = _read(path)
    # undecodable bytes are reported where they are; a file left with no record says so too
    assert calls == [] and [p.code for p in problems][0] == code
    assert set(p.code for p in problems) <= {code, "TR005"}


def test_bad_meta_time_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({**CALL, "meta": {"started_at": "昨天晚上", "timezone": "Mars/Base"}}), "utf-8")
    _calls, problems = _read(path)
    assert [p.code for p in problems] == ["TR006", "TR006"]


def test_json_list_and_single_object(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps([CALL, {**CALL, "id": 7}], ensure_ascii=False), "utf-8")
    assert [c["id"] for c in _read(many)[0]] == ["call-0001", "7"]
    one = tmp_path / "one.json"
    one.write_text(json.dumps(CALL, ensure_ascii=False), "utf-8")
    assert _read(one)[0] == [CALL]


def test_gb18030_plain_text_with_file_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "录音0302.txt"
    path.write_bytes("坐席：您好，请问是张伟先生吗？\n客户：是我\n第三方：他在洗澡\nA: 好的\n".encode("gb18030"))
    calls, problems = _read(path)
    assert problems == []
    assert calls[0]["id"] == "录音0302"
    assert [t["speaker"] for t in calls[0]["turns"]] == ["agent", "debtor", "third_party", "agent"]
    assert calls[0]["turns"][0]["text"] == "您好，请问是张伟先生吗？"


def test_utf8_bom_in_jsonl_and_text(tmp_path: Path) -> None:
    jl = tmp_path / "bom.jsonl"
    jl.write_bytes(b"\xef\xbb\xbf" + json.dumps(CALL, ensure_ascii=False).encode("utf-8") + b"\n")
    assert _read(jl)[0] == [CALL]
    txt = tmp_path / "bom.txt"
    txt.write_bytes(b"\xef\xbb\xbf" + "坐席：你好".encode())
    assert _read(txt)[0][0]["turns"] == [{"speaker": "agent", "text": "你好"}]


def test_plain_text_line_without_prefix_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("坐席：您好\n（客户沉默）\n客户：嗯\n", "utf-8")
    calls, problems = _read(path)
    assert len(calls[0]["turns"]) == 2
    assert [(p.code, p.location.line) for p in problems] == [("TR008", 2)]


@pytest.mark.parametrize(("content", "code"), [(b"", "TR005"), (b"   \n\n", "TR005"),
                                                (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "TR004"),
                                                (b"\xff\xfe\xfa\xfb\xff" * 10, "TR004")])
def test_empty_and_binary_files(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    calls, problems = _read(path)
    # undecodable bytes are reported where they are; a file left with no record says so too
    assert calls == [] and [p.code for p in problems][0] == code
    assert set(p.code for p in problems) <= {code, "TR005"}


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    assert [p.code for p in _read(tmp_path / "nope.jsonl")[1]] == ["TR007"]


def test_stdin_is_read_as_jsonl() -> None:
    data = (json.dumps(CALL) + "\n" + json.dumps({**CALL, "id": "b"}) + "\n").encode()
    items = list(read_transcripts("-", io.BytesIO(data)))
    assert [i[0]["id"] for i in items] == ["call-0001", "b"]


def test_data_model_round_trip_and_errors() -> None:
    t = Transcript.from_dict(CALL)
    assert t.to_dict() == CALL
    assert Transcript.from_dict(json.loads(json.dumps(t.to_dict()))) .turns == t.turns
    assert render_plain(CALL).startswith("坐席：您好")
    with pytest.raises(InputError) as err:
        Transcript.from_dict({"turns": [{"speaker": "robot", "text": 1}]})
    assert {p.code for p in err.value.problems} == {"TR003", "TR002"}
