"""Behaviours fixed after the round-6 held-out measure (`dev_r7`, first `heldout_r7`, authors R and S; issue #11), now
development material.  The lines are written for these tests in a trainee's own words, not copied from
the sessions."""

from __future__ import annotations

import pytest
from helpers_engine import play as _play
from helpers_engine import replies as _replies
from helpers_engine import reply_to as _after

from trainer.sim.understand import understand

SEEDS = [1, 2, 3]
COMPLAINT_OPEN = ["喂，您好，是韩雪女士吗？",
                  "韩女士好，我是安信银行信用卡中心的，姓陈，工号C3307，通话有录音，今天联系您是为了您那张卡的事。"]
SORRY = "韩女士，之前的提醒没到您手上，让您受了委屈，实在对不住。"
LOGGED = "没接到提醒这件事，我现在就给您登记成投诉意见，后面会有专人回复您。"
ASKED = "今天打来主要是想请您尽快把卡上欠的款还上。"





def test_an_apology_for_the_trouble_asks_for_no_payment() -> None:
    u = understand("张先生，这事给您添麻烦了，之前的还款短信没发到，是我们的疏忽。")
    assert "request_payment" not in u.acts and "apologize" in u.acts, u.acts


@pytest.mark.parametrize("seed", SEEDS)
def test_no_amount_is_questioned_before_any_amount_is_said(seed: int) -> None:
    result = _play("special-complaint-prone", [*COMPLAINT_OPEN, ASKED, SORRY, LOGGED], seed)
    for line in (ASKED, SORRY, LOGGED):
        reply = _after(result, line)
        assert reply["response"] != "DISPUTE_AMOUNT" and "金额" not in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_grievance_apologised_for_and_logged_in_advance_is_not_raised_as_news(seed: int) -> None:
    lines = [*COMPLAINT_OPEN, ASKED, SORRY, LOGGED,
             "账上现在是逾期36天，一共欠11240元，最低要还1124元。",
             "您看能不能先把1124元最低还款还上？",
             "那您定个日子吧，周五之前行不行？",
             "我跟您核对一下，周五前还1124元，对吧？"]
    result = _play("special-complaint-prone", lines, seed)
    raised = [t["text"] for t in _replies(result) if t.get("response") == "CLAIM_NO_NOTICE"]
    assert not raised, raised


FOLLOW_OPEN = ["喂，周敏女士是吧？", "周女士，我是安信银行信用卡中心的小陈，工号C3307，来电有录音。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_told_nothing_came_in_after_a_part_payment_she_says_what_she_paid(seed: int) -> None:
    wrong = "您上回说好2月20号还的，结果我们这边一分钱也没看到进账，怎么回事？"
    result = _play("follow-up-broken-promise", [*FOLLOW_OPEN, wrong], seed)
    reply = _after(result, wrong)
    assert reply["response"] == "CLAIM_PARTIAL" and "1000" in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_money_talk_brushed_off_once_is_not_pressed_a_third_time(seed: int) -> None:
    lines = [*FOLLOW_OPEN, "上次说好的钱为什么又没还？",
             "老拿这种话糊弄人，再不还我们就派人到您小区去，让大家都知道。",
             "剩下那2000块，今天给转过来。", "那最晚哪一天能还上？", "就定3月12号，2000块，别再拖了。",
             "3月12号之前把2000块打到卡上，听清楚没有？"]
    result = _play("follow-up-broken-promise", lines, seed)
    angry = [t for t in _replies(result) if t.get("response") == "CONFIRM" and "钱" in t["text"]
             and ("说法" in t["text"] or "没完" in t["text"] or "回头" in t["text"])]
    assert len(angry) <= 1, [t["text"] for t in angry]
    assert result["outcome"] == "complaint", result["outcome"]


@pytest.mark.parametrize("seed", SEEDS)
def test_so_be_it_with_a_ba_is_a_goodbye(seed: int) -> None:
    bye = "好，今天就先这样吧，过两天我再联系您。"
    after = "对了，您现在方便把钱转过来吗？"
    result = _play("follow-up-broken-promise", [*FOLLOW_OPEN, "上次约好的还款怎么没兑现呢？", bye, after], seed)
    said = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert after not in said, said      # the call ended on the goodbye


@pytest.mark.parametrize("seed", SEEDS)
def test_a_relative_who_said_he_is_out_does_not_say_he_can_talk(seed: int) -> None:
    asked = "那他这会儿方便接电话吗？"
    result = _play("third-party-family", ["喂，您好，吴刚先生在家吗？", asked], seed)
    reply = _after(result, asked)["text"]
    assert "方便，你说" not in reply and "不在" in reply, reply


@pytest.mark.parametrize("seed", SEEDS)
def test_a_patient_answers_a_proposed_call_back_not_just_listens(seed: int) -> None:
    offer = "等您出院以后，我月底再给您打过来，到时候再说还款的事。"
    lines = ["喂，您好，冯涛先生是吧？", "冯先生，我是安信银行信用卡中心的小陈，工号C3307，通话有录音，打来是说您信用卡的事。",
             "您是在医院吗？身体要紧。", offer]
    result = _play("special-hospitalized", lines, seed)
    reply = _after(result, offer)["text"]
    assert not any(w in reply for w in ("我在听", "你说", "知道了")), reply


@pytest.mark.parametrize("seed", SEEDS)
def test_a_recap_that_mentions_an_id_card_is_confirmed_not_answered_as_a_pickup(seed: int) -> None:
    recap = "我跟您核对一下信息：那几笔不是您刷的，我已经登记成争议，核查部门会联系您，到时请带上身份证件。您看对吗？"
    lines = ["喂，您好，孙丽女士吗？", "孙女士，我是安信银行信用卡中心的小陈，工号C3307，通话有录音。",
             "您尾号4471的卡逾期了，欠款18960元，想问问您的安排。", "哪几笔不是您刷的？", recap]
    result = _play("first-contact-fraud", lines, seed)
    reply = _after(result, recap)
    assert reply["response"] != "CONFIRM_IDENTITY" and "有事吗" not in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_when_the_income_comes_in_she_gives_the_day_not_an_offer(seed: int) -> None:
    asked = "您那边薪水一般几号能进账？"
    result = _play("follow-up-broken-promise", [*FOLLOW_OPEN, "上回约好的钱怎么没还上？", asked], seed)
    reply = _after(result, asked)
    assert reply["response"] not in ("LOWBALL", "PTP_OFFER") and "号" in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_bereaved_son_told_the_matter_is_taken_in_hand_does_not_plead_ignorance(seed: int) -> None:
    handled = "这件事我先记下来，交给特殊的流程去办，以后不会再打来打扰您了。"
    lines = ["您好，蒋建国先生在吗？", "实在抱歉，听到这个消息很难过，请节哀。",
             "我是安信银行的，姓陈，工号C3307，通话有录音。", "您别担心，今天不跟您谈钱。",
             "他在我们行办的业务，之后会有专门的同事按规定处理。", "您先忙家里的事，不用着急。", handled]
    result = _play("special-deceased", lines, seed)
    reply = _after(result, handled)["text"]
    assert not any(w in reply for w in ("不清楚", "知道的不多", "不了解")), reply


@pytest.mark.parametrize("seed", SEEDS)
def test_a_part_payment_reproached_as_a_broken_word_gets_push_back(seed: int) -> None:
    blamed = "1000块我们是收到了，可离您当初答应的差一大截，只还这点就等于没兑现。"
    result = _play("follow-up-partly-kept", [*FOLLOW_OPEN, blamed], seed)
    reply = _after(result, blamed)["text"]
    # (some seeds take offence at the tone first: that is push-back too)
    assert not any(w in reply for w in LISTENING) and ("1000" in reply or "这么说" in reply), reply


LISTENING = ("您说", "你说", "听着", "我知道", "接着说")
