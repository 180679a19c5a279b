"""Fair scorecards: key points over the call, order, vulnerability, tone, figures, outcome, agreement."""

from __future__ import annotations

from typing import Any

from trainer.content.scenario import load_scenario
from trainer.sim.judging import key_point_status, vulnerable_facts
from trainer.sim.memory import CallMemory
from trainer.sim.scoring import judged_outcome, score_call
from trainer.sim.session import Call

ASK = "喂，您好，请问是张伟张先生吗？"
IDENT = "张先生您好，我这边是安信银行信用卡中心司法调查组的，我姓王，工号A1024，咱们这通电话是有录音的。"


def play(scenario: str, lines: list[str], seed: int = 1) -> tuple[Call, dict[str, Any]]:
    call = Call.start(load_scenario(scenario), seed=seed)
    for line in lines:
        if call.ended:
            break
        call.say(line)
    return call, (call.result() if call.ended else call.end("incomplete"))


def reasons(result: dict[str, Any]) -> list[str]:
    return [d["reason"] for d in result["score"]["deductions"]]


def test_identification_said_in_the_second_line_is_credited() -> None:
    _call, result = play("first-contact-honest", [ASK, IDENT, "方便跟我说说是遇到什么情况了吗？"])
    said = "".join(reasons(result))
    assert "报出银行" not in said and "报出自己的姓氏" not in said
    # the ID-card tail is good practice on top: never a deduction
    assert "身份证后四位" not in said


def test_a_point_said_after_debt_talk_is_late_not_missed() -> None:
    script = load_scenario("first-contact-honest").script()
    memory = CallMemory()
    memory.agent_said(1, "opening", "请问是张伟先生吗？", ["ask_for_debtor"], ["opening.ask_name", "opening.greet"])
    memory.agent_said(3, "opening", "您欠款12580元。", ["state_amount"], [])
    memory.agent_said(5, "opening", "我是安信银行信用卡中心司法调查组的，我姓王。", ["identify_self"],
                      ["opening.department", "opening.surname"])
    status = {p.kp.id: p for p in key_point_status(script, [("opening", 1)], memory)}
    assert status["opening.department"].status == "late" and status["opening.department"].turn == 5
    assert status["opening.department"].anchor == 3
    assert status["opening.ask_name"].status == "ok"


def test_debt_talk_before_confirmation_is_still_out_of_order() -> None:
    _call, result = play("first-contact-honest", [
        "您好，安信银行信用卡中心司法调查组，我姓王。您尾号6688的信用卡欠款12580元，已经逾期45天了。"])
    assert any(r.startswith("顺序不对") for r in reasons(result))


def test_a_relatives_illness_is_not_vulnerable_but_a_hospitalised_debtor_is() -> None:
    memory = CallMemory()
    memory.other_said(4, "NO_MONEY", "上个月孩子住院花了不少钱。")
    assert vulnerable_facts(memory, "honest") == set()
    memory.other_said(6, "REPORTS_HOSPITALIZED", "我现在在医院，上周做了手术。")
    assert vulnerable_facts(memory, "honest") == {"ill"}


def test_pressing_a_hospitalised_debtor_fails_the_call() -> None:
    call, result = play("special-hospitalized", [
        "喂，冯涛先生吗？", "冯先生您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
        "您尾号5580的信用卡现在欠款21300元，已经逾期29天了。",
        "在医院啊？那也挺不容易的，不过钱的事也不能一直这么放着。"])
    assert not result["passed"]
    assert "一票否决" in result["score"]["gate"]
    assert any(d.get("category") == "vulnerable" for d in result["score"]["deductions"])


def test_contempt_costs_courtesy_even_without_a_finding() -> None:
    lines = [ASK, IDENT, "方便跟我说说是遇到什么情况了吗？"]
    call, plain = play("first-contact-honest", lines)
    call2 = Call.start(load_scenario("first-contact-honest"), seed=1)
    for line in lines:
        call2.say(line)
    call2.memory.tone.append((5, "contempt", "这点钱都拿不出来"))
    rude = call2.end("incomplete")
    assert rude["score"]["courtesy"] < plain["score"]["courtesy"]
    assert any("这点钱都拿不出来" in r for r in reasons(rude))
    assert not [f for f in rude["findings"] if f.get("turn") == 5]


def test_a_wrong_amount_is_deducted_as_a_false_claim() -> None:
    _call, result = play("first-contact-honest", [ASK, IDENT, "您这张卡逾期45天了，欠款一共12850元。"])
    wrong = [d for d in result["score"]["deductions"] if d.get("category") == "false_claim"]
    assert wrong and "12850" in wrong[0]["reason"] and "12580" in wrong[0]["reason"]
    _call, right = play("first-contact-honest", [ASK, IDENT, "您这张卡逾期45天了，欠款一共12580元。"])
    assert not [d for d in right["score"]["deductions"] if d.get("category") == "false_claim"]


def test_a_clear_promise_then_goodbye_and_hang_up_is_a_promise() -> None:
    scenario = load_scenario("first-contact-honest")
    ptp = {"amount": 1258.0, "date": "2026-03-05", "channel": "手机银行", "turn": 14}
    assert judged_outcome(scenario, "hung_up", ptp, CallMemory()) == "ptp"
    assert judged_outcome(scenario, "hung_up", {}, CallMemory()) == "hung_up"


def _turn(speaker: str, text: str, **kw: Any) -> dict[str, Any]:
    return {"speaker": speaker, "text": text, "stage": "opening", **kw}


def test_unprovoked_anger_costs_nothing_but_provoked_anger_does() -> None:
    scenario = load_scenario("first-contact-honest")
    angry = {"state": "threatens_complaint", "anger": 8}
    turns = [_turn("debtor", "喂？", response="SILENT"),
             _turn("agent", "您好，请问是张伟先生吗？", acts=["greet", "ask_for_debtor"]),
             _turn("debtor", "我要投诉你们！", response="THREAT_COMPLAINT", mood=angry)]
    calm = score_call(scenario, scenario.script(), {"turns": turns}, [], "incomplete", {}, [("opening", 1)], {})
    assert calm["score"]["pressure"] == 100
    turns[1]["acts"] = ["greet", "insult"]
    rude = score_call(scenario, scenario.script(), {"turns": turns}, [], "incomplete", {}, [("opening", 1)], {})
    assert rude["score"]["pressure"] < 100


def test_hint_why_and_scorecard_agree_on_what_is_missing() -> None:
    call = Call.start(load_scenario("first-contact-honest"), seed=1)
    call.say("喂，请问是张伟先生吗？")
    hint = [title for title, _hint in call.missing_key_points()]
    assert "报出银行和「司法调查组」" in hint
    why = call.explain_last()
    card = call.end("incomplete")
    missed = [r for r in reasons(card) if "漏讲要点" in r]
    for title in hint:
        assert title in why
        assert any(title in r for r in missed)
    assert all(any(title in r for title in hint) for r in missed)


def test_tab_completion_uses_the_trainees_own_surname() -> None:
    scenario = load_scenario("first-contact-honest").for_trainee("李明")
    call = Call.start(scenario, seed=1)
    assert "我姓李" in call.suggestions()[0] and "我姓王" not in " ".join(call.suggestions())
    assert load_scenario("first-contact-honest").for_trainee("liming").agent_surname == "王"
    assert load_scenario("first-contact-honest").for_trainee("欧阳娜").agent_surname == "欧阳"


def test_hint_names_what_the_customer_raised_and_was_not_answered() -> None:
    call = Call.start(load_scenario("first-contact-honest"), seed=1)
    call.memory.other_said(8, "ASK_CONSEQUENCE", "不还会怎么样？")
    call.memory.other_said(10, "ASK_CONSEQUENCE", "要是我一直不还呢？")
    assert call.open_concerns()[0][0] == "问不还会怎样"
    assert call.open_concerns()[0][1:] == (8, 2)


def test_a_wrong_due_date_minimum_or_days_overdue_is_deducted_but_a_round_figure_is_not() -> None:
    _call, result = play("first-contact-honest", [
        ASK, IDENT, "您这张卡1月18日到期的账单没还，已经逾期54天了，最低还款1528元，欠款一万二千多。"])
    wrong = " ".join(d["reason"] for d in result["score"]["deductions"] if d.get("category") == "false_claim")
    assert "1月18日" in wrong and "54 天" in wrong and "1528" in wrong
    assert "12000" not in wrong
    assert sum("1528" in d["reason"] for d in result["score"]["deductions"]) == 1


def test_debt_talk_to_the_bereaved_family_is_pressing_but_condolences_are_not() -> None:
    from trainer.sim.judging import pressing_turns

    memory = CallMemory()
    memory.other_said(2, "REPORTS_DECEASED", "人都不在了。")
    memory.agent_said(3, "deceased", "请您节哀，今天不谈这些事。", ["condolence"], [])
    memory.agent_said(5, "deceased", "您父亲的卡还欠着6450元。", ["state_amount"], [])
    assert pressing_turns(memory, 2, "bereaved") == [5]
    assert pressing_turns(memory, 2, "ill") == []


def test_an_insulted_complaint_prone_customer_files_the_complaint() -> None:
    scenario = load_scenario("special-complaint-prone")
    memory = CallMemory()
    assert judged_outcome(scenario, "callback", {}, memory) == "callback"
    memory.tone.append((5, "sarcasm", "您这记性可真好"))
    assert judged_outcome(scenario, "callback", {}, memory) == "complaint"


def test_records_can_count_missed_points_the_scorecards_way() -> None:
    from trainer.sim.scoring import missed_key_points

    call, result = play("first-contact-honest", [ASK, IDENT, "方便跟我说说是遇到什么情况了吗？"])
    missed = {kp.title for _stage, kp, _first in missed_key_points(call.script, call.visits, call.covered, call.memory)}
    assert "报出银行和「司法调查组」" not in missed
    assert missed == {r.split("漏讲要点：")[1].split("（")[0] for r in reasons(result) if "漏讲要点" in r}
