"""The debtor holds a conversation with a trainee who says things in their own words (issue #11).

Each test plays a short call through the engine, in words that are not in the natural corpus, and
asserts what a trainee would notice: a question gets an answer (never only 「嗯，您说」), a point is
not said again in other words, nothing false is claimed (「我都说了」, 「哪个银行的？」 after the bank
was named, card digits nobody asked for), the debtor's own offer is remembered when the agent
quotes it wrong, and contempt or blame gets a reaction.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from natural_calls import is_backchannel, similarity  # noqa: E402

OPEN = ["您好，请问是张伟先生吗？",
        "张先生您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
        "您尾号6688的信用卡逾期45天了，欠款12580元。"]


def replies(scenario: str, lines: list[str], seed: int = 1) -> list[dict[str, Any]]:
    """The other side's turns after each agent line (the pick-up line left out)."""
    result = play_lines(load_scenario(scenario), lines, seed=seed, mode="play")
    return [t for t in result["transcript"]["turns"] if t["speaker"] != "agent"][1:]


def mood_after(scenario: str, lines: list[str], seed: int = 1) -> dict[str, Any]:
    return replies(scenario, lines, seed)[-1]["mood"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asked_the_reason_the_debtor_tells_the_hardship(seed: int) -> None:
    said = replies("first-contact-honest", [*OPEN, "这阵子是碰上什么事了吗？"], seed)
    assert "孩子住院" in said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_question_after_the_hardship_gets_an_answer_not_a_backchannel(seed: int) -> None:
    lines = [*OPEN, "这阵子是碰上什么事了吗？", "那之前为啥一个电话都没回呢？", "您工资一般几号到账？"]
    said = replies("first-contact-honest", lines, seed)
    assert not is_backchannel(said[-2]["text"]), said[-2]["text"]
    assert "5号" in said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fraud_claimant_answers_whether_it_was_reported(seed: int) -> None:
    lines = ["您好，请问是孙丽女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
             "您尾号4471的卡逾期51天，欠款18960元，今天想跟您商量一下还款。",
             "您是说有几笔不是您刷的？您别急，我先记下来。", "那这个事您报案了没有？"]
    said = replies("first-contact-fraud", lines, seed)
    assert re.search("报警|报案|挂失|冻结", said[-1]["text"]), said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pressed_again_and_again_the_debtor_never_says_the_same_thing_twice(seed: int) -> None:
    lines = [*OPEN, "为什么一直不还？", "那钱什么时候能还上？", "您总得给个日子吧？", "这周能不能先还一点？",
             "下周呢？", "到底什么时候还？", "您别老说没钱，哪天能还？"]
    said = [r["text"] for r in replies("first-contact-honest", lines, seed)]
    for i, text in enumerate(said):
        for earlier in said[:i]:
            assert similarity(text, earlier) < 0.8, (earlier, text)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_caller_who_never_says_who_they_are_is_asked_at_most_three_times(seed: int) -> None:
    lines = ["喂，周敏吗？", "上次说好的钱怎么没还够？", "您还差两千呢。", "为什么没还够啊？", "剩下的什么时候还？",
             "那您抓紧吧。"]
    said = replies("follow-up-partly-kept", lines, seed)
    assert sum(r["response"] in ("ASK_WHO", "SUSPECT_SCAM") for r in said) <= 3
    assert said[-2]["response"] not in ("ASK_WHO", "SUSPECT_SCAM")     # then they take the call


@pytest.mark.parametrize("seed", range(1, 7))
def test_no_false_reminders_and_no_bank_asked_after_it_was_said(seed: int) -> None:
    lines = ["喂，您好。", "我是安信银行的，姓王。", "是韩雪女士吗？", "您的卡逾期了，欠款11240元。",
             "您看什么时候能还？", "最低还款1124元，周五前可以吗？"]
    said = replies("special-complaint-prone", lines, seed)
    codes: set[str] = set()
    for r in said:
        if r["text"].startswith(("我都说了", "还是那句话", "你们到底听没听", "我刚才也说了")):
            assert r["response"] in codes, r["text"]
        codes.add(r["response"])
        assert "哪个银行" not in r["text"]


@pytest.mark.parametrize("seed", range(1, 9))
def test_a_debtor_with_a_payday_never_says_they_have_no_income(seed: int) -> None:
    lines = [*OPEN, "您先还1258元吧。", "怎么会还不上呢？", "那您打算怎么办？"]
    for r in replies("first-contact-honest", lines, seed):
        assert "收入都没有" not in r["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lowballing_debtor_corrects_a_bigger_sum_quoted_as_theirs(seed: int) -> None:
    lines = [*OPEN, "最近遇到什么困难了吗？", "不还的话利息每天都在算，也会影响征信。",
             "理解，孩子住院确实不容易。那您现在能还多少？", "好，那就是1258元是吧，我给您记上。"]
    said = replies("first-contact-honest", lines, seed)
    assert said[-2]["response"] == "LOWBALL" and "500元" in said[-2]["text"], [r["text"] for r in said]
    assert "500元" in said[-1]["text"] and "1258" not in said[-1]["text"], said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_day_the_debtor_never_offered_is_not_taken_as_theirs(seed: int) -> None:
    lines = ["您好，请问是李强先生吗？", "李先生您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
             "您尾号3519的卡逾期38天，欠款23600元。", "行，3月7号是吧？那就3月7号还最低的。"]
    said = replies("first-contact-slippery", lines, seed)
    assert "没" in said[-1]["text"] and "说" in said[-1]["text"], said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blame_and_contempt_get_a_reaction_and_raise_anger(seed: int) -> None:
    calm = [*OPEN, "上次说好的没做到。"]
    rude = [*OPEN, "说话不算数的人我见多了，做人总得讲点诚信吧。"]
    said = replies("first-contact-honest", rude, seed)[-1]
    assert not is_backchannel(said["text"]), said["text"]
    assert mood_after("first-contact-honest", rude, seed)["anger"] > mood_after("first-contact-honest", calm, seed)["anger"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_id_digits_unless_asked(seed: int) -> None:
    lines = ["您好，请问是孙丽女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
             "您尾号4471的卡逾期51天，欠款18960元。",
             "我给您登记争议，后面转专门部门调查核实，可能要您提供身份证复印件。"]
    said = replies("first-contact-fraud", lines, seed)
    assert not re.search(r"\d{4}", said[-1]["text"]), said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_wrong_payday_quoted_back_is_corrected(seed: int) -> None:
    lines = [*OPEN, "您每个月几号发工资？", "12号发是吧，那就12号之后还。"]
    said = replies("first-contact-honest", lines, seed)
    assert "5号" in said[-1]["text"] and "12" not in said[-1]["text"], said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_offered_a_choice_after_promising_the_debtor_picks_one(seed: int) -> None:
    lines = [*OPEN, "最近遇到什么困难了吗？", "理解，孩子住院确实不容易。先还最低还款1258元可以吗？",
             "您看是一次还，还是分两次还，哪种方便？"]
    said = replies("first-contact-honest", lines, seed)
    assert said[-2]["response"] in ("PTP_OFFER", "ACCEPT_PLAN"), [r["text"] for r in said]
    assert "1258元" in said[-1]["text"] and not is_backchannel(said[-1]["text"]), said[-1]["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_pay_day_earlier_than_the_promised_one_is_corrected_not_taken(seed: int) -> None:
    lines = [*OPEN, "最近遇到什么困难了吗？", "理解，孩子住院确实不容易。先还最低还款1258元可以吗？",
             "好，明天还1258元，您用手机银行还是柜台？"]
    said = replies("first-contact-honest", lines, seed)
    promised = said[-2]
    assert promised["response"] in ("PTP_OFFER", "ACCEPT_PLAN") and "明天" not in promised["text"]
    assert "明天" not in said[-1]["text"] and promised["promise"]["date"] in str(said[-1].get("promise")), \
        said[-1]["text"]
