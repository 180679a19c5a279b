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


PARTLY = load_scenario("follow-up-partly-kept")
WRONG_RECAP = [
    "您好，请问是周敏女士本人吗？",
    "我是安信银行信用卡中心的小王，工号A1024，上次和您联系过。",
    "上次约的3000元您还了1000元，还差2000元，是遇到什么困难了吗？",
    "理解，确实不容易。那剩下的2000元，您看哪天能还上？",
    "好的，我跟您确认一下：3月12号之前，通过手机银行还800元，对吗？",
    "好，就这样，谢谢您，再见。",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_closing_on_a_recap_the_customer_corrected_fails_the_call(seed: int) -> None:
    # round 6 let this pass with the recap's credit lost; since round 10 (the owner's ruling, after four
    # of five reviewers) the trainee who closes on a recap the customer corrected fails: the promise on
    # record is not the customer's
    result = play_lines(PARTLY, WRONG_RECAP, seed=seed)
    corrected = [t for t in result["transcript"]["turns"] if "客户纠正" in str(t.get("why") or "")]
    assert corrected, "the customer puts the misstated figures right"
    wrong = [d for d in result["score"]["deductions"] if "复述与客户承诺不符" in d["reason"]]
    assert [d["points"] for d in wrong] == [-20], _reasons(result)
    assert not result["passed"] and "客户纠正了复述" in result["score"]["gate"]
    assert "坐席处理得当" not in _reasons(result)


HONEST = load_scenario("first-contact-honest")
LOWBALL_THEN_RECAP = [
    "您好，请问是张伟先生本人吗？",
    "我是安信银行信用卡中心的，姓王，工号A1024。",
    "您尾号6688的信用卡逾期45天了，欠款12580元，最近是遇到什么困难了吗？",
    "孩子住院确实不容易，我理解。那您现在手头能先还多少？",
    "好，跟您确认一下：3月10号之前通过手机银行还1258元，对吧？",
    "好的，谢谢您，再见。",
]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_customer_who_offered_only_a_sum_claims_no_day_when_correcting(seed: int) -> None:
    result = play_lines(HONEST, LOWBALL_THEN_RECAP, seed=seed)
    other = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent"]
    offer, correction = other[4], other[5]
    assert "500" in correction
    if "3月5日" not in offer:
        assert "3月" not in correction and "周四" not in correction, (offer, correction)
    assert not result["passed"]
    assert "坐席处理得当" not in _reasons(result)


COLLEAGUE = load_scenario("third-party-colleague")


@pytest.mark.parametrize("seed", [1, 2])
def test_hinting_at_the_debt_and_asking_a_receptionist_about_pay_fails(seed: int) -> None:
    lines = [
        "您好，请问郑芳在吗？",
        "我是安信银行的，姓王。",
        "也没什么大事，就是她账上有笔账一直拖着，手机又打不通。",
        "对了，她是不是还在你们公司上班？一般哪天发工资？",
        "那麻烦您转告她回个电话，400-123-4567，谢谢。",
    ]
    result = play_lines(COLLEAGUE, lines, seed=seed)
    assert not result["passed"]
    reasons = _reasons(result)
    assert "透露欠款" in reasons
    assert "打听本人" in reasons


def test_asking_the_debtor_about_payday_is_no_prying() -> None:
    from trainer.sim.understand import understand

    assert "pry_third_party" not in understand("您一般几号发工资？", contact="debtor").acts
    assert "pry_third_party" in understand("他一般几号发工资？", contact="third_party").acts


HOSPITAL = load_scenario("special-hospitalized")
PRESSING_A_PATIENT = [
    "喂，冯涛先生吗？",
    "我是安信银行信用卡中心的，姓王，工号A1024。您尾号5580的卡账单还没还，欠款2130元。",
    "住院了？那您身体还好吧？",
    "不过账也不能一直拖着，您这几天能不能先把最低还款处理一下？",
    "要不您让家里人先帮您垫上这笔钱？",
    "好，那您先休息，后天我再打给您。",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_pressed_patient_neither_thanks_the_agent_nor_ends_as_special_handling(seed: int) -> None:
    result = play_lines(HOSPITAL, PRESSING_A_PATIENT, seed=seed)
    turns = result["transcript"]["turns"]
    pressed = [i for i, t in enumerate(turns) if t["speaker"] == "agent" and "request_payment" in t["acts"]]
    assert pressed
    for i in pressed:
        reply = turns[i + 1]["text"]
        assert "谢谢" not in reply and reply not in ("我在听。", "嗯，你说。", "嗯，你接着说吧。"), reply
    assert result["outcome"] != "special_handling"
    assert not result["passed"]


def _replies(result) -> list[str]:
    return [t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_plain_introduction_with_a_wrong_department_name_angers_nobody(seed: int) -> None:
    lines = ["喂，是张伟吗？", "张先生您好，我是安信银行信用卡中心催收部的，姓王。"]
    result = play_lines(HONEST, lines, seed=seed)
    reply = _replies(result)[-1]
    assert "领导" not in reply and "态度" not in reply and "投诉" not in reply, reply


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_made_up_record_or_a_shop_visit_gets_a_reaction(seed: int) -> None:
    base = ["您好，请问是张伟先生本人吗？", "我是安信银行信用卡中心的，姓王，工号A1024。",
            "您尾号6688的信用卡逾期45天了，欠款12580元，是遇到什么困难了吗？"]
    calm = ("好的，我知道了。", "嗯，明白。", "行吧。", "明白了，那您看怎么办？", "好，我听着呢。", "嗯，您说。")
    for scary in ("再拖下去系统会自动把您算成恶意透支，是要留案底的。",
                  "再拖着，我们同事就直接上您店里当面聊了，街坊邻居看着也不好。"):
        result = play_lines(HONEST, [*base, scary], seed=seed)
        reply = _replies(result)[-1]
        assert reply not in calm, (scary, reply)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_grievance_is_pressed_at_most_twice_while_the_call_goes_on(seed: int) -> None:
    lines = ["您好，请问是张伟先生本人吗？", "我是安信银行信用卡中心的，姓王，工号A1024。",
             "你再不还，我们就通知你单位领导。",
             "您这张卡的欠款情况是这样的。", "还款可以用手机银行。", "账单明细在APP里能查到。",
             "账单一般月初出。", "那我们下周再联系。"]
    replies = _replies(play_lines(HONEST, lines, seed=seed))
    grievance = [r for r in replies if any(w in r for w in ("领导", "主管", "投诉", "态度"))]
    assert 1 <= len(grievance) <= 2, replies


PARTLY_CASUAL = ["喂，周女士吧？我小李啊，安信银行这边的。", "上回说好的3000，我看只进来1000。"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_casual_introduction_counts_as_saying_who_is_calling(seed: int) -> None:
    result = play_lines(PARTLY, PARTLY_CASUAL, seed=seed)
    agent = [t for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert {"ask_for_debtor", "identify_self"} <= set(agent[0]["acts"])
    for reply in _replies(result)[1:]:
        assert "你是谁" not in reply and "哪里" not in reply and "哪位" not in reply, reply


def test_casual_self_names_are_not_read_into_ordinary_words() -> None:
    from trainer.sim.understand import understand

    for line in ("我老了，记性不好。", "您可以去银行那边的柜台还。", "我小时候也这样。"):
        assert "identify_self" not in understand(line).acts, line


def test_statements_ending_in_shenme_or_meiyou_meiyou_ask_nothing() -> None:
    from trainer.sim.debtor.questions import asks
    from trainer.sim.understand import understand

    assert not asks(understand("您放心，不用您现在做什么。"))
    assert not asks(understand("没有没有，您别多想，就是正常联系。"))
    assert asks(understand("您最近有没有收到短信？"))
    assert asks(understand("您看这样行么。"))


DECEASED = load_scenario("special-deceased")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_bereaved_never_send_the_agent_to_the_dead_man_and_say_who_they_are(seed: int) -> None:
    lines = ["您好，请问蒋建国先生在吗？", "实在抱歉，不知道这个情况，请您节哀。", "那您是他儿子吧？",
             "我是安信银行信用卡中心的，姓王，工号A1024。", "您先别为这事操心，这段时间我们不会再打扰家里。",
             "那他生前最近的情况您清楚吗？"]
    replies = _replies(play_lines(DECEASED, lines, seed=seed))
    assert any("儿子" in r for r in replies[3:4]), replies
    for r in replies:
        assert "本人" not in r and "找他" not in r and "问他" not in r, r


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_verified_fraud_victim_answers_which_charges_instead_of_confirming_identity_again(seed: int) -> None:
    lines = [
        "您好，请问是孙丽女士本人吗？",
        "我是安信银行信用卡中心的，姓王，工号A1024。麻烦您报一下身份证后四位。",
        "好的，核对无误。您尾号4471的信用卡欠款18960元，已经逾期了。",
        "您说不是您本人刷的？您别急，能说说是哪几笔、什么时候的消费吗？",
    ]
    replies = _replies(play_lines(FRAUD, lines, seed=seed))
    last = replies[-1]
    assert not last.startswith("是我") and "有事吗" not in last and "什么事" not in last, last
    assert "笔" in last or "刷" in last, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_customer_who_lowballs_never_first_says_yes_to_the_minimum(seed: int) -> None:
    lines = ["您好，请问是张伟先生本人吗？", "我是安信银行信用卡中心的，姓王，工号A1024。",
             "您尾号6688的信用卡逾期45天了，欠款12580元，是遇到什么困难了吗？",
             "理解，孩子住院确实花钱。",
             "那您手头能先拿出多少？咱们先把最低的1258处理掉，您觉得行不行？"]
    turns = play_lines(HONEST, lines, seed=seed)["transcript"]["turns"]
    assert "request_payment" in turns[-2]["acts"]
    assert turns[-1]["text"] not in ("嗯，可以。", "可以。", "行。", "嗯，是。"), turns[-1]["text"]


def test_asking_when_the_rest_will_be_made_up_asks_for_a_date() -> None:
    from trainer.sim.understand import understand

    acts = understand("那剩下的两千您打算啥时候补上？").acts
    assert "ask_date" in acts and "request_payment" in acts
