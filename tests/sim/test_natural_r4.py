"""Behaviours fixed from the fourth round of natural sessions (issues #11, #12).  Lines are
written for these tests in the style of trainees' calls, not copied from the sessions."""

from __future__ import annotations

import pytest

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines

FRAUD = load_scenario("first-contact-fraud")


def _reasons(result) -> str:
    return " ".join(d["reason"] for d in result["score"]["deductions"])


@pytest.mark.parametrize("seed", [1, 2])
def test_a_debtor_who_gives_the_id_tail_is_verified_before_the_debt_is_named(seed: int) -> None:
    lines = [
        "您好，请问是孙丽女士本人吗？",
        "我是安信银行信用卡中心的，姓王，工号A1024。为了核实身份，请您说一下身份证号后四位。",
        "好的，核对无误。您尾号4471的信用卡账单已经逾期，欠款18960元，想跟您沟通一下。",
    ]
    result = play_lines(FRAUD, lines, seed=seed)
    replies = [t for t in result["transcript"]["turns"] if t.get("response") == "CONFIRM_IDENTITY"]
    assert replies, "the debtor answers the ID question"
    assert "透露欠款" not in _reasons(result)
    assert "核实本人身份之前" not in _reasons(result)
