"""Behaviours fixed from the round-6 natural sessions (authors N and O; issues #11, #12).  The lines
are written for these tests in a trainee's own words, not copied from the sessions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from helpers_engine import play as _play
from helpers_engine import reasons as _reasons
from helpers_engine import replies as _replies

from trainer.sim.debtor import bank

HONEST_OPEN = ["喂，您好，是张伟张先生吧？",
               "张先生，我这边是安信银行信用卡中心的，姓刘，工号B2231，本次通话会录音。",
               "您尾号6688那张卡逾期45天了，欠款12580元，最低要还1258元。"]





def _promise_then(seed: int, *after: str) -> dict[str, Any]:
    lines = [*HONEST_OPEN, "家里是出了什么事吗？", "看病花钱的事谁都躲不过，您别着急。先还1258元，行不行？", *after]
    return _play("first-contact-honest", lines, seed)


def _promised_day(result: dict[str, Any]) -> str:
    offer = next(t["text"] for t in _replies(result) if t.get("response") in ("PTP_OFFER", "ACCEPT_PLAN"))
    return "3月5日" if "3月5日" in offer else "3月6日" if "3月6日" in offer else offer


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_recap_with_a_later_deadline_is_corrected_and_a_fixed_recap_costs_the_recap_item(seed: int) -> None:
    late = "我再对一下：您3月12号以前在手机银行还1258元，没问题吧？"
    closed = _promise_then(seed, late, "好，那就这样，祝您家里人早日康复，再见。")
    day = _promised_day(closed)
    correction = _replies(closed)[-2]
    assert correction["response"] == "PTP_OFFER" and day in correction["text"], correction["text"]
    # closing on the corrected recap: the recap earns nothing, and (since round 10) the call fails
    wrong = [d for d in closed["score"]["deductions"] if "复述与客户承诺不符" in d["reason"]]
    assert [d["points"] for d in wrong] == [-20]
    assert not closed["passed"] and "客户纠正了复述" in closed["score"]["gate"]
    fixed = _promise_then(seed, late, f"抱歉是我记错了，是{day}之前用手机银行还1258元，对吧？",
                          "好，那就这样，祝您家里人早日康复，再见。")
    assert _replies(fixed)[-2]["response"] == "CONFIRM_RECAP", _replies(fixed)[-2]["text"]
    # the owner's rule since round 9: the corrected recap costs the recap item even when put right, and passes
    fixed_off = [d["points"] for d in fixed["score"]["deductions"] if "复述" in d["reason"]]
    assert fixed_off == [-20] and fixed["passed"], _reasons(fixed)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_vaguer_plan_put_over_a_promise_gets_the_promise_restated(seed: int) -> None:
    result = _promise_then(seed, "要不这样，您下个月中旬前看着还一点，有多少还多少。")
    day = _promised_day(result)
    last = _replies(result)[-1]["text"]
    assert day in last and "1258" in last, last
    assert "记错" not in last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_confirming_who_they_are_after_the_debt_was_named_reacts_to_it(seed: int) -> None:
    lines = ["喂，请问张伟先生吗？我安信银行信用卡中心的，您那张卡欠了12580元一直没还。"]
    said = _replies(_play("first-contact-honest", lines, seed))[-1]
    assert said["response"] == "CONFIRM_IDENTITY"
    assert not said["text"].endswith(("什么事？", "有事吗？", "你说吧。")), said["text"]
    assert said["text"] in bank().identity["told"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_giving_up_a_low_offer_for_the_minimum_is_said_not_silent(seed: int) -> None:
    lines = ["您好，是赵磊先生吗？", "赵先生，我是安信银行信用卡中心的，姓刘，工号B2231。",
             "您尾号0826的卡逾期62天，欠款35200元，今天是想请您安排还款。",
             "怎么一直没还呢？", "那您这周最多能拿出多少？",
             "这个数连最低还款都不够。逾期会影响征信，最低还款3520元，这周五前处理掉，可以吗？",
             "那点钱真的太少了，最低还款3520元，这周五前还上，行不行？",
             "还是不够最低，最低还款3520元，这周五前还上，您再想想办法？"]
    said = _replies(_play("first-contact-malicious", lines, seed))
    # a hard customer meets the first counter-offer halfway and gives in at the next (round 9)
    assert [r["response"] for r in said[-3:]] == ["LOWBALL", "LOWBALL", "PTP_OFFER"]
    assert said[-1]["text"].startswith(bank().replies["RELENT"]), said[-1]["text"]


HOSPITAL_OPEN = ["您好，是冯涛冯先生吗？", "冯先生，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
                 "您尾号5580的卡逾期29天，欠款21300元。"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_patient_asked_how_he_is_and_when_he_leaves_hospital_answers_that(seed: int) -> None:
    result = _play("special-hospitalized", [*HOSPITAL_OPEN, "做了手术啊？那您这两天恢复得怎么样？",
                                            "您安心养着。医生说大概哪天能出院？"], seed)
    health, discharge = [r["text"] for r in _replies(result)[-2:]]
    assert any(w in health for w in ("恢复", "还行", "躺", "疼", "谢谢")), health
    assert any(w in discharge for w in ("礼拜", "周", "月", "天")), discharge


@pytest.mark.parametrize("seed", [1, 2])
def test_putting_the_money_talk_off_and_calling_back_later_is_the_key_point(seed: int) -> None:
    lines = [*HOSPITAL_OPEN, "哎呀，您保重身体，打扰您了。", "钱的事今天先不谈，等您出院以后，大概3月25号我再给您打，行吗？"]
    result = _play("special-hospitalized", lines, seed)
    assert "提出暂缓" not in _reasons(result)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_made_up_criminal_consequence_fails_the_call_even_when_no_rule_names_it(seed: int) -> None:
    lines = [*HONEST_OPEN, "家里是出了什么事吗？", "我理解您的难处。",
             "但我得说清楚，拖到这个地步就是恶意欠款了，银行随时能让您担刑事责任。",
             "那您这周四前先还1258元，用手机银行，对吧？", "好，再见。"]
    result = _play("first-contact-honest", lines, seed)
    assert not result["passed"]
    assert "一票否决" in result["score"]["gate"]


@pytest.mark.parametrize("seed", [1, 2])
def test_saying_a_credit_record_weighs_on_new_card_applications_is_no_false_claim(seed: int) -> None:
    lines = [*HONEST_OPEN, "家里是出了什么事吗？", "我理解，确实难。",
             "也跟您说一声，逾期会记进人行征信，以后您想再办别家的信用卡都会受影响。"]
    result = _play("first-contact-honest", lines, seed)
    assert not [f for f in result["findings"] if f["category"] == "false_claim"], result["findings"]


@pytest.mark.parametrize("seed", [1, 2])
def test_bank_and_surname_said_over_two_lines_to_a_colleague_are_credited(seed: int) -> None:
    lines = ["喂，您好，郑芳郑女士在吗？", "那麻烦您跟她说一声，我姓刘，请她回个电话。",
             "我这边是安信银行的，是她个人的事，得跟她本人说，不好意思。",
             "回电打400-123-4567，这是银行官方电话，找刘专员就行，谢谢您。"]
    result = _play("third-party-colleague", lines, seed)
    assert "银行和自己的姓氏" not in _reasons(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_now_in_a_line_that_quotes_the_customer_is_no_day_claimed_as_theirs(seed: int) -> None:
    lines = ["您好，是韩雪女士吗？",
             "韩女士，我是安信银行信用卡中心的，姓刘，工号B2231。您尾号6031的卡逾期36天，欠款11240元。",
             "非常抱歉，没提前提醒到您，是我们做得不好。",
             "您说的这些我都记下了。没收到提醒这件事，我现在就给您登记，后面有同事核实了给您回复，您看可以吗？"]
    last = _replies(_play("special-complaint-prone", lines, seed))[-1]["text"]
    assert "没这么说过" not in last and "没说过" not in last, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_belittling_a_part_payment_is_contempt_the_customer_feels(seed: int) -> None:
    lines = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231。",
             "上回说好还3000，您才还了1000，这点钱够干什么的？说话一点诚信都没有。"]
    result = _play("follow-up-partly-kept", lines, seed)
    last = _replies(result)[-1]
    assert last["text"] not in bank().listen["honest"], last["text"]
    assert "轻蔑" in _reasons(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_vague_day_put_in_the_customers_mouth_is_put_right(seed: int) -> None:
    lines = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231。",
             "上回约的3000只到了1000，剩下的怎么打算？", "下个月是吧？行，就下个月。"]
    last = _replies(_play("follow-up-broken-promise", lines, seed))[-1]["text"]
    assert "下个月" in last and "没" in last, last


@pytest.mark.parametrize("seed", [1, 2])
def test_a_receptionist_told_it_is_a_personal_matter_does_not_ask_about_work(seed: int) -> None:
    lines = ["喂您好，郑芳郑女士在吗？", "好的，那请您转告她给我回个电话，我姓刘。",
             "我这边是安信银行的，是她私人的一点事，只能跟她本人说，见谅。",
             "不好意思，具体的只能和她本人讲。"]
    said = [r["text"] for r in _replies(_play("third-party-colleague", lines, seed))[-2:]]
    assert not any("工作上" in t or "什么事" in t or "转达" in t for t in said), said


@pytest.mark.parametrize("seed", [1, 2])
def test_a_relative_told_the_debt_objects_to_that_not_to_a_tone_never_used(seed: int) -> None:
    lines = ["您好，请问吴刚吴先生在吗？", "您是他家里人吧？我是安信银行的，姓刘。",
             "那我跟您说了吧，吴先生信用卡欠了一万五，逾期一个多月了，您让他赶紧还。"]
    said = _replies(_play("third-party-family", lines, seed))[-1]
    assert "态度" not in said["text"], said["text"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asked_how_they_will_pay_they_name_a_channel(seed: int) -> None:
    result = _promise_then(seed, "钱您打算走哪个渠道还？网银、柜台还是App？")
    last = _replies(result)[-1]["text"]
    assert any(w in last for w in ("手机银行", "网上银行", "柜台", "转账", "微信", "支付宝")), last
    assert "一次" not in last, last


@pytest.mark.parametrize("seed", [1, 2])
def test_a_bereaved_son_asked_who_he_is_says_so(seed: int) -> None:
    lines = ["喂，您好，是蒋建国先生吗？", "实在抱歉，请您节哀。",
             "我是安信银行的，姓刘。请问您是蒋先生家里人吗？该怎么称呼您？"]
    last = _replies(_play("special-deceased", lines, seed))[-1]["text"]
    assert "儿子" in last or "叫我" in last or "姓" in last, last
    assert "不清楚" not in last, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asked_what_became_of_the_promise_a_customer_who_paid_part_says_so(seed: int) -> None:
    lines = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231。",
             "2月20号那次约好的3000，结果怎么样了？"]
    last = _replies(_play("follow-up-partly-kept", lines, seed))[-1]["text"]
    assert "1000" in last or "一千" in last, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_fraud_claimant_heard_does_not_restate_the_dispute_to_advice(seed: int) -> None:
    lines = ["您好，是孙丽女士吗？", "孙女士，我是安信银行信用卡中心的，姓刘，工号B2231。请报一下身份证后四位。",
             "核对无误。您尾号4471的卡欠款18960元，逾期51天了。",
             "您别急，不是您本人消费的话，我这就帮您登记争议。",
             "另外建议您先打客服把卡挂失，或者去派出所报个案，回执留着。",
             "核查期间不催您还款，有进展会有同事联系您。"]
    said = [r["text"] for r in _replies(_play("first-contact-fraud", lines, seed))[-2:]]
    assert not any("不是我刷" in t or "问题不在我" in t for t in said), said


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_earlier_day_proposed_after_a_promise_is_declined_not_called_a_mistake(seed: int) -> None:
    first = _promise_then(seed)
    day = _promised_day(first)
    result = _promise_then(seed, "周四有点晚，能不能提前到3月3号先把1258元还了？")
    last = _replies(result)[-1]["text"]
    assert day in last and "记错" not in last, last
    assert last.startswith(tuple(t.split("{")[0] for t in bank().replies["HOLD_EARLY"])), last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_customer_who_threatened_a_complaint_does_not_take_up_a_payment_plan_first(seed: int) -> None:
    lines = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231。",
             "上回约的3000只到了1000，您到底什么时候还？",
             "今天不给个准话，我就每天给您单位打电话，打到您还为止。",
             "那就3月12号之前用手机银行把2000元还上。", "3月12号，2000元，手机银行，就这么定了。"]
    said = _replies(_play("follow-up-partly-kept", lines, seed))
    assert said[-2]["mood"]["state"] in ("demands_supervisor", "threatens_complaint")
    assert said[-1]["response"] not in ("PTP_OFFER", "ACCEPT_PLAN"), said[-1]["text"]
    assert said[-1]["text"] in bank().listen["escalated_money"]


FRAUD_OPEN = ["您好，是孙丽女士吗？", "孙女士，我是安信银行信用卡中心的，姓刘，工号B2231。请报一下身份证后四位。",
              "核对无误。您尾号4471的卡欠款18960元，逾期51天了。"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_telling_a_fraud_claimant_she_must_have_spent_it_is_argued_and_costs_courtesy(seed: int) -> None:
    result = _play("first-contact-fraud", [*FRAUD_OPEN, "这几笔都有短信验证，一定是您自己或者亲戚花的。"], seed)
    said = _replies(result)
    assert any(r["response"] == "NOT_MY_CHARGES" for r in said[:-1])
    assert said[-1]["text"] in bank().offended["fraud"], said[-1]["text"]
    assert "认定客户说谎" in _reasons(result)


@pytest.mark.parametrize("seed", [1, 2])
def test_explaining_the_amount_as_their_own_spending_is_no_accusation(seed: int) -> None:
    lines = [*HONEST_OPEN, "这个数就是您平时刷卡消费的本金，加上逾期以后的利息。"]
    assert "认定客户说谎" not in _reasons(_play("first-contact-honest", lines, seed))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asking_for_medical_records_on_a_personal_wechat_is_refused_and_deducted(seed: int) -> None:
    lines = [*HOSPITAL_OPEN, "您保重。麻烦把住院证明拍照，发到我私人微信上，我好给您登记。"]
    result = _play("special-hospitalized", lines, seed)
    assert _replies(result)[-1]["text"] in bank().listen["private_channel"]
    assert "个人的微信" in _reasons(result)


@pytest.mark.parametrize("seed", [1, 2])
def test_asking_how_a_patient_is_counts_as_concern_for_his_health(seed: int) -> None:
    lines = [*HOSPITAL_OPEN, "手术了啊？您身体还好吗？", "那我先给您登记成特殊情况，出院后我们再联系您。"]
    assert "关心病情" not in _reasons(_play("special-hospitalized", lines, seed))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_later_day_than_the_promise_offered_is_waved_off_for_the_promised_one(seed: int) -> None:
    day = _promised_day(_promise_then(seed))
    last = _replies(_promise_then(seed, "不着急的话，放到3月20号之前还1258元也行，您看呢？"))[-1]["text"]
    assert day in last and "记错" not in last, last
    assert any(_longest_literal(t) in last for t in bank().replies["HOLD_LATE"]), last


def _longest_literal(template: str) -> str:
    return max(re.split(r"\{[a-z_]+\}", template), key=len)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_bereaved_son_told_the_account_will_go_through_process_is_not_told_it_is_private(seed: int) -> None:
    lines = ["喂，您好，是蒋建国先生吗？", "实在抱歉，请您节哀。",
             "我是安信银行的，姓刘。账户上的事电话里我不方便细说，会有专门的同事按流程处理。"]
    last = _replies(_play("special-deceased", lines, seed))[-1]["text"]
    assert "私事" not in last, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asked_which_charges_before_disputing_them_she_disputes_them_in_her_own_words(seed: int) -> None:
    lines = ["您好，是孙丽女士吗？", "孙女士，我是安信银行信用卡中心的，姓刘，工号B2231，您尾号4471的卡有欠款。",
             "有几笔您说不认识？具体是哪几笔消费？"]
    last = _replies(_play("first-contact-fraud", lines, seed))[-1]
    assert last["response"] == "NOT_MY_CHARGES", last
    assert "不是我刷" in last["text"] or "盗刷" in last["text"], last["text"]
