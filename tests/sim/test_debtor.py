"""The simulated debtor: moods, escalation and de-escalation, agenda, negotiation, third parties."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from trainer.base.vocab import RESPONSES
from trainer.content.scenario import load_scenario
from trainer.sim.debtor import LEVELS, Debtor, bank
from trainer.sim.understand import understand

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
MONDAY = date(2026, 3, 2)


def fixture(name: str):
    return load_scenario(ENGINE / f"{name}.yaml")


def make(name: str = "engine-honest", seed: int = 1, **changes) -> Debtor:
    scenario = fixture(name)
    if changes:
        scenario = replace(scenario, **changes)
    return Debtor.for_scenario(scenario, random.Random(seed))


def hear(d: Debtor, text: str, verified: bool = True, progressed: bool = False, findings=()) -> None:
    u = understand(text, facts=d.scenario.facts(), today=MONDAY,
                   contact="third_party" if d.speaker == "third_party" else "debtor")
    d.hear(u, list(findings), verified=verified, progressed=progressed)


def stage(sid: str):
    return fixture("engine-honest").script().stage(sid)


def test_reply_bank_uses_known_codes() -> None:
    assert set(bank().replies) - {"CORRECTION", "CORRECTION_AMOUNT", "HOLD", "HOLD_EARLY", "HOLD_LATE", "RELENT", "CHANNEL",
                                 "CHANNEL_LOWBALL"} <= set(RESPONSES)


def test_threats_climb_the_ladder_to_a_lodged_complaint() -> None:
    d = make()
    seen = []
    for line in ["再不还我们就上门找你，通知你单位领导！", "你就是个老赖！", "不还就抓你去坐牢！", "老赖！"]:
        hear(d, line)
        seen.append(LEVELS[d.level])
        if d.level == 4:
            break
    assert seen[-1] == "complaint_lodged"
    assert seen == sorted(seen, key=LEVELS.index)
    reply = d.reply(stage("purpose"), fixture("engine-honest").script().events, MONDAY)
    assert reply.code == "LODGE_COMPLAINT" and reply.ends == "complaint"


def test_a_supervisor_demand_can_be_talked_down() -> None:
    d = make()
    d.anger, d.level = 6.5, 2
    hear(d, "非常抱歉给您带来不好的感受，我理解您的心情，我可以帮您把意见反馈给我们主管，您看可以吗？")
    assert d.level == 1 and d.anger < 6


def test_a_complaint_threat_needs_the_complaint_logged_to_calm_down() -> None:
    d = make()
    d.anger, d.level, d.complaint = 6.5, 3, 0.5
    hear(d, "我理解您的心情。")
    assert d.level == 3
    hear(d, "非常抱歉，我理解您，我马上帮您登记投诉，由专人联系您。")
    assert d.level == 2


def test_a_lodged_complaint_is_final() -> None:
    d = make()
    d.level = 4
    hear(d, "非常抱歉，我理解您，我帮您登记投诉。")
    assert d.level == 4


def test_empathy_calms_and_lawful_consequences_move_the_rational() -> None:
    d = make()
    d.anger = 4
    hear(d, "我理解您的难处。")
    assert d.anger < 4
    before = d.willingness
    hear(d, "逾期会影响您的征信记录，还会产生违约金。")
    assert d.willingness > before


def test_difficulty_scales_patience_and_anger_gains() -> None:
    easy, hard = make(difficulty=1), make(difficulty=5)
    assert easy.patience > hard.patience
    for d in (easy, hard):
        hear(d, "你就是个老赖！")
    assert hard.anger > easy.anger


def test_stalls_come_before_the_real_objection_and_probing_gets_to_it() -> None:
    d = make(difficulty=4)
    d.identity_confirmed, d.requests = True, []
    assert d.stalls_left >= 1
    hear(d, "您今天能先还最低还款额1258元吗？")
    first = d.reply(stage("purpose"), (), MONDAY)
    assert first.code.startswith("STALL")
    hear(d, "是遇到什么困难了吗？")
    second = d.reply(stage("purpose"), (), MONDAY)
    assert second.code == "NO_MONEY" and "孩子住院" in second.text


def test_lowball_first_then_a_promise_within_means() -> None:
    d = make()
    d.identity_confirmed = True
    d.requests = []
    hear(d, "您今天能先还款吗？")
    d.reply(stage("hardship"), (), MONDAY)          # the objection
    hear(d, "理解您，是遇到什么困难了吗？")
    heard = d.reply(stage("hardship"), (), MONDAY)
    assert heard.code != "LOWBALL", heard       # asked about the difficulty, not for money: no offer yet
    hear(d, "那您看这周能先还多少？")
    low = d.reply(stage("hardship"), (), MONDAY)
    assert low.code == "LOWBALL"
    hear(d, "我理解，这样，您本周五前先还最低还款额1258元，用手机银行，可以吗？")
    ptp = d.reply(stage("hardship"), (), MONDAY)
    assert ptp.code == "PTP_OFFER" and ptp.promise is not None
    assert ptp.promise.amount == 1258 and ptp.promise.date == date(2026, 3, 6)
    assert "1258元" in ptp.text


def test_an_amount_beyond_means_gets_what_they_can_really_pay() -> None:
    d = make()
    d.identity_confirmed, d.requests, d.objection, d.lowballed = True, [], None, True
    d.willingness = 0.8
    hear(d, "您今天先还5000元吧，这样利息就能少一些。")
    reply = d.reply(stage("hardship"), (), MONDAY)
    assert reply.promise is not None and reply.promise.amount == 2000


def test_a_stated_ceiling_holds_against_a_bare_push() -> None:
    d = make()
    d.identity_confirmed, d.requests, d.objection, d.lowballed = True, [], None, True
    d.willingness = 0.8
    hear(d, "您今天先还5000元吧。")
    reply = d.reply(stage("hardship"), (), MONDAY)
    assert reply.code == "LOWBALL" and reply.promise is None and "500元" in reply.text, reply


def test_a_wrong_recap_is_corrected() -> None:
    d = make()
    d.identity_confirmed, d.requests, d.objection = True, [], None
    d.willingness = 0.8
    hear(d, "您本周五前还1258元可以吗？")
    d.reply(stage("hardship"), (), MONDAY)
    hear(d, "跟您确认一下，您会在下周五还1000元，对吗？")
    reply = d.reply(stage("recap"), (), MONDAY)
    assert reply.code != "CONFIRM_RECAP" and "1258元" in reply.text


def test_a_family_member_says_who_they_are_and_deflects_account_questions() -> None:
    d = make("engine-family")
    assert d.speaker == "third_party"
    hear(d, "您好，请问是张伟先生吗？", verified=False)
    assert d.reply(stage("opening"), (), MONDAY).code == "THIRD_PARTY_FAMILY"
    d.caller_identified = True
    hear(d, "请问他尾号6688的卡欠款12580元您清楚吗？", verified=False)
    reply = d.reply(stage("third_party_message"), (), MONDAY)
    assert reply.speaker == "third_party" and "6688" not in reply.text


@pytest.mark.parametrize("seed", [1, 2])
def test_replies_are_deterministic_under_a_seed(seed: int) -> None:
    def run() -> list[str]:
        d = make(seed=seed)
        out = []
        for line in ["您好，请问是张伟先生吗？", "您的卡逾期了，今天能还吗？", "是遇到什么困难了吗？"]:
            hear(d, line)
            out.append(d.reply(stage("purpose"), (), MONDAY).text)
        return out
    assert run() == run()


def test_a_direct_question_about_the_reason_is_answered_before_other_questions() -> None:
    d = make()
    d.identity_confirmed = True
    hear(d, "您今天能先还最低还款额1258元吗？")
    d.reply(stage("purpose"), (), MONDAY)
    hear(d, "理解您，方便说一下是遇到什么困难了吗？")
    reply = d.reply(stage("purpose"), (), MONDAY)
    assert reply.code == "NO_MONEY" and d.heard


def test_a_mild_finding_does_not_stop_the_debtor_from_verifying() -> None:
    d = make()
    d.identity_confirmed = True
    u = understand("麻烦您报一下身份证号码的后四位。", facts=d.scenario.facts(), today=MONDAY)
    d.hear(u, [{"category": "identification", "severity": "major"}], verified=False, progressed=False)
    assert d.reply(stage("opening"), (), MONDAY).code == "CONFIRM_IDENTITY"


def test_every_persona_is_in_personas_yaml_with_known_codes() -> None:
    from trainer.base.vocab import PERSONAS
    from trainer.content.personas import book

    personas = book()
    assert set(personas.personas) == set(PERSONAS)
    for name in PERSONAS:
        assert personas.hint(name)
        assert set(personas.stalls(name)) <= set(RESPONSES)
    assert set(personas.objections) <= set(RESPONSES)
