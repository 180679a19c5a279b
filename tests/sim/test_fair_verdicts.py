"""Fair scorecards on trainees' own words (issue #12): every trainee line is played and judged,
what was done is credited however it was worded, and what was wrong costs points for the right
reason.  Lines are in the style of the natural sessions, not copied from them."""

from __future__ import annotations

import pytest

from trainer.content.scenario import load_scenario
from trainer.sim.session import Call, play_lines

DECEASED = load_scenario("special-deceased")

BEREAVED_PRESSED = [
    "喂，请问刘志强在家吗？",
    "哦，人没了？那您节哀。",
    "我是安信银行信用卡中心司法调查组的，姓王。",
    "是这样，您父亲的信用卡还欠着6450块，逾期快两个月了。",
    "他留下的账，当子女的总得有人接着还吧。",
    "那您看什么时候能先还一点？",
    "行，再见。",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_plain_yes_does_not_end_the_call_before_the_trainees_later_lines(seed: int) -> None:
    result = play_lines(DECEASED, BEREAVED_PRESSED, seed=seed)
    agent = [t for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert len(agent) >= 4, "the disclosure on line 4 must be played and judged"
    assert not result["passed"]
    reasons = " ".join(d["reason"] for d in result["score"]["deductions"])
    assert "透露欠款" in reasons or "特殊人群" in reasons


def test_an_agreed_result_stands_when_the_trainee_just_stops() -> None:
    call = Call.start(DECEASED, seed=1)
    for line in ("喂，您好，请问刘志强先生在吗？", "实在抱歉，不知道这个情况，请您节哀。",
                 "我姓王，是安信银行信用卡中心司法调查组的。后续会有专人按流程处理，您凭证明联系客服热线就可以。"):
        if call.ended:
            break
        call.say(line)
    assert not call.ended and call.pending == "closed_special"   # 「嗯，你说」 ends nothing
    result = call.end()
    assert result["outcome"] == "special_handling"


# -- what was done is credited however it was worded ------------------------------------------

from trainer.sim.judging import credited_key_points, figures_in, wrong_figures  # noqa: E402
from trainer.sim.memory import CallMemory  # noqa: E402
from trainer.sim.understand import understand  # noqa: E402

HONEST = load_scenario("first-contact-honest")
FACTS = HONEST.facts()
KPS = ["opening.ask_name", "reason.probe", "recap.confirm", "callback.time", "reason.empathy"]


@pytest.mark.parametrize("line, kp", [
    ("我跟您再对一遍哈：3月10号之前，还1258元，用手机银行还，没问题吧？", "recap.confirm"),
    ("我复述一遍哈：3月6号前还1000元，都是手机银行还。您确认一下？", "recap.confirm"),
    ("好，3月5号之前还1258元，通过手机银行还到尾号6688的卡，对吧？", "recap.confirm"),
    ("我能问一下不，最近是遇上啥难处了吗？", "reason.probe"),
    ("上次说好的怎么没还上呢？是什么情况？", "reason.probe"),
    ("您看是最近手头不太方便，还是之前确实不知道这个事？", "reason.probe"),
    ("最近是出了什么状况吗？", "reason.probe"),
    ("谁都有手头紧的时候，我能理解。", "reason.empathy"),
    ("喂，您好，是张伟张先生吧？", "opening.ask_name"),
    ("张先生吗？", "opening.ask_name"),
    ("那我明天下午再给您回电，您看行吗？", "callback.time"),
    ("嗯，孩子的学费一下子要交，压力确实大。", "reason.empathy"),
])
def test_any_wording_of_a_key_point_is_credited(line: str, kp: str) -> None:
    u = understand(line)
    assert kp in credited_key_points(KPS, u.acts, u.folded, FACTS, u.tone)


@pytest.mark.parametrize("line, kp", [
    ("张先生，今天来电是因为您的卡逾期了。", "opening.ask_name"),     # naming is not asking
    ("您尾号6688的卡逾期45天了。", "recap.confirm"),
    ("那我晚点再联系您。", "callback.time"),                           # no day, no time
    ("理解理解，欠钱还好意思喊难？", "reason.empathy"),                 # empathy words in contempt
])
def test_hard_negatives_are_not_credited(line: str, kp: str) -> None:
    u = understand(line)
    assert kp not in credited_key_points(KPS, u.acts, u.folded, FACTS, u.tone)


def test_a_recap_before_the_customers_promise_counts_as_recapped_and_confirmed() -> None:
    lines = ["喂，您好，请问是张伟张先生吗？",
             "张先生您好，我这边是安信银行信用卡中心司法调查组的，我姓王，工号A1024。",
             "您尾号6688的信用卡已经逾期45天了，欠款12580元，最低还款1258元。",
             "最近是遇上啥难处了吗？", "明白，家里开销大，这个我特理解。",
             "那您这周五之前先还最低还款1258元，用手机银行还，行吗？",
             "我跟您再对一遍哈：3月6号之前，还1258元，用手机银行还到尾号6688的卡，没问题吧？",
             "好，那不耽误您了，谢谢张先生，再见！"]
    for seed in (1, 2, 3):
        result = play_lines(HONEST, lines, seed=seed)
        assert not any("没有复述确认" in d["reason"] for d in result["score"]["deductions"]), seed
        assert not any("漏讲要点：了解逾期原因" in d["reason"] for d in result["score"]["deductions"]), seed


def test_consequences_that_explain_the_amount_are_not_pressure() -> None:
    lines = ["喂，您好，请问是张伟张先生吗？",
             "张先生您好，我这边是安信银行信用卡中心司法调查组的，我姓王，工号A1024。",
             "您尾号6688的信用卡已经逾期45天了，欠款12580元。",
             "这个金额是您的消费本金加上逾期以后按每天万分之五算的利息，账单明细手机银行里能查到。"]
    result = play_lines(HONEST, lines, seed=1)
    assert not any("还没了解原因" in d["reason"] for d in result["score"]["deductions"])


# -- what was wrong costs points for the right reason ------------------------------------------

BROKEN = load_scenario("follow-up-broken-promise")
CONTEMPT_AND_VEILED_THREAT = [
    "周敏女士吗？", "我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
    "周女士，上次您说好2月20号还3000，结果就还了1000。",
    "说话不算数，以后谁还敢信您啊？做人总得讲点信用吧。",
    "剩下那2000，这周必须还上。",
    "不然这个账户就要转到更上面去处理了，到时候可就不是打个电话这么简单了。",
    "那就3月6号，2000，别再忘了。", "嗯，再见。",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_contempt_and_a_veiled_threat_fail_the_call_with_their_turns_named(seed: int) -> None:
    result = play_lines(BROKEN, CONTEMPT_AND_VEILED_THREAT, seed=seed)
    assert not result["passed"]
    agent = [i for i, t in enumerate(result["transcript"]["turns"]) if t["speaker"] == "agent"]
    by_turn = {d["turn"]: d for d in result["score"]["deductions"]}
    assert agent[3] in by_turn and "轻蔑" in " ".join(d["reason"] for d in result["score"]["deductions"]
                                                       if d["turn"] == agent[3])
    if len(agent) > 5:
        assert any(d.get("category") == "threat" and d["turn"] == agent[5] for d in result["score"]["deductions"])
        assert "威胁" in result["score"]["gate"]


@pytest.mark.parametrize("line", [
    "说话不算数，下回谁还敢信您啊？", "您要投诉就去投呗，投诉了钱也一样得还。",
    "这种话我一天能听十几遍，欠钱不想还的都这么说。", "现在一接电话就说在住院的人挺多的，您要真住院就把证明发过来。",
    "没钱还刷什么卡啊？", "你们这种人我见多了。",
])
def test_contempt_the_rules_miss_is_understood(line: str) -> None:
    assert any(kind in ("contempt", "sarcasm") for kind, _w in understand(line).tone)


@pytest.mark.parametrize("line", [
    "到时候可就不是打个电话这么简单了。", "那我们只能安排人去您家里当面谈了，让邻居看见多不好。",
    "您这个账户就得转到更上面去处理了。", "我们有的是办法让你还。", "到时候可别后悔。",
])
def test_veiled_threats_are_understood(line: str) -> None:
    assert "threaten" in understand(line).acts


@pytest.mark.parametrize("line", [
    "您要投诉是您的权利，我这边可以先把您的意见如实登记下来。", "说话算数的人我们都很感谢，您上次还了一千，谢谢您。",
    "这不是打个电话催一下的事，我们一起想办法。", "您放心，我们不会上门，也不会联系您单位。",
    "理解您的难处，做生意资金周转确实紧。", "如果长期不还，银行保留依法通过诉讼追讨的权利。",
])
def test_hard_negatives_are_neither_contempt_nor_threat(line: str) -> None:
    u = understand(line)
    assert not any(kind in ("contempt", "sarcasm") for kind, _w in u.tone)
    assert "threaten" not in u.acts and "insult" not in u.acts


def test_a_registered_dispute_is_judged_dispute_not_callback() -> None:
    from trainer.sim.scoring import judged_outcome
    memory = CallMemory()
    memory.other_said(2, "NOT_MY_CHARGES", "这几笔不是我刷的。")
    memory.agent_said(3, "dispute", "我先给您登记交易争议，提交核查。", ["record_dispute"], [])
    assert judged_outcome(load_scenario("first-contact-fraud"), "callback", {}, memory) == "dispute"


@pytest.mark.parametrize("text, kind, wrong", [
    ("您现在还欠一万零八百多，最低也得先还一千多。", "balance", True),
    ("你现在一共欠一万五千八，最低得还一千五百八。", "min", True),
    ("目前欠款一共是12580元，最低还款额1258元。", "balance", False),
    ("欠款一共1.2万多，最低还款一千二百五十八。", "min", False),
    ("总共欠一万二千五百八十元。", "balance", False),
])
def test_spoken_balances_and_minimums_are_checked_against_the_account(text: str, kind: str, wrong: bool) -> None:
    memory = CallMemory()
    memory.agent_figures(3, other=figures_in(text))
    reasons = [r for _t, r in wrong_figures(memory, HONEST.account, [])]
    label = {"balance": "欠款总额", "min": "最低还款额"}[kind]
    assert any(label in r for r in reasons) == wrong, reasons


@pytest.mark.parametrize("line, disclosed", [
    ("您是他家里人，要不您先帮他把最低的1540还一下？", True),
    ("你跟她关系好的话帮着劝劝，让她赶紧把这事了了。", True),
    ("不用不用，您不需要替他处理什么，主要还是得他本人来。", False),
    ("麻烦您转告他方便时回电400-123-4567，谢谢。", False),
])
def test_asking_a_third_party_to_pay_or_push_is_understood_as_disclosure(line: str, disclosed: bool) -> None:
    assert ("disclose_to_third_party" in understand(line, contact="third_party").acts) == disclosed


def test_every_line_pressing_the_vulnerable_is_named() -> None:
    hospital = load_scenario("special-hospitalized")
    lines = ["您好，是冯涛先生吗？", "我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
             "在医院啊？那钱的事也不能一直这么放着。", "今天先转个2130过来呗。",
             "要是您自己不方便，就让陪床的家里人帮您先垫上。", "好，再见。"]
    result = play_lines(hospital, lines, seed=1)
    named = [d["turn"] for d in result["score"]["deductions"] if d.get("category") == "vulnerable"]
    assert not result["passed"] and len(named) >= 2


def test_to_a_third_party_the_bank_and_surname_are_enough_and_the_process_may_be_told_in_own_words() -> None:
    facts = DECEASED.facts()
    ids = ["opening.department", "deceased.notify"]
    u = understand("我这边是安信银行信用卡中心的，姓王。")
    assert "opening.department" in credited_key_points(ids, u.acts, u.folded, facts, contact="third_party")
    assert "opening.department" not in credited_key_points(ids, u.acts, u.folded, facts, contact="debtor")
    u = understand("蒋先生名下的业务，后续会有专门的同事按流程来处理。")
    assert "deceased.notify" in credited_key_points(ids, u.acts, u.folded, facts)


def test_advising_a_police_report_is_not_impersonation_but_speaking_for_a_court_is() -> None:
    fraud = load_scenario("first-contact-fraud")
    opening = ["您好，请问是孙丽孙女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。"]
    advice = play_lines(fraud, [*opening, "如果确认被盗用，也可以到当地派出所报案，报案回执对后续核查有帮助。"], seed=1)
    assert not any(d.get("category") == "impersonation" for d in advice["score"]["deductions"])
    court = play_lines(fraud, [*opening, "我们这边正在配合法院核实您的情况。"], seed=1)
    # a rule (CN-IMP-021) or, failing one, understanding names it: either way the call fails for it
    assert (any(f["category"] == "impersonation" for f in court["findings"])
            or any(d.get("category") == "impersonation" for d in court["score"]["deductions"]))
    assert not court["passed"]


def test_hint_why_and_scorecard_agree_on_a_point_credited_by_understanding() -> None:
    call = Call.start(HONEST, seed=1)
    for line in ("喂，您好，请问是张伟张先生吗？",
                 "张先生您好，我这边是安信银行信用卡中心司法调查组的，我姓王，工号A1024。",
                 "您尾号6688的信用卡已经逾期45天了，欠款12580元。", "最近是遇上啥难处了吗？"):
        if not call.ended:
            call.say(line)
    assert "了解逾期原因" not in [title for title, _h in call.missing_key_points()]   # /hint
    said = next(x for x in call.explain_last().splitlines() if x.startswith("这句话讲到的要点："))
    assert "了解逾期原因" in said   # /why
    card = call.end()
    assert not any("了解逾期原因" in d["reason"] for d in card["score"]["deductions"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_number_given_after_the_relative_agrees_to_pass_the_message_is_heard(seed: int) -> None:
    family = load_scenario("third-party-family")
    lines = ["喂，您好，请问吴刚吴先生在家吗？", "您好您好，不好意思打扰了。",
             "我姓王，是安信银行的工作人员，有点他个人的事情需要跟他本人沟通。",
             "麻烦您转告他给我回个电话。", "号码是400-123-4567，这是安信银行的官方电话，说找姓王的就行。",
             "好嘞，谢谢您，打扰了，再见！"]
    result = play_lines(family, lines, seed=seed)
    said = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert any("400-123-4567" in x for x in said), "the call must not end before the number is given"
    assert result["outcome"] == "message_left" and result["passed"]
    assert not any("留官方号码" in d["reason"] for d in result["score"]["deductions"])


def test_reassuring_a_relative_that_they_need_not_pay_is_not_a_disclosure() -> None:
    family = load_scenario("third-party-family")
    lines = ["喂，您好，请问吴刚吴先生在家吗？", "我姓王，是安信银行的工作人员。",
             "您放心，不用您还钱，也不用您处理什么，我们只找他本人。"]
    result = play_lines(family, lines, seed=1)
    assert not any(d.get("category") == "third_party_disclosure" for d in result["score"]["deductions"])


def test_asking_whether_the_customer_reported_it_to_the_police_is_not_impersonation() -> None:
    fraud = load_scenario("first-contact-fraud")
    opening = ["您好，请问是孙丽孙女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。"]
    asked = play_lines(fraud, [*opening, "卡一直在您身上，我都记下了。您有没有打我们客服挂失，或者去派出所报过案？"], seed=1)
    assert not any(d.get("category") == "impersonation" for d in asked["score"]["deductions"])
    assert not any(f["category"] == "impersonation" for f in asked["findings"])


def test_advice_to_report_to_the_police_does_not_anger_the_customer() -> None:
    # the mood reads the same understanding as the scorecard: naming the police in advice is no
    # claim to be them, so the customer who reported stolen charges stays calm and trusting
    fraud = load_scenario("first-contact-fraud")
    opening = ["您好，请问是孙丽孙女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，姓王，工号A1024。",
               "您名下尾号4471的卡，1月10日的账单逾期51天，欠款18960元。", "您是说这几笔不是您刷的，我先给您记下来。"]
    calm = play_lines(fraud, [*opening, "要是怀疑卡被复制了，您也可以去附近派出所报个案，回执对核查有用。"], seed=2)
    moods = [t.get("mood") for t in calm["transcript"]["turns"] if t["speaker"] != "agent" and t.get("mood")]
    assert moods and moods[-1]["anger"] <= moods[-2]["anger"] + 0.5 and moods[-1]["trust"] >= moods[-2]["trust"] - 0.5
