"""``trainer audit`` lists the script-order notes (issue #13) in the text and HTML reports.

On a real call whose record says the debtor answered, the debt named in the first breath and then
「是我」 is no third-party disclosure but a script-order note (trainer/compliance/scriptorder.py):
a compliance officer sees 「核实本人之前谈欠款」 on that call in its own section, counted nowhere;
the JSON and CSV finding streams stay as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.cli import audit_jobs, main

FIRST_BREATH = "喂，周强吧？我这边安信银行信用卡中心的，姓邓。你尾号6642的卡逾期两个月了，欠款三万一千多，今天怎么说？"
SECTION = "话术顺序提示（不计入违规）"


def _noted(call_id: str = "C-<b>01") -> dict:
    return {"id": call_id, "meta": {"started_at": "2026-03-20T10:05:00+08:00", "contact": "debtor", "agent": "邓敏"},
            "turns": [{"speaker": "agent", "text": FIRST_BREATH}, {"speaker": "debtor", "text": "是我，怎么了？"},
                      {"speaker": "agent", "text": "那您看这个月能先还多少？"}]}


def _plain(call_id: str) -> dict:
    return {"id": call_id, "meta": {"started_at": "2026-03-20T10:05:00+08:00", "contact": "debtor", "agent": "邓敏"},
            "turns": [{"speaker": "agent", "text": "您好，请问是周强先生本人吗？"},
                      {"speaker": "debtor", "text": "是我。"},
                      {"speaker": "agent", "text": "我这边安信银行信用卡中心的，您尾号6642的卡逾期两个月了，这个月能先还多少？"}]}


def _write(path: Path, calls: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls), "utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["audit", *argv, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_text_report_lists_the_note_and_no_disclosure(tmp_path: Path, capsys) -> None:
    calls = _write(tmp_path / "calls.jsonl", [_noted("C-01")])
    code, out, _err = _run(capsys, str(calls), "--format", "text")
    assert code == 0  # a note is no violation: nothing to fail on
    assert SECTION in out
    assert "  C-01 第 1 句 CN-TP-003 核实本人之前谈欠款：" in out
    assert "0 个通话有问题，共 0 条" in out and "第三方" not in out.split(SECTION)[0]


def test_the_html_report_lists_the_note_escaped_and_uncounted(tmp_path: Path, capsys) -> None:
    calls = _write(tmp_path / "calls.jsonl", [_noted()])
    code, out, _err = _run(capsys, str(calls), "--format", "html")
    assert code == 0
    notes = out.split('<section id="order-notes"', 1)[1].split("</section>", 1)[0]
    assert SECTION in notes and "核实本人之前谈欠款" in notes and "CN-TP-003" in notes
    assert "<td>C-&lt;b&gt;01</td>" in notes and "<b>01" not in out
    assert '<td class="n">1</td>' in notes  # the first turn, as people count
    assert '<section class="call"' not in out  # no flagged call: the note is not a finding
    assert "0 个通话有问题，共 0 条" in out


def test_json_and_csv_stay_finding_streams(tmp_path: Path, capsys) -> None:
    calls = _write(tmp_path / "calls.jsonl", [_noted()])
    assert _run(capsys, str(calls), "--format", "json")[:2] == (0, "[]\n")
    code, out, _err = _run(capsys, str(calls), "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 1  # the header only
    summary = tmp_path / "summary.json"
    _run(capsys, str(calls), "--format", "json", "--summary", str(summary))
    assert json.loads(summary.read_text("utf-8"))["findings"] == 0


def test_ignoring_the_category_hides_its_notes(tmp_path: Path, capsys) -> None:
    calls = _write(tmp_path / "calls.jsonl", [_noted()])
    assert SECTION not in _run(capsys, str(calls), "--ignore", "third_party_disclosure")[1]


def test_a_call_without_notes_has_no_such_section(tmp_path: Path, capsys) -> None:
    calls = _write(tmp_path / "calls.jsonl", [_plain("P-01")])
    for fmt in ("text", "html"):
        out = _run(capsys, str(calls), "--format", fmt)[1]
        assert SECTION not in out and "order-notes" not in out


@pytest.mark.skipif(not audit_jobs.can_fork(), reason="no fork on this platform: one process")
def test_jobs_2_lists_the_same_notes_in_input_order(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_jobs, "CHUNK_BYTES", 64 << 10)
    monkeypatch.setattr(audit_jobs, "PARALLEL_MIN_BYTES", 1)
    records = [_noted(f"N-{n:04d}") if n % 97 == 5 else _plain(f"P-{n:04d}") for n in range(1200)]
    calls = _write(tmp_path / "calls.jsonl", records)
    assert calls.stat().st_size > 4 * (64 << 10)  # several units, in more than one worker
    noted = [r["id"] for r in records if r["id"].startswith("N-")]
    for fmt in ("text", "html"):
        one = _run(capsys, str(calls), "--format", fmt, "--jobs", "1")
        two = _run(capsys, str(calls), "--format", fmt, "--jobs", "2")
        assert two == one
        section = one[1].split(SECTION, 1)[1]
        assert [i for i in noted if i in section] == noted
        assert [section.index(i) for i in noted] == sorted(section.index(i) for i in noted)
