"""Scorecards: the compliance gate, adherence, outcome quality, pressure, courtesy, deductions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trainer.content.scenario import load_scenario
from trainer.report.scorecard import render_html, render_text
from trainer.sim.session import Call

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"
PURPOSE = "您尾号6688的信用卡已经逾期45天，目前欠款12580元，最低还款额1258元，请问今天能先处理最低还款吗？"
CONSEQUENCE = "逾期每天会按万分之五计息，还会影响您的征信记录，建议尽快处理。"
PROBE = "理解您现在的难处，方便说一下是遇到什么困难了吗？我们一起想想办法。"


class _Auditor:
    """A stand-in rule pack: 公安局 is a critical impersonation, 催收 to anyone a minor finding."""

    def __init__(self, tid: str) -> None:
        self.tid = tid

    def add_turn(self, index: int, speaker: str, text: str) -> list[dict[str, Any]]:
        out = []
        if speaker == "agent" and "公安局" in text:
            out.append({"transcript": self.tid, "turn": index, "speaker": "agent", "rule": "T-IMP-001",
                        "category": "impersonation", "severity": "critical", "message": "冒充公安机关",
                        "excerpt": "公安局", "start": text.index("公安局"), "end": text.index("公安局") + 3})
        return out

    def finish(self) -> list[dict[str, Any]]:
        return []


class _Pack:
    def auditor(self, meta: dict[str, Any], tid: str) -> _Auditor:
        return _Auditor(tid)


def run(lines: list[str], seed: int = 1, name: str = "engine-honest", **kw: Any) -> dict[str, Any]:
    call = Call.start(load_scenario(ENGINE / f"{name}.yaml"), seed=seed, rules=_Pack())
    for line in lines:
        if call.ended:
            break
        call.say(line)
    return call.result() if call.ended else call.end("incomplete")


def model(seed: int = 1) -> dict[str, Any]:
    call = Call.start(load_scenario(ENGINE / "engine-honest.yaml"), seed=seed, rules=_Pack())
    while not call.ended:
        call.say(call.suggestions()[0])
    return call.result()


def test_a_good_call_passes_with_a_high_total() -> None:
    result = model()
    assert result["passed"] and result["score"]["total"] >= 85
    assert result["score"]["gate"] == "通过"


def test_any_critical_finding_fails_the_call() -> None:
    call = Call.start(load_scenario(ENGINE / "engine-honest.yaml"), seed=1, rules=_Pack())
    call.say(OPENING)
    result = call.say("我是公安局的，" + PURPOSE)
    assert result.findings and result.findings[0]["category"] == "impersonation"
    while not call.ended:
        call.say(call.suggestions()[0])
    card = call.result()
    assert not card["passed"]
    assert "一票否决" in card["score"]["gate"] and card["score"]["compliance"] <= 60
    assert any(d["part"] == "compliance" and d["turn"] == 3 for d in card["score"]["deductions"])


def test_every_deduction_points_at_a_turn_and_shows_the_stage_line() -> None:
    result = run([OPENING, "请您尽快还款。", "嗯。"])
    missed = [d for d in result["score"]["deductions"] if d["part"] == "adherence"]
    assert missed, result["score"]
    d = missed[0]
    assert d["turn"] is not None and d["stage"] == "purpose" and d["points"] < 0
    assert d["line"] and "逾期45天" in d["line"]
    assert result["transcript"]["turns"][d["turn"]]["speaker"] == "agent"


def test_stating_the_amount_before_verification_costs_adherence() -> None:
    result = run(["你好，张伟欠款12580元，请问是张伟先生吗？", OPENING])
    assert any("核实本人身份之前" in d["reason"] for d in result["score"]["deductions"])


def test_consequences_before_rapport_cost_pressure_points() -> None:
    result = run([OPENING, CONSEQUENCE])
    assert any(d["part"] == "pressure" and "循序渐进" in d["reason"] for d in result["score"]["deductions"])


def test_a_promise_below_the_minimum_due_loses_outcome_points() -> None:
    for seed in range(4):
        result = run([OPENING, PURPOSE, PROBE, PROBE, "那您本周五先还500元吧，用手机银行。",
                      "跟您确认一下，您会在本周五通过手机银行还款500元，对吗？"], seed=seed)
        if result["outcome"] == "ptp":
            assert any("低于最低还款额" in d["reason"] for d in result["score"]["deductions"])
            return
    raise AssertionError("no promise was reached")


def test_an_unsuccessful_outcome_fails_and_says_what_was_needed() -> None:
    result = run([OPENING])
    assert result["outcome"] == "incomplete" and not result["passed"]
    assert "不是本场景的成功结果" in result["score"]["gate"]


def test_scorecard_text_and_html() -> None:
    result = run([OPENING, "我是公安局的<script>", PURPOSE])
    scenario = load_scenario(ENGINE / "engine-honest.yaml")
    text = render_text(result, scenario)
    assert "== 通话记录 ==" in text and "== 成绩单 ==" in text and "推荐话术" in text
    assert "冒充公安机关" in text
    page = render_html(result, scenario)
    assert "<script>" not in page and "&lt;script&gt;" in page
