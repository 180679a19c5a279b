"""The simulated debtor holds a conversation: it reads the call's memory, answers the line just said,
never says a line twice, ends on a goodbye after a settled outcome, and shows why it answered."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

from trainer.content.scenario import load_scenario
from trainer.content.script import Response
from trainer.sim.debtor import Debtor
from trainer.sim.debtor.wording import script_response
from trainer.sim.session import play_lines
from trainer.sim.understand import understand

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
MONDAY = date(2026, 3, 2)
REMINDERS = ("我都说了", "我说了", "都说了")


def debtor_lines(result: dict) -> list[str]:
    return [t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent"]


def test_no_line_is_said_twice_over_a_long_looping_call() -> None:
    scenario = load_scenario("first-contact-slippery")
    lines = ["您好，我是安信银行信用卡中心司法调查组的，我姓王，请问是李强先生吗？"] + \
            ["那您到底什么时候能还？"] * 30
    for seed in range(4):
        said = debtor_lines(play_lines(scenario, lines, seed=seed))
        assert len(said) > 10
        assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]


def test_a_goodbye_after_a_promise_ends_the_call_with_ptp() -> None:
    scenario = load_scenario("first-contact-honest")
    lines = ["您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生本人吗？",
             "张先生，您尾号6688的信用卡已经逾期45天，欠款12580元，最低还款额1258元，请问今天能先处理最低还款吗？",
             "如实跟您说，逾期会报送征信，利息按每天万分之五计算，还有违约金。",
             "理解您，方便说说是遇到什么困难了吗？",
             "理解，谁都有难的时候。您这周五前先还最低还款额1258元，用手机银行，可以吗？",
             "好的，谢谢您，再见。",
             "这句不该被说出来。"]
    result = play_lines(scenario, lines, seed=1)
    assert any(t.get("promise") for t in result["transcript"]["turns"])
    assert result["outcome"] == "ptp"
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert "这句不该被说出来。" not in agent
    assert "再见" in debtor_lines(result)[-1]


def test_no_reminder_opening_unless_the_point_was_really_made() -> None:
    for name in ("special-deceased", "first-contact-malicious", "first-contact-honest"):
        scenario = load_scenario(name)
        lines = ["喂？", "您好，请问是本人吗？", "嗯。", "您说什么？", "好的。", "那您看怎么办？"]
        for seed in range(3):
            turns = play_lines(scenario, lines, seed=seed)["transcript"]["turns"]
            codes_before: list[str] = []
            for t in turns:
                if t["speaker"] == "agent":
                    continue
                if t["text"].startswith(REMINDERS):
                    assert t["response"] in codes_before, t["text"]
                codes_before.append(t["response"])


def test_the_name_in_replies_is_the_scenario_s_own() -> None:
    for name, own in (("first-contact-fraud", "孙丽"), ("first-contact-malicious", "赵磊")):
        scenario = load_scenario(name)
        lines = [f"您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是{own}本人吗？",
                 "为了核实身份，麻烦您报一下身份证后四位。"]
        for seed in range(6):
            said = "".join(debtor_lines(play_lines(scenario, lines, seed=seed)))
            assert "张伟" not in said


def test_a_weight_of_zero_is_never_used() -> None:
    scenario = load_scenario(ENGINE / "engine-honest.yaml")
    st = scenario.script().stage("purpose")
    zero = Response(code="NO_MONEY", examples=("从不这样说",), weights={"honest": 0.0})
    one = Response(code="NO_ABILITY", examples=("我真的还不上",), weights={})
    st2 = replace(st, responses=(zero, one))
    rng = random.Random(3)
    for _ in range(50):
        chosen = script_response("NO_MONEY", st2, (), "honest", rng)
        assert chosen is not zero
    assert script_response("NO_MONEY", replace(st, responses=(zero,)), (), "honest", rng) is None
    assert script_response("NO_MONEY", replace(st, responses=(zero,)), (), "slippery", rng) is zero


def test_different_seeds_give_different_paths() -> None:
    scenario = load_scenario("first-contact-slippery")
    lines = ["您好，我是安信银行信用卡中心司法调查组的，我姓王，请问是李强先生吗？",
             "李先生，您尾号3519的信用卡逾期38天，欠款23600元，最低还款2360元，今天能先还最低还款吗？",
             "那您什么时候能还？", "您看这周五前能还吗？", "那您看能还多少？", "请您尽快还款。",
             "您今天能先还一部分吗？", "那您哪天能还？"]
    paths = {tuple((t["response"], t["text"]) for t in play_lines(scenario, lines, seed=s)["transcript"]["turns"]
                   if t["speaker"] != "agent") for s in range(10)}
    codes = {tuple(code for code, _ in path) for path in paths}
    assert len(paths) >= 5 and len(codes) >= 2


def test_a_contemptuous_line_raises_anger_with_no_finding() -> None:
    scenario = load_scenario(ENGINE / "engine-honest.yaml")
    calm = Debtor.for_scenario(scenario, random.Random(1))
    hurt = Debtor.for_scenario(scenario, random.Random(1))
    for d, line in ((calm, "您好，我们谈谈还款的事。"), (hurt, "你这素质真差，脑子进水了吧，还好意思不还？")):
        u = understand(line, facts=scenario.facts(), today=MONDAY)
        d.hear(u, [], verified=True, progressed=False)
    assert hurt.anger > calm.anger + 1
    assert hurt.complaint > calm.complaint
    polite = Debtor.for_scenario(scenario, random.Random(1))
    polite.anger = calm.anger = 4.0
    for d, line in ((calm, "我们谈谈还款的事。"), (polite, "麻烦您理解一下，谢谢。")):
        d.hear(understand(line, today=MONDAY), [], verified=True, progressed=False)
    assert polite.anger < calm.anger


def test_each_reply_says_why_in_the_transcript() -> None:
    scenario = load_scenario("first-contact-honest")
    result = play_lines(scenario, ["您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生本人吗？"], seed=1)
    replies = [t for t in result["transcript"]["turns"] if t["speaker"] != "agent"]
    assert replies[-1]["why"].startswith("听到：") and "找本人" in replies[-1]["why"]


def test_who_is_calling_is_not_asked_after_the_agent_identified() -> None:
    scenario = load_scenario("first-contact-fraud")
    lines = ["您好，请问是孙丽女士本人吗？",
             "孙女士您好，我是安信银行信用卡中心司法调查组的工作人员，我姓王，工号A1024。",
             "为了核实身份，麻烦您提供一下身份证号码的后四位，谢谢。"]
    for seed in range(5):
        turns = play_lines(scenario, lines, seed=seed)["transcript"]["turns"]
        after = [t for t in turns[4:] if t["speaker"] != "agent"]
        assert all(t["response"] != "ASK_WHO" for t in after), [t["text"] for t in after]
        assert any(ch.isdigit() for ch in after[-1]["text"])      # the ID tail, asked just now
