"""Deductions the round-11 held-out reviewers found no basis for (round 10, docs/engine.md §4).

* Understanding shown in the trainee's own words (「做生意的我懂……回款慢是常事」) is understanding: no 「客户说了难处，
  却没有表示理解」 and no 「还没了解原因、表示理解，就开始讲后果」 afterwards (the AS reviewer, 3 calls).
* A day the agent gives for the sum (「我最多帮您登记到3月12号」) is a concession the customer can take, not a bare push.
* The promised day: the course asks for a day near the customer's payday and sets no deadline; a day within 10 days
  after the payday costs nothing (the AS and AR reviewers: 「7天期限在课程材料里找不到依据」); one well past it still does.

Lines are in the style of the natural sessions, not copied from them.
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers_engine import play, reply_to

from trainer.sim.judging import latest_fair_day

SLIPPERY_OPEN = [
    "您好，请问是李强李先生吗？",
    "李先生您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024，通话有录音。",
    "您尾号3519的信用卡1月23号那期没还，逾期38天了，总共欠23600元，最低还款2360元。这几天能先处理一下吗？",
]
OWN_WORDS = "做买卖的，货款压着周转不开，这个我懂，也是常有的事。是哪笔款子还没回来？"
NO_UNDERSTANDING = "是哪笔款子还没回来？"
SLIPPERY_REST = [
    "那您给个准话：哪天，还多少？",
    "我建议先把最低2360元还上，别让利息一直滚。3月6号之前行不行？",
    "6号要是真紧，我最多帮您登记到3月9号。9号之前还2360元，这个您能保证吧？",
    "好，我复述一下：3月9号之前，您用手机银行还2360元，到尾号3519这张卡。对吧？",
    "行，那就这么定了。有变化提前打400-123-4567找我。谢谢李先生，再见。",
]
UNDERSTANDING_MISSED = ("没有表示理解", "还没了解原因、表示理解")


def _reasons(result: dict) -> list[str]:
    return [d["reason"] for d in result["score"]["deductions"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_understanding_in_the_trainees_own_words_costs_nothing(seed: int) -> None:
    result = play("first-contact-slippery", [*SLIPPERY_OPEN, OWN_WORDS, *SLIPPERY_REST], seed)
    assert not [r for r in _reasons(result) if any(w in r for w in UNDERSTANDING_MISSED)], _reasons(result)
    assert result["passed"], result["score"]["gate"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_question_without_understanding_is_still_named(seed: int) -> None:
    result = play("first-contact-slippery", [*SLIPPERY_OPEN, NO_UNDERSTANDING, *SLIPPERY_REST], seed)
    assert [r for r in _reasons(result) if any(w in r for w in UNDERSTANDING_MISSED)], _reasons(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_more_time_for_the_sum_moves_a_slippery_customers_ceiling(seed: int) -> None:
    result = play("first-contact-slippery", [*SLIPPERY_OPEN, OWN_WORDS, *SLIPPERY_REST], seed)
    reply = reply_to(result, SLIPPERY_REST[2])
    assert reply["response"] == "PTP_OFFER" and "2360" in reply["text"], reply["text"]


HONEST_CALL = [
    "喂，您好，请问您是张伟先生吗？",
    "张先生您好，这里是安信银行信用卡中心司法调查组，我姓王，这通电话有录音。您尾号6688的信用卡逾期45天了，"
    "欠款12580元，最低还款1258元，您看哪天能还？",
    "我理解，方便说说是什么原因没按时还吗？",
    "明白，家里开销大确实不容易。逾期利息是按每天万分之五算的，拖久了不划算。",
    "全部还有难度的话，先还最低还款1258元，免得影响征信，您几号发工资？",
    "那就定在{day}，先还最低1258元，这样不影响征信，还到尾号6688的卡上，用手机银行就行。",
    "我复述一下：{day}用手机银行还1258元到尾号6688的信用卡，对吧？",
    "好的，有问题打400-123-4567找我，工号A1024。谢谢您，再见。",
]


def _honest(day: str) -> list[str]:
    return [line.format(day=day) for line in HONEST_CALL]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_day_a_few_days_after_payday_costs_nothing(seed: int) -> None:
    result = play("first-contact-honest", _honest("3月10日"), seed)   # paid on the 5th; the window ends 3月9日
    assert result["passed"] and result["score"]["total"] == 100, _reasons(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_day_well_past_payday_is_still_named(seed: int) -> None:
    result = play("first-contact-honest", _honest("3月16日"), seed)
    assert "承诺日期 3月16日 离客户发薪日（3月5日）太远，应约在发薪日附近（最晚 3月15日）" in _reasons(result)


def test_without_a_known_payday_the_scenarios_window_stands() -> None:
    assert latest_fair_day(date(2026, 3, 2), 7, None) == (date(2026, 3, 9), "超出 7 天的期限")
    assert latest_fair_day(date(2026, 3, 2), 7, 5)[0] == date(2026, 3, 15)
    assert latest_fair_day(date(2026, 3, 2), 7, 1)[0] == date(2026, 4, 11)   # paid on the 1st: next month's
