"""`trainer history`, `report` and `export` as a user sees them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers_records import finding, make_result

from trainer.cli import main
from trainer.records import open_store, record_recital


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Two trainees: 李明 improves, 王芳 struggles with the third-party scenario."""
    path = tmp_path / "records.db"
    with open_store(path) as s:
        plan = [
            ("李明", "first-contact-honest", "refused", 45, [finding(1)], [("close.recap", "复述承诺")], ["NO_MONEY"]),
            ("王芳", "third-party-family", "message_left", 55,
             [finding(1, "third_party_disclosure", "critical", "CN-TPD-001", "欠款")], [], []),
            ("李明", "first-contact-honest", "ptp", 72, [], [("close.recap", "复述承诺")], ["NO_MONEY"]),
            ("李明", "first-contact-slippery", "ptp", 88, [], [], ["STALL_LATER"]),
            ("王芳", "third-party-family", "message_left", 60,
             [finding(1, "third_party_disclosure", "critical", "CN-TPD-001", "欠款")], [], []),
        ]
        for i, (who, scenario, outcome, score, found, kps, responses) in enumerate(plan):
            s.save_transcript_call(
                trainee=who, mode="practice", scenario_id=scenario, seed=i,
                result=make_result(f"call-{i}", outcome=outcome, score=score, findings=found,
                                   missed_key_points=kps, missed_responses=responses, scenario=scenario))
        # a call killed mid-way: two turns, never ended
        cid = s.begin_call(uid="call-killed", trainee="李明", mode="practice",
                           scenario_id="first-contact-malicious", seed=9)
        s.add_turn(cid, 0, {"speaker": "debtor", "text": "喂？"})
        s.add_turn(cid, 1, {"speaker": "agent", "text": "您好，请问是张伟先生吗？"})
    return str(path)


# --------------------------------------------------------------------------- history


def test_history_lists_calls_newest_first_with_scenario_outcome_and_score(capsys, db: str) -> None:
    code, out, _ = run(capsys, "history", "--db", db)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("#")]
    assert [line.split()[0] for line in lines] == ["#6", "#5", "#4", "#3", "#2", "#1"]
    assert "first-contact-malicious" in lines[0] and "通话未完成" in lines[0]
    assert "third-party-family" in lines[1] and "已请第三方转告回电" in lines[1] and "60" in lines[1]
    assert "未通过" in lines[1] and " 通过" in lines[2]


def test_history_of_one_trainee(capsys, db: str) -> None:
    code, out, _ = run(capsys, "history", "--trainee", "王芳", "--db", db)
    assert code == 0
    assert "李明" not in out and out.count("王芳") == 2


def test_history_of_an_unknown_trainee_says_who_exists(capsys, db: str) -> None:
    code, out, err = run(capsys, "history", "--trainee", "张三", "--db", db)
    assert code == 2 and out == ""
    assert "张三" in err and "李明" in err and "王芳" in err


def test_history_without_a_database_says_so_and_creates_nothing(capsys, tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    code, out, _ = run(capsys, "history", "--db", str(path))
    assert code == 0 and "还没有通话记录" in out and str(path) in out
    assert not path.exists()


def test_the_database_can_come_from_the_environment(capsys, db: str, monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_DB", db)
    code, out, _ = run(capsys, "history")
    assert code == 0 and "#6" in out


# --------------------------------------------------------------------------- report


def test_report_for_one_trainee_shows_progress_misses_and_what_to_practise(capsys, db: str) -> None:
    code, out, _ = run(capsys, "report", "--trainee", "李明", "--db", db)
    assert code == 0
    assert "学习进度报告：李明" in out
    assert "通话 4 次（已评分 3，中断 1）" in out
    assert "平均分 68.3" in out and "通过率 67%" in out
    assert "impersonation" in out and "冒充" in out
    assert "复述承诺（close.recap）：2 次" in out
    assert "没钱（NO_MONEY）：2 次" in out
    practise = out.split("建议接下来练习")[1]
    assert "first-contact-slippery" not in practise.split("\n")[1]  # passed last time: not first
    assert "first-contact-honest" in practise and "通过率 50%" in practise


def test_report_all_is_a_cohort_view_with_a_row_per_trainee(capsys, db: str) -> None:
    code, out, _ = run(capsys, "report", "--all", "--db", db)
    assert code == 0
    assert "全体学员（2 人）" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("李明", "王芳"))}
    assert rows["李明"][1:5] == ["4", "3", "68.3", "67%"]
    assert rows["王芳"][1:5] == ["2", "2", "57.5", "0%"]
    assert "third_party_disclosure" in out
    # the scenario the cohort failed comes first among those to practise (its title may follow the id)
    assert re.search(r"^1\. third-party-family\b.*— 全组通过率 0%", out, re.M), out


def test_report_defaults_to_the_only_trainee(capsys, tmp_path: Path) -> None:
    path = tmp_path / "one.db"
    with open_store(path) as s:
        s.save_transcript_call(trainee="独行侠", mode="practice", scenario_id="x", result=make_result("a"))
    code, out, _ = run(capsys, "report", "--db", str(path))
    assert code == 0 and "学习进度报告：独行侠" in out


def test_report_counts_recitals_apart_from_calls(capsys, db: str) -> None:
    class Recital:
        script_id, line_id, scenario_id = "first_contact", "opening.standard", None

    with open_store(db) as s:
        record_recital(s, trainee="李明", recital=Recital(),
                       result={"attempt": "您好", "accuracy": 0.97, "passed": True, "elements": []})
    code, out, _ = run(capsys, "report", "--trainee", "李明", "--db", db)
    assert "通话 4 次" in out and "背诵 1 次" in out and "平均准确率 97%" in out


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href", "xlink:href") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_one_self_contained_escaped_page(capsys, tmp_path: Path) -> None:
    path = tmp_path / "evil.db"
    evil = '<script>alert("x")</script>'
    with open_store(path) as s:
        for i in range(3):
            s.save_transcript_call(trainee=evil, mode="practice", scenario_id=f"s<img src=x>{i}",
                                   result=make_result(f"e{i}", score=50 + 20 * i,
                                                      missed_key_points=[("k<b>", "漏了<b>这个</b>")]))
    out_file = tmp_path / "report.html"
    code, out, err = run(capsys, "report", "--all", "--format", "html", "--db", str(path), "-o", str(out_file))
    assert code == 0 and str(out_file) in err
    page = out_file.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    # nothing fetched: no scripts, images or stylesheets from anywhere; the only links are the
    # drill-down anchors inside the page, and each one has its target
    assert parser.urls and all(u.startswith("#") for u in parser.urls)
    assert all(f'id="{u[1:]}"' in page for u in parser.urls)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert parser.tags.count("svg") >= 1 and "circle" in parser.tags
    assert evil in "".join(parser.text) and "漏了<b>这个</b>" in "".join(parser.text)


def test_report_on_an_unknown_trainee_fails_clearly(capsys, db: str) -> None:
    code, _, err = run(capsys, "report", "--trainee", "张三", "--db", db)
    assert code == 2 and "张三" in err


# --------------------------------------------------------------------------- export


def test_export_writes_transcripts_in_the_design_format(capsys, db: str) -> None:
    code, out, _ = run(capsys, "export", "--all", "--db", db)
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in docs] == ["call-0", "call-1", "call-2", "call-3", "call-4", "call-killed"]
    for d in docs:
        assert set(d) == {"id", "meta", "turns"}
        assert d["meta"]["timezone"] == "Asia/Shanghai"
        assert all(t["speaker"] in ("agent", "debtor", "third_party") and t["text"] for t in d["turns"])
    assert docs[0]["meta"]["started_at"] == "2026-03-02T10:15:00+08:00"
    assert docs[0]["meta"]["record"]["trainee"] == "李明"
    assert docs[-1]["meta"]["record"]["outcome"] == "incomplete" and len(docs[-1]["turns"]) == 2


def test_export_named_calls_and_unknown_ones(capsys, db: str) -> None:
    code, out, _ = run(capsys, "export", "#2", "call-3", "--db", db)
    assert code == 0 and [json.loads(x)["id"] for x in out.splitlines()] == ["call-1", "call-3"]
    code, out, err = run(capsys, "export", "#2", "#99", "--db", db)
    assert code == 2 and out == "" and "#99" in err and db in err


def test_export_needs_something_to_export(capsys, db: str) -> None:
    code, out, err = run(capsys, "export", "--db", db)
    assert code == 2 and out == "" and "--all" in err


def test_export_all_pipes_into_audit(db: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    probe = subprocess.run([sys.executable, "-m", "trainer", "audit", "--help"], capture_output=True,
                           text=True, env=env)
    if probe.returncode != 0:
        pytest.skip("trainer audit is not there yet")
    exported = subprocess.run([sys.executable, "-m", "trainer", "export", "--all", "--db", db],
                              capture_output=True, text=True, env=env, check=True).stdout
    audited = subprocess.run([sys.executable, "-m", "trainer", "audit", "-", "--format", "json"],
                             input=exported, capture_output=True, text=True, env=env)
    assert audited.returncode in (0, 1), audited.stderr
    findings = json.loads(audited.stdout)
    assert {f["transcript"] for f in findings} <= {json.loads(x)["id"] for x in exported.splitlines()}


# --------------------------------------------------------------------------- bad databases


@pytest.mark.parametrize("command", ["history", "report", "export --all", "replay"])
def test_a_broken_database_gives_a_located_error_not_a_traceback(tmp_path: Path, command: str) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"PK\x03\x04 definitely a zip file, not a database" * 10)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    env.pop("TRAINER_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "trainer", *command.split(), "--db", str(bad)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bad}: STORE002") and "不是 trainer 的记录库" in proc.stderr


def test_report_on_an_empty_database_says_there_is_nothing_yet(capsys, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_store(path).close()
    code, out, _ = run(capsys, "report", "--db", str(path))
    assert code == 0 and out.startswith("还没有通话记录")
