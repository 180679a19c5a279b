"""The mechanisms that made debtor replies go off on the round-9 held-out sessions (docs/engine.md §7,
"Why replies go off"), each checked with lines written for these tests — none is taken from a session
file, so what is tested is the mechanism, not the words a session happened to use."""

from __future__ import annotations

import pytest
from helpers_engine import play as _play
from helpers_engine import replies as _replies
from helpers_engine import reply_to as _after

from trainer.sim.debtor import bank

SEEDS = [1, 2, 3]


# -- who they are, settled in a line that goes on to the debt, does not swallow the rest of the line ---------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_dispute_is_raised_in_the_same_breath_as_confirming_who_they_are(seed: int) -> None:
    business = ("孙女士，我是安信银行信用卡中心司法调查组的，姓赵，工号A1024。您那张尾号4471的卡欠了18960元，"
                "逾期快两个月了，这周能不能先还一部分？")
    reply = _after(_play("first-contact-fraud", ["您好，我找一下孙丽女士。", business], seed), business)
    brief = bank().identity["brief"]
    assert reply["response"] == "CONFIRM_IDENTITY", reply
    opening = next((b for b in brief if reply["text"].startswith(b)), None)
    assert opening is not None, reply["text"]
    rest = reply["text"][len(opening):]
    assert "刷" in rest or "冒用" in rest or "盗" in rest, reply["text"]     # the disputed charges, not only 「是我」


@pytest.mark.parametrize("seed", SEEDS)
def test_a_payment_demand_after_the_name_gets_more_than_a_late_yes_its_me(seed: int) -> None:
    business = "赵先生，安信银行信用卡中心，我姓钱，工号A1024。尾号0826的卡拖了两个月，欠35200元，这事您准备怎么解决？"
    reply = _after(_play("first-contact-malicious", ["喂，是赵磊赵先生吗？", business], seed), business)
    told = bank().identity["told"]
    assert reply["text"] not in told, reply["text"]
    assert any(reply["text"].startswith(b) and len(reply["text"]) > len(b) + 2 for b in bank().identity["brief"]), \
        reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_customer_with_a_grievance_says_it_as_soon_as_the_overdue_bill_is_named(seed: int) -> None:
    business = ("韩女士，我这边是安信银行信用卡中心司法调查组的，姓钱，工号A1024。您尾号6031的卡欠11240元，"
                "已经逾期一个多月，最低1124元这周能安排吗？")
    reply = _after(_play("special-complaint-prone", ["请问是韩雪女士吗？", business], seed), business)
    assert reply["response"] == "CONFIRM_IDENTITY" and ("通知" in reply["text"] or "提醒" in reply["text"]
                                                        or "账单" in reply["text"]), reply["text"]


# -- agreeing to a call-back the agent offered is not worded as being busy -----------------------------------

FRAUD_CALL = ["您好，我找一下孙丽女士。",
              "孙女士，我是安信银行信用卡中心司法调查组的，姓赵，工号A1024。您那张尾号4471的卡欠了18960元，"
              "逾期快两个月了，这周能不能先还一部分？",
              "您别急，不是您刷的这几笔我先记成争议交易，转给核查的同事去查。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_agreeing_to_be_called_back_after_the_check_is_no_stall(seed: int) -> None:
    offer = "这几笔查清楚之前不催您，等核查有了结果我再给您打电话，行吗？"
    reply = _after(_play("first-contact-fraud", [*FRAUD_CALL, offer], seed), offer)
    assert not any(w in reply["text"] for w in ("忙", "开会", "开车", "不方便")), reply["text"]
    assert reply["response"] == "AGREE_CALLBACK", reply


# -- a day (or a sum) the agent sets down as the debtor's is answered about, not let pass ----------------------

PARTLY = ["喂，周敏女士吧？",
          "周女士您好，我是安信银行信用卡中心的，姓孙，工号A1024，通话会录音。上回说好还的还差两千，一直没到账是遇上什么事了？",
          "这阵子确实不容易，我能体会。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_day_set_down_as_agreed_that_the_debtor_never_named_is_questioned(seed: int) -> None:
    settle = "行，那就18号，我给您记上。"
    reply = _after(_play("follow-up-partly-kept", [*PARTLY, settle], seed), settle)
    assert "18号" in reply["text"] and ("没" in reply["text"]), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_recap_of_a_sum_never_promised_is_answered_about_that_sum(seed: int) -> None:
    recap = "我给您捋一遍：这个月18号之前您还2500元。"
    reply = _after(_play("follow-up-partly-kept", [*PARTLY, recap], seed), recap)
    assert "2500" in reply["text"] and "没答应" in reply["text"], reply["text"]


HONEST = ["张伟先生吗？",
          "张先生，我这边是安信银行信用卡中心的，姓孙，工号A1024，通话录音。您尾号6688的卡逾期了，欠12580元，"
          "最低1258元，是遇到什么难处了吗？",
          "孩子生病确实让人着急，我能理解。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_payday_stated_as_a_fact_is_put_right(seed: int) -> None:
    line = "您是每月20日发工资，那咱们就20日。"
    reply = _after(_play("first-contact-honest", [*HONEST, line], seed), line)
    assert "5号" in reply["text"], reply["text"]


# -- a goodbye right after a correction does not accept the wrong figure ------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_goodbye_right_after_a_correction_repeats_the_debtors_own_figures(seed: int) -> None:
    lines = [*HONEST, "那这周四之前先还最低的1258元，可以吗？", "我复述一下：3月9日前您还1258元，对吧？",
             "好的，那就这样，再见。"]
    said = [r["text"] for r in _replies(_play("first-contact-honest", lines, seed))]
    assert "3月5日" in said[-2], said[-2]          # the correction
    assert "3月5日" in said[-1] and "再见" in said[-1], said[-1]
    assert said[-1] not in bank().goodbye["default"], said[-1]


# -- a yes/no question on a plain verb is answered with the verb, not 「我说不好，您的意思是？」 --------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_yes_no_question_on_a_plain_verb_gets_a_plain_answer(seed: int) -> None:
    asked = "这个情况您能理解吧？"
    lines = ["周敏女士吗？我是安信银行信用卡中心的，姓孙，工号A1024。", asked]
    reply = _after(_play("follow-up-broken-promise", lines, seed), asked)
    assert "理解" in reply["text"] and "说不好" not in reply["text"] and "意思" not in reply["text"], reply["text"]


# -- a consequence said, even an unlawful one, is never 「你还没说呢」 --------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_consequence_said_even_wrongly_is_not_asked_for_as_if_unsaid(seed: int) -> None:
    lines = ["张伟先生吗？",
             "张先生，我这边是安信银行信用卡中心的，姓孙，工号A1024。您尾号6688的卡逾期45天了，欠12580元，"
             "今天先把最低还款1258元还上行吗？",
             "再拖着不还，我们直接让法院来查封您的房子。", "这事您心里得有个数。"]
    said = _replies(_play("first-contact-honest", lines, seed))
    after = said[said.index(next(r for r in said if r["response"] == "ASK_CONSEQUENCE")) + 1:]
    assert after, said
    assert not any(r["response"] == "ASK_CONSEQUENCE" for r in after[1:]), [r["text"] for r in after]
    assert not any("还没说" in r["text"] for r in after[1:]), [r["text"] for r in after]


# -- the bereaved, told what happens next, do not claim to know nothing about a question nobody asked -----------

@pytest.mark.parametrize("seed", SEEDS)
def test_the_bereaved_take_in_what_happens_next_without_deflecting(seed: int) -> None:
    lines = ["请问是蒋建国先生家吗？", "实在对不起，这个消息太突然了，您节哀顺变。",
             "我是安信银行信用卡中心的，姓孙，工号A1024，这通电话有录音。",
             "家里的事您先忙，这边的事情不急于一时。",
             "之后会有专门负责的同事跟家属联络，按流程办。",
             "您哪天得空，打我们官方电话400-123-4567说一声就行。",
             "可能会请您准备一份相关的证明，到时候同事会告诉您要哪些。",
             "我把号码再说一遍，400-123-4567。"]
    said = [r["text"] for r in _replies(_play("special-deceased", lines, seed))][4:]
    knowing_nothing = ("不清楚", "知道的不多", "不知道", "不了解")
    assert not any(w in t for t in said for w in knowing_nothing), said


# -- a stall or an offer answers being asked for money, not a line about something else -----------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_no_stall_or_offer_meets_a_line_that_asks_for_no_money(seed: int) -> None:
    calm = ["您要核实我的身份，可以挂了电话打官方号码400-123-4567。", "我们这通电话是有录音的，您放心。"]
    lines = ["请问是李强李先生吗？",
             "李先生您好，我是安信银行信用卡中心司法调查组的，姓孙，工号A1024。您尾号3519的卡欠23600元，最低2360元，"
             "这周能先还上最低吗？",
             "这笔钱里有本金，也有逾期后按天算的利息。", *calm]
    result = _play("first-contact-slippery", lines, seed)
    for line in calm:
        reply = _after(result, line)
        assert not reply["response"].startswith("STALL") and reply["response"] not in ("LOWBALL", "BUSY_CALLBACK"), \
            (line, reply)


# -- what they said about their money holds: no 「钱倒不是问题」 after 「最多只能先还……」 --------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_after_offering_less_the_customer_never_says_money_is_no_problem(seed: int) -> None:
    lines = ["喂，请问是韩雪女士吗？",
             "韩女士您好，我是安信银行信用卡中心司法调查组的，姓孙，工号A1024。您尾号6031的卡逾期36天，欠11240元，最低1124元。",
             "真是对不住，提醒没送到您那儿是我们的问题，我这就把您的意见记下来，转给专门的同事答复您。",
             "利息是按每天万分之五算的，所以比本金多了一些。您看这周能一次把11240元全部还清吗？",
             "那您方便说说，之前一直没还，是资金上紧张，还是没注意到还款日？"]
    said = _replies(_play("special-complaint-prone", lines, seed))
    codes = [r["response"] for r in said]
    assert "LOWBALL" in codes, [r["text"] for r in said]          # a question naming the whole sum is a money ask
    last = said[-1]["text"]
    assert not any(w in last for w in ("不是问题", "不是手头紧", "不差钱")), last


# -- a grievance the agent names in any wording is taken up, not met with 「嗯，你说吧」 ---------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_grievance_named_by_the_agent_in_other_words_is_confirmed(seed: int) -> None:
    sorry = "韩女士，要是之前的账单短信一直没能发到您手机上，这是我们的疏忽，真对不起。"
    lines = ["请问是韩雪女士吗？", "韩女士您好，我是安信银行信用卡中心司法调查组的，姓钱，工号A1024，这通电话有录音。", sorry]
    reply = _after(_play("special-complaint-prone", lines, seed), sorry)
    assert reply["text"] in bank().listen["grievance_named"], reply["text"]
