"""Round 11 (issue #11): replies the round-10 held-out reviewers (AJ, AK) and the round-11 development reading (AU)
found off, replayed from the labelled sessions where they are in the repository, else with lines of their own."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers_engine import play as _play
from helpers_engine import replies as _replies

from trainer.content.personas import book
from trainer.content.scenario import load_scenario
from trainer.sim.debtor import bank
from trainer.sim.debtor.negotiation import Negotiation
from trainer.sim.understand import understand

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from natural_calls import load_sessions, play  # noqa: E402

SEEDS = [1, 2, 3]
HELDOUT_R10 = ROOT / "tests" / "data" / "natural" / "heldout_r10"


def _said(name: str, seed: int) -> list[str]:
    session = next(s for s in load_sessions(HELDOUT_R10) if s["file"] == name)
    return [t["text"] for t in play(session, seed)["transcript"]["turns"] if t["speaker"] != "agent"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_call_back_time_the_agent_proposes_is_agreed_not_denied(seed: int) -> None:
    # R8 answered 「等您出院以后我们再联系您，比如3月20号左右？……就按您说的来」 with 「3月20号？我没这么说过啊。」
    r8 = _said("special-hospitalized.AJ.competent.yaml", seed)[7]
    assert "没" not in r8 and r8 in bank().listen["callback_offered"], r8


@pytest.mark.parametrize("seed", SEEDS)
def test_who_they_are_asked_for_the_first_time_is_no_said_before(seed: int) -> None:
    # R3 「是我，刚才说过了。」 when R2 had only been 「又是诈骗电话吧？」
    r3 = _said("first-contact-malicious.AJ.flawed.yaml", seed)[2]
    assert "是我" in r3 and "刚才" not in r3, r3


@pytest.mark.parametrize("seed", SEEDS)
def test_told_twice_it_is_a_private_matter_the_colleague_does_not_take_it_in_twice(seed: int) -> None:
    said = _said("third-party-colleague.AK.competent.yaml", seed)
    private = set(bank().listen["private"])
    assert sum(t in private for t in said) <= 1, said


def test_closing_words_name_no_day() -> None:
    today = date(2026, 3, 2)
    assert understand("好的，那今天就先这样，感谢您的耐心接听。", today=today).promise_date is None
    assert understand("今天能先还500元吗？", today=today).promise_date is not None


SLIPPERY = ["您好，请问是李强先生吗？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_bill_told_with_a_confirm_is_not_taken_for_a_recap_of_a_promise(seed: int) -> None:
    lines = [*SLIPPERY, "李先生您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024。您尾号3519的信用卡，"
             "1月23日到期的账单还没有还款，目前欠款23600元，最低还款额2360元。想跟您确认一下还款安排。"]
    last = _replies(_play("first-contact-slippery", lines, seed))[-1]["text"]
    assert "没答应" not in last, last


@pytest.mark.parametrize("seed", SEEDS)
def test_the_number_they_are_called_on_is_confirmed_when_asked(seed: int) -> None:
    lines = ["您好，请问是孙丽女士吗？", "孙女士您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024。"
             "为了保护您的信息安全，麻烦报一下身份证后四位。", "您尾号4471的卡有几笔交易您说不是自己刷的，对吗？",
             "好的，我先为您登记交易争议，核查结果会通知您。", "请问这个号码是您本人常用的号码吗？"]
    last = _replies(_play("first-contact-fraud", lines, seed))[-1]["text"]
    assert "号码" in last, last


PARTLY = ["您好，是周敏女士吗？", "周女士，我是安信银行信用卡中心司法调查组的，姓王，工号A1024，通话录音。",
          "上次说好2月20号还3000，您还了1000，谢谢您。剩下的2000元是什么原因没还上呢？",
          "明白，确实不容易。剩下的2000元，您看哪天能还？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_later_day_described_as_payday_is_taken_and_the_payday_put_right(seed: int) -> None:
    said = [r["text"] for r in _replies(_play("follow-up-partly-kept", [*PARTLY, "那就定在3月10日发工资的当天，还2000元，可以吗？"],
                                              seed))]
    assert "5号" in said[-1] and "3月10日" in said[-1] and "2000" in said[-1], said[-2:]


@pytest.mark.parametrize("seed", SEEDS)
def test_who_said_money_is_no_problem_offers_no_lowball_after_it(seed: int) -> None:
    # the AU complaint-prone customer said 「钱倒不是问题」 and then 「先还600元行不行？多了真没有」 to the minimum asked
    scenario = load_scenario("special-complaint-prone")
    deal = Negotiation(scenario, book().settings("complaint_prone"))
    deal.affords = True
    line = "最低还款额是1124元，您看3月3日之前能不能先还上？如果方便全部11240元还清更好。"
    code, _why = deal.negotiate(understand(line, today=scenario.call_date), scenario.call_date, willingness=0.3,
                                pressure_count=0, patience=10, rng=random.Random(seed))
    assert code == "PTP_OFFER" and deal.agreed is not None and deal.agreed.amount == 1124
    assert deal.agreed.date == date(2026, 3, 3)



@pytest.mark.parametrize("seed", SEEDS)
def test_calling_oneself_the_lawyer_on_the_case_fails_the_call(seed: int) -> None:
    # AU's flawed slippery trainee passed with 「我是安信银行司法调查组的王律师」 and 「我是负责您这个案子法律事务的律师」
    lines = ["您好，请问是李强先生吗？", "李先生您好，我是安信银行司法调查组的王律师，工号A1024，本次通话会录音。",
             "联系您是因为您尾号3519的信用卡已经逾期38天，欠款23600元，最低还款额2360元。",
             "对，我是负责您这个案子法律事务的律师。希望您尽快处理。"]
    result = _play("first-contact-slippery", lines, seed)
    assert not result["passed"]
    # the compliance rule (CN-IMP-003) and the trainer's own reading both name it; either is the reason given
    assert any("冒用" in d["reason"] or "冒充公检法/律师" in d["reason"] for d in result["score"]["deductions"]), \
        result["score"]["deductions"]
    assert "impersonate" not in understand("我不是律师，我是银行的工作人员。").acts


def test_a_day_proposed_beside_a_now_is_the_day_proposed() -> None:
    # AO's partly-kept trainee: 「您看能不能定在3月10日？离现在一个多星期」 was read as 「现在」, and the customer kept 3月5日
    u = understand("您看能不能定在3月10日？离现在一个多星期，您也有时间准备。", today=date(2026, 3, 2), payday=5)
    assert u.promise_date is not None and u.promise_date.value == date(2026, 3, 10)
    u = understand("那就定在3月10日发工资的当天，还2000元，可以吗？", today=date(2026, 3, 2), payday=5)
    assert u.promise_date is not None and u.promise_date.value == date(2026, 3, 10)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_family_of_the_deceased_say_when_to_be_called(seed: int) -> None:
    lines = ["您好，请问是蒋建国先生吗？", "实在抱歉，请您和家人节哀。我是安信银行信用卡中心的工作人员，我姓王。请问您是蒋先生的哪位家属？",
             "蒋先生在我们银行有一些业务需要后续处理，具体内容涉及他的个人信息，电话里我就不展开了。",
             "我会把蒋先生去世的情况登记下来，后续转给专门的同事按流程处理。",
             "之后专人联系您，打这个号码可以吗？大概什么时候比较合适？"]
    last = _replies(_play("special-deceased", lines, seed))[-1]["text"]
    assert last in questions_bank_lines("callback", "deceased_family"), last


def questions_bank_lines(topic: str, role: str) -> tuple[str, ...]:
    from trainer.sim.debtor.questions import bank as qbank

    return next(lines for name, _pattern, lines in qbank().topics if name == topic)[role]


HONEST = ["您好，请问是张伟先生吗？", "张先生您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024，本次通话会录音。"
          "为了核实身份，麻烦报一下身份证后四位。"]


@pytest.mark.parametrize("seed", SEEDS)
def test_asked_whether_they_know_of_the_overdue_bill_they_say_so_first(seed: int) -> None:
    lines = [*HONEST, "您尾号6688的信用卡逾期45天，目前欠款12580元，最低还款额1258元。这个情况您了解吗？"]
    last = _replies(_play("first-contact-honest", lines, seed))[-1]["text"]
    assert "知道" in last and "不还会" not in last and "影响" not in last, last



def test_a_bank_taking_money_from_other_accounts_is_a_made_up_consequence() -> None:
    # AU's flawed partly-kept trainee: the customer answered it with 「明白了，那您看怎么办？」, as if it were true
    assert "false_claim" in understand("银行有权直接从您在其他银行的存款账户里划扣欠款。").acts
    assert "false_claim" not in understand("银行不会从您其他账户里扣钱，这个您放心。").acts


@pytest.mark.parametrize("seed", SEEDS)
def test_a_call_back_offered_is_no_day_to_pay_on_and_is_answered_before_the_ceiling(seed: int) -> None:
    # AU's slippery customer answered 「那我3月16日再跟您联系一次……可以吗？」 with 「我最多只能先还600元。」 alone
    lines = ["您好，请问是李强先生吗？", "李先生您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024，本次通话会录音。",
             "您尾号3519的信用卡逾期38天，欠款23600元，最低还款额2360元。最近是什么情况耽误了还款？",
             "理解，做生意资金总有个周转。本周五，3月6日，您能不能先还2360元？",
             "好的。剩下的部分，您说货款月中到，那我3月16日再跟您联系一次，确认后续的还款安排，可以吗？"]
    said = [r["text"] for r in _replies(_play("first-contact-slippery", lines, seed))]
    assert "3月16日" not in said[-1], said[-2:]     # the day of the call is no day to pay on
    if "600" in said[-1]:
        assert any(said[-1].startswith(lead) for lead in bank().listen["callback_then"]), said[-2:]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_goodbye_after_a_correction_claims_no_day_the_customer_never_said(seed: int) -> None:
    # dev_r9 (AD), malicious competent: 「我最多只能先还1900元」 then the goodbye said 「我是3月9日还1900元」 — a day only
    # the agent had named
    session = next(s for s in load_sessions(ROOT / "tests" / "data" / "natural" / "dev_r9")
                   if s["file"] == "first-contact-malicious.AD.competent.yaml")
    said = [t["text"] for t in play(session, seed)["transcript"]["turns"] if t["speaker"] != "agent"]
    assert "1900" in said[-1] and "3月9日" not in said[-1], said[-1]
    assert not any("3月9日" in t for t in said[:-1]), said


@pytest.mark.parametrize("seed", SEEDS)
def test_a_day_put_in_their_mouth_after_a_lowball_is_denied(seed: int) -> None:
    # AO's honest competent trainee: 「好的，那就定在您说的3月10日。」 after 「我最多只能先还500元」 was taken in silence
    lines = [*HONEST, "您尾号6688的信用卡逾期45天，欠款12580元，最低还款额1258元。方便说说是什么情况吗？",
             "明白，孩子住院开销大，确实不容易。那您看能先还多少？"]
    said = [r["text"] for r in _replies(_play("first-contact-honest", lines, seed))]
    if "500" in said[-1]:
        said = [r["text"] for r in _replies(_play("first-contact-honest", [*lines, "好的，那就定在您说的3月10日。您打算用什么方式还呢？"],
                                                  seed))]
        assert "没" in said[-1] and "3月10日" in said[-1], said[-2:]
