"""Behaviours fixed from the round-6 development sessions (`dev_r8`) (authors V and W; issues #11, #12).  The
lines are written for these tests in a trainee's own words, not copied from the sessions."""

from __future__ import annotations

from typing import Any

import pytest
from helpers_engine import play as _play
from helpers_engine import reasons as _reasons
from helpers_engine import replies as _replies
from helpers_engine import reply_to as _after

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines
from trainer.sim.understand import understand

SEEDS = [1, 2, 3]
HONEST_OPEN = ["喂，您好，是张伟张先生吧？",
               "张先生，我这边是安信银行信用卡中心的，姓刘，工号B2231，本次通话会录音。",
               "您尾号6688那张卡逾期45天了，欠款12580元，最低要还1258元。"]
FRAUD_OPEN = ["喂，您好，孙丽女士是吗？",
              "孙女士，我是安信银行信用卡中心的小刘，工号B2231，通话有录音。",
              "您尾号4471的卡逾期51天，欠款18960元，最低还款1896元，想问问您这边的安排。"]
LISTENING = ("你说", "听着", "接着说", "您说", "然后呢")






def _promise(seed: int, *after: str) -> dict[str, Any]:
    lines = [*HONEST_OPEN, "家里是出了什么事吗？", "看病花钱的事谁都躲不过，您别着急。先还1258元，行不行？", *after]
    return _play("first-contact-honest", lines, seed)


def _day(result: dict[str, Any]) -> str:
    offer = next(t["text"] for t in _replies(result) if t.get("response") in ("PTP_OFFER", "ACCEPT_PLAN"))
    return next(d for d in ("3月5日", "3月6日", "3月9日") if d in offer)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_day_quoted_inside_a_question_is_put_right_not_agreed(seed: int) -> None:
    asked = "好嘞，那就是3月16号，那天是您发工资的日子对吧？"
    result = _promise(seed, asked)
    reply = _after(result, asked)
    assert reply["response"] != "CONFIRM_RECAP" and _day(result) in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_bare_registered_after_a_correction_gets_the_promise_said_again(seed: int) -> None:
    wrong = "我核对一下：3月18号之前您用手机银行还1258元，对不对？"
    bare = "行，那我就按这个记上了，麻烦您了。"
    result = _promise(seed, wrong, bare)
    reply = _after(result, bare)
    assert reply["response"] == "PTP_OFFER" and _day(result) in reply["text"], reply["text"]
    assert not reply["text"].startswith(("嗯，对", "对，", "是的"))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_colleague_takes_down_the_number_and_says_when_she_is_back(seed: int) -> None:
    lines = ["您好，请问郑女士在吗？", "我是安信银行的，姓刘，找她有点私事。",
             "麻烦转告她回个电话，号码是400-123-4567，您拿支笔记一下好吗？",
             "那她大概几点能回来，下午还在公司吗？"]
    result = _play("third-party-colleague", lines, seed)
    noted = _after(result, lines[2])["text"]
    assert "400-123-4567" in noted, noted
    back = _after(result, lines[3])["text"]
    assert "找他" not in back and "问他" not in back and "不太了解" not in back, back
    assert not any("他" in t["text"].replace("其他", "") for t in _replies(result)[1:]), \
        [t["text"] for t in _replies(result)]


@pytest.mark.parametrize("seed", SEEDS)
def test_blame_for_the_broken_day_is_answered_and_costs_courtesy(seed: int) -> None:
    line = "这时间可是您自己挑的，借口我也不想听了。"
    lines = ["喂，周敏女士吗？", "我是安信银行信用卡中心的，姓刘，工号B2231，本次通话有录音。",
             "上次约好的还款还差2000元，怎么还没还上呢？", line]
    result = _play("follow-up-partly-kept", lines, seed)
    reply = _after(result, line)
    assert not any(w in reply["text"] for w in LISTENING), reply["text"]
    assert any(d["part"] == "courtesy" and d["turn"] is not None and
               result["transcript"]["turns"][d["turn"]]["text"] == line for d in result["score"]["deductions"])


@pytest.mark.parametrize("seed", SEEDS)
def test_hanging_up_on_a_customer_who_threatens_a_complaint_ends_the_call_angrily(seed: int) -> None:
    lines = ["喂，周敏吧？", "安信银行的，姓刘。", "上回答应的钱呢？", "你再拖，我就打到你单位去，让你们领导都知道。",
             "今天必须还986。", "行了，挂了。"]
    result = _play("follow-up-broken-promise", lines, seed)
    assert any(t.get("response") == "THREAT_COMPLAINT" for t in _replies(result))
    last = _after(result, "行了，挂了。")
    assert result["transcript"]["turns"][-1] is last or result["transcript"]["turns"][-1] == last
    assert not any(w in last["text"] for w in LISTENING) and "投诉" in last["text"], last["text"]


def test_a_blunt_demand_for_payment_today_is_read_as_asking_for_payment() -> None:
    for line in ("今天之内把钱全部结清。", "最低那点总该有吧，下班前就得还。", "晚上八点前还到您尾号1234的卡里。"):
        assert "request_payment" in understand(line).acts, line


@pytest.mark.parametrize("seed", SEEDS)
def test_asking_for_an_identity_document_mid_call_is_no_new_verification(seed: int) -> None:
    later = "后面同事核实的时候，请您把身份证明和情况说明准备一下。"
    lines = [*FRAUD_OPEN, "您是说有几笔不是您本人消费的？我先给您登记争议。", later]
    result = _play("first-contact-fraud", lines, seed)
    reply = _after(result, later)
    assert reply["response"] != "CONFIRM_IDENTITY", reply["text"]


def test_an_honest_debtor_never_dares_the_agent_with_never_paying() -> None:
    for seed in range(1, 13):
        result = _play("first-contact-honest", [*HONEST_OPEN, "这个钱您看这两天能先还上吗？", "您看呢？"], seed)
        for t in _replies(result):
            assert "一直不还" not in t["text"] and "不还又" not in t["text"], t["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_the_channel_before_any_sum_the_customer_says_how_they_pay(seed: int) -> None:
    ask = "那您打算通过什么方式还？"
    lines = [*HONEST_OPEN, "家里是出了什么事吗？", "孩子生病确实难，我能理解。不过逾期利息按天算，拖久了对征信也有影响。", ask]
    reply = _after(_play("first-contact-honest", lines, seed), ask)["text"]
    assert "手机银行" in reply, reply


def test_asked_the_channel_after_only_a_lowball_the_channel_is_named_and_the_sum_kept() -> None:
    import random

    from trainer.sim.debtor import Debtor

    scenario = load_scenario("first-contact-honest")
    debtor = Debtor.for_scenario(scenario, random.Random(4))
    debtor.deal.lowballed = True
    debtor.agenda.identity_confirmed = debtor.agenda.payment_asked = debtor.agenda.objection_said = True
    debtor.agenda.heard, debtor.agenda.requests = True, []      # only the lowball is left between them
    debtor.hear(understand("还款方式您这边准备走哪种？"), [], verified=True, progressed=False)
    reply = debtor.reply(scenario.script().stages["negotiate"], (), scenario.call_date)
    assert reply.code == "LOWBALL" and "手机银行" in reply.text and "500" in reply.text, reply.text


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_whether_they_know_about_the_debt_the_answer_is_about_the_debt(seed: int) -> None:
    line = "欠了这么久，这事您自己心里有数吧？"
    result = _play("first-contact-honest", [*HONEST_OPEN, line], seed)
    reply = _after(result, line)["text"]
    assert "出院" not in reply and "半个多月" not in reply and "礼拜" not in reply, reply


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_the_reason_again_the_customer_answers_it_before_own_questions(seed: int) -> None:
    again = "手头紧是吧，具体是碰上什么事了呢？"
    lines = ["喂，是张伟先生本人吗？", "我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。",
             "您的卡逾期45天，欠款12580元，想问下这钱哪天能还？", again]
    result = _play("first-contact-honest", lines, seed)
    replies = _replies(result)
    told = [t for t in replies if t.get("response") in ("NO_MONEY", "HARDSHIP_EVENT")]
    reply = _after(result, again)
    if told and told[0] is not reply:
        assert reply["response"] not in ("ASK_CONSEQUENCE", "ASK_INSTALLMENT", "CONFIRM"), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_turning_away_a_disputed_charge_costs_points_on_that_line(seed: int) -> None:
    refuse = "盗刷不盗刷的我这边管不着，这个受理不了，您回头自己打客服问吧。"
    lines = [*FRAUD_OPEN, refuse, "那就先这样，再见。"]
    result = _play("first-contact-fraud", lines, seed)
    turns = result["transcript"]["turns"]
    marked = [d for d in result["score"]["deductions"] if d["turn"] is not None and turns[d["turn"]]["text"] == refuse]
    assert any("争议" in d["reason"] for d in marked), _reasons(result)
    assert not result["passed"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fraud_claim_once_made_is_not_asked_back_as_a_maybe(seed: int) -> None:
    lines = [*FRAUD_OPEN, "那这1896元您看今天能还吗？", "明天呢？明天能还吧？", "后天总可以了吧？"]
    result = _play("first-contact-fraud", lines, seed)
    claims = [t["text"] for t in _replies(result) if t.get("response") == "NOT_MY_CHARGES"]
    for text in claims[1:]:
        assert "是不是" not in text, claims


COMPLAINT_OPEN = ["喂，是韩雪女士吗？", "韩女士您好，我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。",
                  "您尾号6031的卡逾期36天，欠款11240元，最低还款1124元。"]


def _grievance(seed: int, *after: str) -> dict[str, Any]:
    """A complaint-prone customer who says nobody told her, then the lines ``after``."""
    lines = [*COMPLAINT_OPEN, "这个数是本金加上逾期利息和违约金算出来的。", "之前收到过我们的短信通知吗？", *after]
    result = _play("special-complaint-prone", lines, seed)
    assert any(t.get("response") == "CLAIM_NO_NOTICE" for t in _replies(result)), \
        [t["text"] for t in _replies(result)]
    return result


@pytest.mark.parametrize("seed", SEEDS)
def test_an_apologised_and_logged_grievance_is_not_raised_again_nor_met_with_an_offer(seed: int) -> None:
    logged = "您反映的情况我给您记下了，后面会有专人回复您。"
    result = _grievance(seed, "真是抱歉，让您突然接到这个电话。", logged)
    reply = _after(result, logged)
    assert reply["response"] not in ("CLAIM_NO_NOTICE", "LOWBALL", "PTP_OFFER"), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_the_reason_again_after_an_offer_the_reason_is_answered_not_the_offer(seed: int) -> None:
    again = "那您看是没顾上看账单，还是手头周转不开呢？"
    result = _grievance(seed, "真是抱歉，让您突然接到这个电话。", "您反映的情况我给您记下了，后面会有专人回复您。",
                        "账是真实的，每天按万分之五计息，先还一部分您看行吗？", again)
    reply = _after(result, again)
    assert reply["response"] not in ("LOWBALL", "PTP_OFFER", "ASK_INSTALLMENT", "ASK_CONSEQUENCE"), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_yes_no_tag_ending_its_own_question_is_still_answered(seed: int) -> None:
    tagged = "噢，您是他妻子是吧？他这会儿不在家？"
    lines = ["喂，您好，请问吴先生在家吗？", tagged]
    reply = _after(_play("third-party-family", lines, seed), tagged)
    assert reply["response"] != "ASK_WHO" and not reply["text"].startswith("你是"), reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_told_the_last_promise_brought_nothing_the_customer_says_what_she_paid_and_it_costs_points(seed: int) -> None:
    denied = "上回您说2月20号还3000，可到现在一分钱都没到账，这是怎么回事？"
    lines = ["喂，周敏女士是吧？", "我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。", denied]
    result = _play("follow-up-partly-kept", lines, seed)
    reply = _after(result, denied)
    assert "1000" in reply["text"], reply["text"]
    turns = result["transcript"]["turns"]
    assert any(d["turn"] is not None and turns[d["turn"]]["text"] == denied and "虚假" in d["reason"]
               for d in result["score"]["deductions"]), [d["reason"] for d in result["score"]["deductions"]]


def test_a_wrong_remainder_of_the_last_promise_is_a_false_claim() -> None:
    # the customer promised 3000 and paid 1000: telling her 1500 is left misleads her (issue #12,
    # figures checked); the right remainder, or the balance, costs nothing

    scenario = load_scenario("follow-up-partly-kept")
    opening = ["您好，请问是周敏周女士吗？", "周女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。"]
    wrong = play_lines(scenario, [*opening, "上回说好的三千，您已经还进来一千了，谢谢您。剩下的就一千五百块，这周能补上吗？"], seed=1)
    right = play_lines(scenario, [*opening, "上回说好的三千，您已经还进来一千了，谢谢您。剩下的两千块，这周能补上吗？"], seed=1)
    said = [d for d in wrong["score"]["deductions"] if "还差 1500 元" in d["reason"]]
    assert said and said[0]["category"] == "false_claim"
    assert not any("还差" in d["reason"] and "虚假陈述" in d["reason"] for d in right["score"]["deductions"])
