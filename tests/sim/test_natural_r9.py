"""Behaviours fixed from the round-9 development sessions (`dev_r9`, author AD; issues #11, #12).  The
lines are written for these tests in a trainee's own words, not copied from the sessions."""

from __future__ import annotations

import pytest
from helpers_engine import play as _play
from helpers_engine import reasons as _reasons
from helpers_engine import replies as _replies
from helpers_engine import reply_to as _after

from trainer.sim.debtor import bank

SEEDS = [1, 2, 3]
LISTENING = ("你说", "听着", "接着说", "您说", "然后呢", "我在听", "知道了")


def _said(scenario: str, lines: list[str], seed: int) -> list[str]:
    return [r["text"] for r in _replies(_play(scenario, lines, seed))]


# -- 「今天不谈还款」 is no payment ask (the hospitalised call passed by the author failed on it) ----------

PATIENT = ["您好，请问是冯涛冯先生吗？", "冯先生，我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。",
           "听您声音不太舒服，您现在是在医院吗？方便说话吗？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_saying_repayment_will_not_be_discussed_today_is_not_pressing_a_patient(seed: int) -> None:
    lines = [*PATIENT, "那您好好养病。本来是为您信用卡账单的事打来的，今天也不和您说还款了。",
             "您住院这个情况我给您报成特殊情况，走特殊账户的流程，这段时间不会一直打电话。",
             "等您出院以后，大概什么时候方便，我再给您打过来？"]
    result = _play("special-hospitalized", lines, seed)
    assert "特殊人群施压" not in _reasons(result), _reasons(result)
    stood_down = _after(result, lines[3])["text"]
    assert stood_down in bank().listen["stood_down"], stood_down


# -- a hard customer (four stars) does not take the whole minimum at the first counter-offer --------------

MALICIOUS = ["喂，赵磊先生是吧？", "赵先生，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
             "您尾号0826的卡逾期62天，欠款35200元，最低还款3520元。", "一直没还是碰到什么难处了吗？",
             "手头紧我理解。不过逾期会上征信，利息每天也在算。您看多少能先还上？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_hard_customer_meets_the_first_counter_offer_halfway_and_gives_in_at_the_next(seed: int) -> None:
    first = "这点不够，最低得3520元，这周内还上可以吗？"
    again = "还是差得多，最低还款3520元，您这周内想想办法还上，行吗？"
    said = _replies(_play("first-contact-malicious", [*MALICIOUS, first, again], seed))
    codes = [r["response"] for r in said]
    assert "PTP_OFFER" not in codes[:-1], [r["text"] for r in said]
    halfway = said[-2]["text"]
    assert "3520" not in halfway and any(ch.isdigit() for ch in halfway), halfway
    assert codes[-1] == "PTP_OFFER" and "3520" in said[-1]["text"], said[-1]["text"]


# -- a wrong figure of the customer's own account is put right, not taken up -------------------------------

HONEST = ["喂，您好，是张伟先生吗？", "张先生，我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。",
          "您尾号6688的卡逾期45天了，欠款12580元。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_minimum_due_is_put_right(seed: int) -> None:
    said = _said("first-contact-honest", [*HONEST, "您先把最低的还了吧，最低要还1852元。"], seed)[-1]
    assert "1258" in said, said


PARTLY = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
          "上次说好2月20号还3000，您还了1000，谢谢您。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_remainder_of_the_last_promise_is_put_right(seed: int) -> None:
    said = _said("follow-up-partly-kept", [*PARTLY, "那就还差2600，您看怎么安排？"], seed)[-1]
    assert "2000" in said and "2600" in said, said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_digit_slip_in_a_settled_sum_is_not_promised(seed: int) -> None:
    lines = [*HONEST, "是遇到什么困难了吗？", "孩子看病花钱，我理解。最低1258元，这周四之前能还上吗？",
             "那就说定了，周四前还1528元，行吧？"]
    said = _said("first-contact-honest", lines, seed)
    assert "1528" not in said[-1] and "1258" in said[-1], said[-2:]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_made_up_daily_interest_gets_a_reaction(seed: int) -> None:
    lines = ["您好，是李强先生吧？", "李先生，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
             "您尾号3519的卡逾期38天，欠款23600元。", "利息一天按百分之三算，拖下去可不得了。"]
    said = _said("first-contact-slippery", lines, seed)[-1]
    assert said in bank().shaken["claim"]["slippery"], said


# -- scorn and blame are pushed back, and a question carrying a jab is still answered ----------------------

FRAUD = ["喂，孙丽女士吗？", "孙女士，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
         "您尾号4471的卡逾期51天，欠款18960元。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_disbelief_of_a_fraud_claim_is_pushed_back(seed: int) -> None:
    said = _said("first-contact-fraud", [*FRAUD, "卡被盗刷这种说法，我们每天能听到十几回。"], seed)[-1]
    assert not said.endswith(LISTENING) and said in bank().offended["fraud"], said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_question_with_a_jab_gets_the_retort_and_the_answer(seed: int) -> None:
    said = _said("first-contact-fraud", [*FRAUD, "真是盗刷的话，怎么当时不去报案？这也说不过去吧。"], seed)[-1]
    retort = next((r for r in bank().offended["fraud"] if said.startswith(r)), None)
    assert retort is not None and len(said) > len(retort) + 4, said


@pytest.mark.parametrize("seed", SEEDS)
def test_reproaching_a_part_payment_gets_a_reaction(seed: int) -> None:
    lines = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音。",
             "上次您答应2月20号还3000，只到了1000，离3000差得远呢，答应的事都办不到。"]
    said = _said("follow-up-broken-promise", lines, seed)[-1]
    assert "1000" in said and not said.endswith(LISTENING) and "您的意思是" not in said, said


# -- the complaint-prone customer keeps in step with an apology and a logged grievance ---------------------

COMPLAINT = ["您好，是韩雪女士吗？", "韩女士您好，我是安信银行信用卡中心的，姓刘，工号B2231，通话录音，是您尾号6031那张卡账单的事。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_grievance_the_agent_names_is_confirmed_not_met_with_a_backchannel(seed: int) -> None:
    said = _said("special-complaint-prone", [*COMPLAINT, "之前没收到过我们的短信提醒是吧？这个确实是我们的不对，跟您道个歉。"],
                 seed)[-1]
    assert said in bank().listen["grievance_named"], said


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_why_after_the_grievance_was_apologised_for_and_logged_they_answer_calmly(seed: int) -> None:
    lines = [*COMPLAINT, "没收到通知这事，真是抱歉。", "这个意见我给您登记下来，转相关部门核查，会有人回复您。",
             "账单逾期36天，欠款11240元，最低1124元。", "这笔一直没还，是没看到账单，还是手头不方便呢？"]
    said = _replies(_play("special-complaint-prone", lines, seed))[-1]
    assert said["response"] != "CLAIM_NO_NOTICE" and said["text"] in bank().listen["grievance_heard"], said["text"]


# -- concrete proposals and questions get concrete answers --------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_a_smaller_later_split_does_not_replace_a_better_promise(seed: int) -> None:
    lines = [*PARTLY, "剩下这2000元是遇到什么难处了吗？", "理解，凑钱不容易。剩下的2000元，这周四之前能还上吗？",
             "要不这样，3月12号前先还1000，月底前再还1000，您看行吗？"]
    said = _replies(_play("follow-up-partly-kept", lines, seed))
    assert said[-2]["response"] == "PTP_OFFER", said[-2]["text"]
    assert "2000" in said[-1]["text"] and "1000" not in said[-1]["text"], said[-1]["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_payday_quoted_back_as_theirs_is_put_right(seed: int) -> None:
    lines = [*HONEST, "是遇到什么困难了吗？", "您说12号发工资，那就12号吧。"]
    said = _said("first-contact-honest", lines, seed)[-1]
    assert "5号" in said, said


BEREAVED = ["您好，请问蒋建国先生在吗？", "实在抱歉，打扰了，请您节哀。",
            "我是安信银行信用卡中心的，姓刘，工号B2231，通话有录音。请问您是他的家人吧？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_bereaved_family_answer_when_to_call_for_themselves(seed: int) -> None:
    said = _said("special-deceased", [*BEREAVED, "以后如果要联系您，一般哪个时间段比较合适？"], seed)[-1]
    assert "他一般" not in said and "可以。" != said and any(w in said for w in ("下午", "白天", "晚上", "上午")), said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_later_identity_check_is_taken_as_news_by_the_bereaved_family(seed: int) -> None:
    said = _said("special-deceased", [*BEREAVED, "具体的电话里不方便讲，后续会有专人先跟家属核实身份，再说要办的手续。"],
                 seed)[-1]
    assert "不清楚" not in said and "不知道" not in said, said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_stated_daily_rate_answers_how_the_amount_grew(seed: int) -> None:
    lines = [*COMPLAINT, "您尾号6031的卡逾期36天，欠款11240元，最低1124元。", "今天是想请您先把最低还款处理一下。",
             "逾期以后每天按万分之五计息，所以是这个数。"]
    said = _replies(_play("special-complaint-prone", lines, seed))[-1]
    assert said["response"] != "DISPUTE_AMOUNT" and "怎么算" not in said["text"], said["text"]
