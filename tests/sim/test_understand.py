"""Understanding trainee text: acts, promise amounts and dates, and the /why explanation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.base.vocab import ACTS
from trainer.sim.understand import cn_number, find_amounts, lexicon, understand

MONDAY = date(2026, 3, 2)          # the bundled scenarios' calls happen on Monday 2 March 2026
FACTS = {"min_due": 1258.0, "balance": 12580.0}


def acts(text: str, contact: str = "debtor") -> set[str]:
    return set(understand(text, contact=contact, facts=FACTS, today=MONDAY).acts)


@pytest.mark.parametrize("text, expected", [
    ("您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？",
     {"greet", "identify_self", "ask_for_debtor"}),
    ("为了核实身份，麻烦您报一下身份证后四位。", {"verify"}),
    ("您尾号6688的信用卡已经逾期45天，欠款12580元。", {"state_purpose", "state_amount"}),
    ("方便说一下是遇到什么困难了吗？", {"probe_reason"}),
    ("我理解您的难处。", {"empathize"}),
    ("逾期会影响您的征信记录，还会产生违约金。", {"lawful_consequence"}),
    ("您可以先还最低还款额，剩下的申请分期。", {"offer_plan", "offer_minimum"}),
    ("跟您确认一下，您会在本周五前通过手机银行还款1258元，对吗？", {"recap", "explain_channel"}),
    ("那我明天下午再给您打电话。", {"schedule_callback"}),
    ("麻烦您转告他，请他回个电话。", {"leave_message"}),
    ("请您节哀，我们会按规定处理。", {"condolence"}),
    ("感谢您的配合，再见。", {"close"}),
])
def test_recognises_lawful_collector_acts(text: str, expected: set[str]) -> None:
    assert expected <= acts(text)


@pytest.mark.parametrize("text, act", [
    ("再不还我们就上门找你，通知你单位领导！", "threaten"),
    ("你就是个老赖，不要脸！", "insult"),
    ("我是公安局经侦的，现在依法调查你。", "impersonate"),
    ("法院已经立案了，传票已经寄出。", "false_claim"),
])
def test_recognises_forbidden_acts(text: str, act: str) -> None:
    assert act in acts(text)


def test_a_negated_claim_is_not_an_impersonation() -> None:
    assert "impersonate" not in acts("我们不是公安局，是安信银行信用卡中心。")
    assert "threaten" not in acts("我们不会上门，也不会通知您单位。")


@pytest.mark.parametrize("text", [
    "我们这边是市法院执行庭委托过来的。", "咱们跟公安那边是联合办案的，你心里有数。",
    "这里是区检察院，有件事要跟你核实。", "我代表律师事务所正式通知你。", "我们帮法院跑这个案子的。",
])
def test_speaking_as_or_for_an_authority_is_an_impersonation(text: str) -> None:
    assert "impersonate" in acts(text)


@pytest.mark.parametrize("text", [
    "卡要是真丢了，建议您去派出所报个案，拿回执给我们。", "这种事您可以找律师咨询一下，这是您的权利。",
    "真到了起诉那一步，也是法院来判，不是我们说了算。", "我们这边不代表法院，就是银行信用卡中心。",
])
def test_naming_an_authority_without_claiming_it_is_no_impersonation(text: str) -> None:
    # the customer's mood and the scorecard read the same act: advice is not a claim
    assert "impersonate" not in acts(text)


@pytest.mark.parametrize("text", ["老人家是哪天走的？不想说也没关系。", "您大概几号能出院？", "手术是哪天做的？"])
def test_asking_when_something_happened_is_not_asking_for_a_payment_date(text: str) -> None:
    # with the bereaved or a patient on the line, asking a payment date would be pressing them
    assert "ask_date" not in acts(text, contact="third_party")
    assert "ask_date" in acts("那您看哪天能先还上一部分？")


@pytest.mark.parametrize("text", ["这两万多里面有本金，也有这几个月按万分之五算下来的利息。",
                                  "这个数就是本金加上利息和违约金。"])
def test_breaking_down_the_amount_is_explaining_it(text: str) -> None:
    # an answer to 「这钱怎么算的」, not consequences used as pressure
    assert "explain_amount" in acts(text)


def test_talking_about_the_debt_is_a_disclosure_only_to_a_third_party() -> None:
    line = "他的信用卡欠款已经逾期了，麻烦您让他尽快还款。"
    assert "disclose_to_third_party" in acts(line, contact="third_party")
    assert "disclose_to_third_party" not in acts(line, contact="debtor")
    assert "disclose_to_third_party" not in acts("麻烦您转告他回个电话，谢谢。", contact="third_party")


@pytest.mark.parametrize("text, value", [
    ("我先还3200元", 3200.0), ("还三千二", 3200.0), ("3,200.00元", 3200.0), ("３，２００元", 3200.0),
    ("还一万二", 12000.0), ("先还1.5万", 15000.0), ("两千五百块", 2500.0),
    ("先还最低还款额", 1258.0), ("一次性还清", 12580.0),
])
def test_extracts_amounts(text: str, value: float) -> None:
    u = understand(text, facts=FACTS, today=MONDAY)
    assert u.promise_amount is not None and u.promise_amount.value == value


@pytest.mark.parametrize("text", ["您尾号6688的卡", "逾期45天", "工号1024", "下周五", "15号"])
def test_card_tails_days_and_dates_are_not_money(text: str) -> None:
    assert find_amounts(understand(text, facts=FACTS, today=MONDAY).folded, FACTS) == []


def test_the_sum_to_pay_is_the_one_said_after_huan() -> None:
    u = understand("您欠款12580元，今天能先还1258元吗？", facts=FACTS, today=MONDAY)
    assert u.promise_amount.value == 1258.0


@pytest.mark.parametrize("text, iso", [
    ("下周五还", "2026-03-13"), ("这周五还", "2026-03-06"), ("周三", "2026-03-04"),
    ("3月5日", "2026-03-05"), ("五号", "2026-03-05"), ("15号", "2026-03-15"), ("月底", "2026-03-31"),
    ("明天", "2026-03-03"), ("后天", "2026-03-04"), ("三天内", "2026-03-05"), ("下个月10号", "2026-04-10"),
    ("发工资那天", "2026-03-10"), ("2026年3月20日", "2026-03-20"),
])
def test_extracts_dates_relative_to_the_call(text: str, iso: str) -> None:
    u = understand(text, facts=FACTS, today=MONDAY, payday=10)
    assert u.promise_date is not None and u.promise_date.value.isoformat() == iso


def test_payday_without_a_known_payday_is_recorded_but_unresolved() -> None:
    u = understand("发工资那天还", facts=FACTS, today=MONDAY)
    assert u.promise_date is not None and u.promise_date.value is None


def test_channels() -> None:
    assert understand("用手机银行还", today=MONDAY).channel == "手机银行"
    assert understand("去柜台还", today=MONDAY).channel == "柜台"


@pytest.mark.parametrize("text, value", [("三千二", 3200), ("一万二", 12000), ("十五", 15), ("三千零五十", 3050),
                                         ("两千五百", 2500), ("一百二", 120), ("二十", 20), ("一万零五百", 10500)])
def test_chinese_numerals(text: str, value: int) -> None:
    assert cn_number(text) == value


def test_explain_says_what_matched_and_why() -> None:
    u = understand("跟您确认一下，您会在下周五通过手机银行还款三千二，对吗？", facts=FACTS, today=MONDAY)
    text = u.explain()
    assert "复述承诺" in text and "确认一下」" in text
    assert "3200元" in text and "2026-03-13" in text and "手机银行" in text


def test_lexicon_only_names_known_acts() -> None:
    assert {rule.act for rule in lexicon().rules} <= set(ACTS)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_fails_on_arbitrary_text(text: str) -> None:
    u = understand(text, facts=FACTS, today=MONDAY, payday=31)
    assert set(u.acts) <= set(ACTS)
    u.explain()


def test_urging_haste_is_not_a_threat_of_arrest() -> None:
    assert "threaten" not in understand("请您抓紧时间处理一下").acts
    assert "threaten" in understand("再不还就把你抓进去").acts
