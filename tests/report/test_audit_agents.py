"""Per-agent summaries, the trend over time, and agent/team on each finding."""

from __future__ import annotations

import json
from pathlib import Path

from trainer.cli import main

OPENING = {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"}


def _call(cid: str, agent: str | None, day: str, bad: str | None) -> dict:
    meta = {"started_at": f"{day}T10:00:00+08:00"}
    if agent:
        meta |= {"agent": agent, "team": "催收一组" if agent == "王明" else "催收二组"}
    turns = [OPENING, {"speaker": "debtor", "text": "是我"}]
    if bad:
        turns.append({"speaker": "agent", "text": bad})
    return {"id": cid, "meta": meta, "turns": turns}


def _write(tmp_path: Path, calls: list[dict]) -> str:
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls), "utf-8")
    return str(path)


def test_text_report_summarises_each_agent_and_the_days(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, [_call("c1", "王明", "2026-03-02", "你个老赖"), _call("c2", "王明", "2026-03-02", None),
                             _call("c3", "李娜", "2026-03-03", "再不还就抓你坐牢"), _call("c4", None, "2026-03-03", None)])
    assert main(["audit", path]) == 1
    out = capsys.readouterr().out
    assert "c1（1 条，坐席 王明，班组 催收一组）" in out
    assert "王明（催收一组）：通话 2 个，有问题 1 个，共 1 条（辱骂 1）" in out
    assert "李娜（催收二组）：通话 1 个，有问题 1 个，共 1 条（威胁恐吓 1）" in out
    assert "按日趋势：" in out and "2026-03-02：通话 2 个，有问题 1 个，共 1 条" in out
    assert "2026-03-03：通话 2 个，有问题 1 个，共 1 条" in out


def test_a_long_span_is_shown_by_week(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, [_call("c1", "王明", "2026-01-05", "你个老赖"), _call("c2", "王明", "2026-03-02", "你个老赖")])
    main(["audit", path])
    out = capsys.readouterr().out
    assert "按周趋势：" in out and "2026-W02：通话 1 个" in out and "2026-W10：通话 1 个" in out


def test_json_stays_an_array_with_agent_team_and_one_finding_per_rule_per_turn(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, [_call("c1", "王明", "2026-03-02", "你个老赖，老赖就是你"), _call("c2", None, "2026-03-02", "你个老赖")])
    assert main(["audit", path, "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert isinstance(findings, list)
    first = [f for f in findings if f["transcript"] == "c1"]
    assert len(first) == 1 and first[0]["rule"] == "CN-ABU-001"
    assert first[0]["agent"] == "王明" and first[0]["team"] == "催收一组"
    assert first[0]["spans"] == [[2, 4], [5, 7]] and (first[0]["start"], first[0]["end"]) == (2, 4)
    second = next(f for f in findings if f["transcript"] == "c2")
    assert second["agent"] is None and second["team"] is None and "spans" not in second


def test_html_has_the_agent_table_and_the_trend(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, [_call("c1", "王明", "2026-03-02", "你个老赖"), _call("c2", "李娜", "2026-03-03", None)])
    main(["audit", path, "--format", "html"])
    html = capsys.readouterr().out
    agents = html[html.index('<table id="agents">'):]
    agents = agents[:agents.index("</table>")]
    assert "<td>王明</td><td>催收一组</td><td class=\"n\">1</td><td class=\"n\">1</td>" in agents
    assert "<td>李娜</td><td>催收二组</td><td class=\"n\">1</td><td class=\"n\">0</td>" in agents
    assert '<option value="李娜">李娜（催收二组）</option>' in html
    assert "按日趋势" in html and "<td>2026-03-03</td>" in html


def test_summary_file_holds_agents_teams_and_the_trend_while_stdout_stays_an_array(tmp_path, capsys) -> None:
    import json as _json

    from trainer.cli import main as _main

    calls = [{"id": "a1", "meta": {"agent": "王明", "team": "一组", "started_at": "2026-03-02T10:00:00+08:00"},
              "turns": [{"speaker": "agent", "text": "你个老赖"}]},
             {"id": "a2", "meta": {"agent": "李娜", "started_at": "2026-03-03T10:00:00+08:00"},
              "turns": [{"speaker": "agent", "text": "您好"}]}]
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(_json.dumps(c, ensure_ascii=False) + "\n" for c in calls), "utf-8")
    out = tmp_path / "summary.json"
    assert _main(["audit", str(path), "--format", "json", "--summary", str(out)]) == 1
    assert isinstance(_json.loads(capsys.readouterr().out), list)
    summary = _json.loads(out.read_text("utf-8"))
    agents = {a["agent"]: a for a in summary["agents"]}
    assert agents["王明"]["team"] == "一组" and agents["王明"]["findings"] == 1 and agents["李娜"]["findings"] == 0
    assert summary["trend"]["by"] == "day" and [r["calls"] for r in summary["trend"]["rows"]] == [1, 1]
    assert _main(["audit", str(path), "--summary", str(tmp_path / "no" / "such" / "dir.json")]) == 2
