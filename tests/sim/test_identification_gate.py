"""Saying who is calling is one of the course's hard lines: a trainee who never gives the bank and
their surname to the debtor fails the call however well the rest went, and the scorecard says why."""

from __future__ import annotations

import pytest

from tests.helpers_engine import play

SEEDS = (1, 2, 3)
REST = ["请问最近是遇到什么困难了吗？", "家里开销大确实不容易，我理解。",
        "那这样，您这周五之前先还最低还款1258元，用手机银行还，可以吗？",
        "好的，我复述一下：您这周五之前通过手机银行还1258元，对吗？", "好的，感谢您配合，再见。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_never_saying_who_is_calling_fails_the_call(seed: int) -> None:
    lines = ["喂，您好，请问是张伟先生吗？",
             "张先生，您尾号6688的信用卡已经逾期45天了，欠款12580元，最低还款1258元。", *REST]
    result = play("first-contact-honest", lines, seed)
    assert not result["passed"]
    assert "未向客户表明身份" in result["score"]["gate"] and "一票否决" in result["score"]["gate"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_call_with_the_bank_department_and_surname_said_is_not_failed_for_it(seed: int) -> None:
    lines = ["您好，请问是张伟先生吗？",
             "张先生您好，我是安信银行信用卡中心司法调查组的，我姓王，本次通话有录音。您尾号6688的信用卡已经逾期45天，"
             "欠款12580元，最低还款1258元。", *REST]
    result = play("first-contact-honest", lines, seed)
    assert "未向客户表明身份" not in result["score"]["gate"]
