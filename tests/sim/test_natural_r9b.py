"""Behaviours fixed from the second round-9 development set (`dev_r9b`, author AG; issues #11, #12).
The lines are written for these tests in a trainee's own words, not copied from the sessions."""

from __future__ import annotations

import pytest
from helpers_engine import play as _play
from helpers_engine import reasons as _reasons
from helpers_engine import reply_to as _after

SEEDS = [1, 2, 3]

HONEST = ["喂，您好，是张伟先生吗？",
          "张先生好，我这边是安信银行信用卡中心司法调查组，姓李，工号C3310，电话有录音。身份证最后四位方便报一下吗？",
          "谢谢，核对上了。您尾号6688的卡逾期45天了，欠款12580元，最低还款1258元，您这边知道这个情况吗？"]


# -- talking about scammers in general, or a child's school fees, is no insult and no false claim ------

@pytest.mark.parametrize("seed", SEEDS)
def test_warning_that_scammers_are_about_is_not_calling_the_customer_one(seed: int) -> None:
    lines = [*HONEST, "您怕接到假冒银行的电话很正常，这阵子骗子特别多，您挂断后打卡背面的客服号核实一下也行。"]
    found = _reasons(_play("first-contact-honest", lines, seed))
    assert "辱骂" not in found and "出言不逊" not in found, found


@pytest.mark.parametrize("seed", SEEDS)
def test_sympathy_for_school_fees_is_not_a_made_up_consequence(seed: int) -> None:
    lines = [*HONEST, "孩子要上学、老人要吃药，每样都得花钱，您是真的不容易。方便说说最近是什么困难吗？"]
    found = _reasons(_play("first-contact-honest", lines, seed))
    assert "不实陈述" not in found and "威胁或不实" not in found, found


# -- asking when to call back, or whether the process suits them, is not pressing the vulnerable --------

PATIENT = ["您好，请问冯涛冯先生在吗？", "冯先生您好，我是安信银行信用卡中心司法调查组的，姓赵，工号D0921，本通话录音。",
           "方便说话吗？", "您在住院啊，那您多保重，我把您的情况报成特殊账户处理，这段时间不打扰您。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asking_which_day_suits_a_call_after_hospital_is_no_pressure(seed: int) -> None:
    lines = [*PATIENT, "等您身体养好了，几号联系您方便一些？还是打这个手机吗？"]
    result = _play("special-hospitalized", lines, seed)
    assert "特殊人群施压" not in _reasons(result), _reasons(result)
    assert result["outcome"] != "incomplete", _reasons(result)


BEREAVED = ["喂，您好，找一下蒋建国先生。", "真是对不起，节哀顺变。我是安信银行的，姓钱，工号E4410，通话录音。",
            "老人家名下的业务，会有专人按流程跟家属联系，到时再细说，您看可以吗？",
            "请问怎么称呼您？以后专人打这个号码找您可以吗？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asking_the_family_to_agree_to_the_process_is_not_pressing_them(seed: int) -> None:
    result = _play("special-deceased", BEREAVED, seed)
    assert "特殊人群施压" not in _reasons(result), _reasons(result)


# -- a proposal built on a wrong payday: the payday is put right and the proposal answered ------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_proposal_on_the_wrong_payday_gets_the_payday_and_an_answer(seed: int) -> None:
    lines = [*HONEST, "我明白了，手头确实紧。那先还最低的1258元，您是25号发薪吧，25号那天能还吗？"]
    text = _after(_play("first-contact-honest", [*HONEST[:3], "是什么原因一直没还上呢？", lines[-1]], seed),
                  lines[-1])["text"]
    assert "5号" in text and "1258" in text, text


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_when_money_next_comes_in_they_name_their_payday(seed: int) -> None:
    lines = [*HONEST, "是什么原因一直没还上呢？", "那您下一笔进账是几号呀？"]
    text = _after(_play("first-contact-honest", lines, seed), lines[-1])["text"]
    assert "5号" in text, text


def test_asked_whether_they_can_make_up_the_rest_they_answer_with_a_sum() -> None:
    lines = ["喂，周敏女士吗？", "周女士好，安信银行信用卡中心司法调查组，我姓孙，工号F7710，通话录音。",
             "上次约的还款您还了1000元，谢谢您。剩下的这部分是什么原因没还上呢？",
             "理解。这礼拜五能把剩下的2000元补齐吗？"]
    text = _after(_play("follow-up-partly-kept", lines, 1), lines[-1])["text"]
    assert any(ch.isdigit() for ch in text), text


# -- a promise with no way to pay named by anyone is a promise without a channel ------------------------

def test_a_promise_nobody_named_a_channel_for_costs_the_channel() -> None:
    lines = [*HONEST, "是什么原因一直没还上呢？", "孩子生病确实难，理解您。那这周四先把最低的1258元还上，可以吗？",
             "行，那就这么定了，谢谢您，再见。"]
    result = _play("first-contact-honest", lines, 3)
    said = " ".join(t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent")
    assert not any(way in said for way in ("手机银行", "网银", "柜台", "转账")), said
    assert "没有说明还款渠道" in _reasons(result), said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_patient_asked_which_day_to_call_back_names_a_time(seed: int) -> None:
    lines = [*PATIENT, "出院以后哪天再联系您比较合适？上午还是下午？"]
    text = _after(_play("special-hospitalized", lines, seed), lines[-1])["text"]
    assert any(w in text for w in ("出院", "礼拜", "下午", "上午", "周")), text
    assert text not in ("好，到时候再联系。", "行，那你到时候再打给我吧。"), text


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_payday_opening_a_line_is_put_right(seed: int) -> None:
    lines = [*HONEST, "是什么原因一直没还上呢？", "那您每月几号发工资？", "20号发工资，那就先还1258元，行。"]
    text = _after(_play("first-contact-honest", lines, seed), lines[-1])["text"]
    assert "5号" in text, text
