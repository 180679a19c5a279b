"""A trainee who does right by the family or the patient is not marked down for the words of care they
use, and reminding a customer of their own broken promise is a fair reproach, not contempt.

The sentences are written for these tests (none of them is in a corpus): they check the mechanism —
a line that says the call is *not* to make the family pay asks for nothing; a special-case
registration is recorded whichever order its words come in; 「日子是您自己定的」 stings the customer
but costs the trainee nothing.
"""

from __future__ import annotations

import pytest

from tests.helpers_engine import play, replies, reply_to
from trainer.sim.understand import understand

# the son of a debtor who has died picks up; the trainee stands the money talk down in their own words
BEREAVED = ["您好，请问是蒋建国先生家吗？", "实在对不起，打扰了，请节哀顺变。",
            "我是安信银行的，姓王，工号A1024，这通电话有录音。",
            "这些事您眼下都不用管，我们这次打来也不是叫您去还什么的，我这边做个登记，后面有专门的同事按规定处理。",
            "方便的时候您打400-123-4567，说是家属，报我的工号就行，一点都不急。",
            "您和家里人多保重，那先不打扰了，再见。"]

# a patient: the registration is said with its words the other way round (「情况……登记」)
PATIENT = ["您好，请问是冯涛先生吗？", "冯先生您好，我是安信银行信用卡中心司法调查组的，我姓王，通话有录音。",
           "听说您在住院，身体要紧，您先安心治疗，今天钱的事先不谈。",
           "您住院这个情况我给您在系统里备个案，做一个特殊情况登记，这段时间不会再有人催您。",
           "等您出院以后，您方便的时候打400-123-4567找我就行。", "祝您早日康复，再见。"]


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_telling_the_bereaved_they_need_not_pay_is_not_pressing_them(seed: int) -> None:
    result = play("special-deceased", BEREAVED, seed)
    pressed = [d for d in result["score"]["deductions"] if d.get("category") == "vulnerable"]
    assert not pressed, pressed
    assert result["outcome"] == "special_handling" and result["passed"], result["score"]["gate"]


def test_a_line_saying_the_call_is_not_for_money_asks_for_none() -> None:
    u = understand("我们这次打来也不是叫您去还什么的，您不用操心这些。", contact="third_party")
    assert "request_payment" not in u.acts and "state_purpose" not in u.acts
    # the same words without the 不是 still ask
    assert "request_payment" in understand("您今天先还一千吧。", contact="debtor").acts


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_a_special_case_registration_settles_the_call_whatever_the_word_order(seed: int) -> None:
    result = play("special-hospitalized", PATIENT, seed)
    assert result["outcome"] == "special_handling", result["score"]["deductions"]


def test_reminding_the_customer_of_their_own_promise_is_a_reproach_not_contempt() -> None:
    kinds = dict(understand("王女士，那个还款日是您自己挑的，这回又没做到，我这边只能照实记。").tone)
    assert "reproach" in kinds and "contempt" not in kinds
    # contempt is still contempt
    assert "contempt" in dict(understand("您这种人说话不算数，谁还敢信您？").tone)


FOLLOW_UP = ["您好，请问是周敏女士吗？",
             "周女士您好，我是安信银行信用卡中心司法调查组的，我姓王，通话有录音。",
             "麻烦您报一下身份证后四位，核对一下。",
             "上回那个2月20日还3000元的约定是您自己定的，这次差了2000元，是碰到什么事了？"]


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_a_reproach_is_answered_but_costs_the_trainee_nothing(seed: int) -> None:
    result = play("follow-up-broken-promise", FOLLOW_UP, seed)
    marked = [d for d in result["score"]["deductions"] if "自己定的" in d["reason"]]
    assert not marked, marked
    said = reply_to(result, FOLLOW_UP[-1])["text"]
    assert said and said not in [r["text"] for r in replies(result)[:-1]]
