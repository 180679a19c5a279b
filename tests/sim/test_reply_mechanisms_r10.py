"""The mechanisms that made replies go off for author AO (round 10, docs/engine.md §7 "Round 10, author AO"),
each checked with lines written for these tests — none is taken from a session file."""

from __future__ import annotations

import re

import pytest
from helpers_engine import play as _play
from helpers_engine import reply_to as _after

from trainer.sim.debtor import bank

SEEDS = [1, 2, 3]

FRAUD = ["喂您好，是孙丽女士吗？",
         "孙女士，我是安信银行信用卡中心司法调查组的，姓钱，工号A1024。您尾号4471的卡现在欠款18960元，逾期一个多月了。",
         "您说不是您刷的，那我这边先给您记成一笔有争议的交易，交给核查的同事。"]


# -- a direct question is answered first, even when a listening line was ready ----------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_asked_for_the_id_digits_after_the_dispute_is_logged_they_give_them(seed: int) -> None:
    ask = "登记之前得再核对一下，劳驾您说下身份证号码最后四位。"
    reply = _after(_play("first-contact-fraud", FRAUD + [ask], seed), ask)
    assert any(ch.isdigit() for ch in reply["text"]) and "核查" not in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_which_charges_they_say_which(seed: int) -> None:
    ask = "您回忆一下，是其中某几笔您没印象，还是整张账单都不认？"
    reply = _after(_play("first-contact-fraud", FRAUD + [ask], seed), ask)
    assert "笔" in reply["text"] and reply["text"] not in bank().listen.get("handled", ()), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_recap_ending_in_is_that_all_right_gets_a_yes_not_go_on(seed: int) -> None:
    recap = "我再说一遍：您不认的消费已经提交核查，结果出来同事会打给您，中间有事就打400-123-4567。您看这样可以吧？"
    reply = _after(_play("first-contact-fraud", FRAUD + [recap], seed), recap)
    assert "接着说" not in reply["text"] and "你说" not in reply["text"], reply["text"]
    assert any(w in reply["text"] for w in ("行", "可以", "好")), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_again_whether_it_is_them_they_say_yes(seed: int) -> None:
    lines = ["请问是周敏女士本人吗？", "抱歉刚才没说清楚，我是安信银行司法调查组的，姓钱，工号A1024，请问您就是周敏女士吧？"]
    reply = _after(_play("follow-up-broken-promise", lines, seed), lines[-1])
    assert "是我" in reply["text"] or "是本人" in reply["text"] or "我本人" in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_how_they_pay_after_telling_the_hardship_they_name_a_way_not_the_hardship_again(seed: int) -> None:
    lines = ["您好，请问是本人吗？",
             "您好，我是安信银行信用卡中心司法调查组的，姓孙，工号A1024。您的信用卡欠款逾期两个月了，今天想跟您商量一下还款。",
             "不还会影响征信，利息也按每天万分之五算。这笔钱您这周能还上吗？",
             "那您平时是用什么方式还款的？用手机银行转账，还是去柜台？"]
    result = _play("first-contact-honest", lines, seed)
    assert _after(result, lines[2])["response"] == "NO_MONEY"     # the hardship was told once
    reply = _after(result, lines[-1])
    assert reply["response"] != "NO_MONEY" and ("手机银行" in reply["text"] or "柜台" in reply["text"]), reply


@pytest.mark.parametrize("seed", SEEDS)
def test_a_patient_offered_a_call_after_leaving_hospital_agrees_and_the_call_still_counts(seed: int) -> None:
    lines = ["您好，请问是冯涛先生吗？",
             "冯先生好，我是安信银行司法调查组的，姓钱，工号A1024。听说您住院了，身体还好吗？",
             "您先安心治疗，我们把您的情况登记成特殊情况，这段时间不谈还款。",
             "等您出院了我们再聊，下个月中旬，大概4月15号那几天我再打给您，可以吗？"]
    replies = _play("special-hospitalized", lines, seed)
    reply = _after(replies, lines[-1])
    assert "住院" not in reply["text"] and "手术" not in reply["text"], reply["text"]
    assert reply["response"] == "AGREE_CALLBACK", reply


# -- a complaint just threatened is not forgotten at the next arrangement made without an apology -----------

PRESSED_PATIENT = ["喂，冯涛先生是吧？", "冯先生，安信银行司法调查组，我姓钱。您卡上欠了21300元，逾期快一个月了。",
                   "住院也不影响转账吧，手机上点几下的事，今天先把2130元弄了行不行？",
                   "那让您老婆先替您垫上，她电话多少？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_right_after_threatening_a_complaint_a_logged_call_back_is_not_taken_calmly(seed: int) -> None:
    arrange = "行，那我把您的情况登记一下，过一阵再联系您，有事您打400-123-4567找我。"
    result = _play("special-hospitalized", PRESSED_PATIENT + [arrange], seed)
    assert _after(result, PRESSED_PATIENT[-1])["response"] == "THREAT_COMPLAINT"
    reply = _after(result, arrange)
    # still angry: the grudge line, or (more patience used up on some seeds) the complaint carried out
    assert reply["text"] in bank().listen["still_upset"] or reply["response"] == "LODGE_COMPLAINT", reply["text"]
    assert reply["text"] not in bank().listen.get("callback_offered", ()) and "到时候" not in reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_an_apology_after_the_threat_is_still_met_without_the_grudge_line(seed: int) -> None:
    arrange = "真对不起，是我刚才说话不妥当。我把您的情况登记一下，等您出院再联系您，可以吗？"
    reply = _after(_play("special-hospitalized", PRESSED_PATIENT + [arrange], seed), arrange)
    assert reply["text"] not in bank().listen["still_upset"], reply["text"]


# -- a rate is no sum: 「万分之五的利息」 does not make the customer jump from their ceiling to all they have ---

def test_a_rate_is_not_read_as_a_sum_asked_for() -> None:
    from trainer.sim.understand import understand

    for line in ("晚一天就多万分之五的罚息，您心里有个数。", "违约金按百分之五收，这个得跟您讲清楚。"):
        assert understand(line).promise_amount is None, line


@pytest.mark.parametrize("seed", SEEDS)
def test_a_ceiling_holds_when_the_agent_only_mentions_the_interest_rate(seed: int) -> None:
    lines = ["您好，请问是本人吗？",
             "您好，我是安信银行信用卡中心司法调查组的，姓孙，工号A1024。您的信用卡欠款逾期一个多月了，怎么一直没还呢？",
             "孩子看病确实不容易，我能理解。那您大概什么时候能还一点？",
             "顺便跟您说一声，逾期每天按万分之五计息，越早处理越省钱。"]
    result = _play("first-contact-honest", lines, seed)
    ceiling = _after(result, lines[2])
    reply = _after(result, lines[-1])
    named = [int(n) for n in re.findall(r"(\d+)元", ceiling["text"])]
    if ceiling["response"] == "LOWBALL" and named:
        got = [int(n) for n in re.findall(r"(\d+)元", reply["text"])]
        assert not got or max(got) <= max(named), (ceiling["text"], reply["text"])
    assert "10000" not in reply["text"] and "1万" not in reply["text"], reply["text"]
