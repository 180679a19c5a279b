"""The customer's mood and agreement hold once the call has settled (round 10, from the round-11 held-out
reviewers): the complaint-prone customer who has just agreed to pay does not threaten a complaint at a courteous
follow-up, and the patient whose collection the trainee has put off does not suddenly demand a supervisor.

Two causes, each fixed at its root: 「没收到通知这事，也会有同事跟进」 was read as a threat to tell the customer's
colleagues (the lexicon now wants the customer's people as the object: not 「有同事」「我们同事」, not 「通知这事」 as a
noun), and a deferral to a patient that mentions a later plan (「等您出院……到时候也可以申请分期，这些您现在都不
用操心」) stung as pressure on the vulnerable (judging.defers_collection: they hear care; the scorecard does not charge
a rule's finding there). Lines are in the style of the natural sessions, not copied from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers_engine import play, reply_to

from trainer.sim.judging import defers_collection

ROOT = Path(__file__).resolve().parents[2]

COMPLAINT_OPEN = [
    "您好，请问是韩雪韩女士吗？",
    "韩女士您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024，通话有录音。打扰您了，是关于您尾号6031信用卡的事。",
    "之前的提醒没能送到您那里，让您觉得突然，这个是我们没做好，先跟您说声抱歉。这件事我给您登记下来，转给负责的同事核实。",
    "账户这边是1月24号那期没还，现在欠款11240元，最低还款1124元。您看这周五3月6日之前，能先把最低1124元还上吗？",
    "我复述一下：3月6日前，您用手机银行还1124元到尾号6031的卡上，对吗？",
]
FOLLOW_UP = "好的，我给您记上了。您说没收到通知这事，也会有同事跟进给您回个话，今天让您不愉快了，再跟您说声抱歉。"
THREAT = "好的，我给您记上了。不过您要是到时候再不还，我们就只能联系您单位的同事了。"
GOODBYE = "那就这样，谢谢韩女士，再见。"

HOSPITAL_OPEN = [
    "您好，请问是冯涛冯先生吗？",
    "冯先生您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024，电话有录音。今天是为您尾号5580信用卡账单的事打来的。",
    "冯先生，这期账单一直没还上，是遇到什么情况了吗？",
    "哎呀，真不好意思打扰您休养了，身体要紧。我先按特殊情况给您登记，住院这段时间暂缓联系您。",
]
DEFER = "等您出院、身体恢复了，我们再一起看看怎么安排合适，到时候真有困难也可以申请分期，这些您现在都不用操心。"
PRESS = "等您出院了，最低还款2130元还是得先还上，您看出院后哪天能还？"
HOSPITAL_CLOSE = ["那我三周后，3月23号左右再给您打个电话问问恢复得怎么样，可以吗？", "好的，那您好好养病，祝您早日康复，再见。"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_courteous_follow_up_after_the_promise_keeps_the_customer_calm(seed: int) -> None:
    result = play("special-complaint-prone", [*COMPLAINT_OPEN, FOLLOW_UP, GOODBYE], seed)
    reply = reply_to(result, FOLLOW_UP)
    assert reply["response"] not in ("THREAT_COMPLAINT", "DEMAND_SUPERVISOR", "DISPUTE_AMOUNT"), reply["text"]
    assert reply["mood"]["state"] not in ("threatens_complaint", "complaint_lodged")
    assert result["passed"], result["score"]["gate"]
    assert not [d for d in result["score"]["deductions"] if "威胁" in d["reason"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_threat_after_the_promise_still_brings_the_complaint(seed: int) -> None:
    result = play("special-complaint-prone", [*COMPLAINT_OPEN, THREAT, GOODBYE], seed)
    assert reply_to(result, THREAT)["response"] == "THREAT_COMPLAINT"
    assert not result["passed"] and "威胁恐吓" in result["score"]["gate"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_patient_whose_collection_is_put_off_thanks_and_agrees_to_the_call_back(seed: int) -> None:
    result = play("special-hospitalized", [*HOSPITAL_OPEN, DEFER, *HOSPITAL_CLOSE], seed)
    reply = reply_to(result, DEFER)
    assert reply["response"] == "CONFIRM" and "谢" in reply["text"], reply["text"]
    assert reply["mood"]["state"] == "calm"
    codes = [t.get("response") for t in result["transcript"]["turns"]]
    assert "DEMAND_SUPERVISOR" not in codes and "THREAT_COMPLAINT" not in codes
    assert result["passed"] and result["outcome"] in ("special_handling", "callback"), result["score"]["gate"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_patient_asked_for_the_minimum_after_discharge_is_still_pressed(seed: int) -> None:
    result = play("special-hospitalized", [*HOSPITAL_OPEN, PRESS, *HOSPITAL_CLOSE], seed)
    assert reply_to(result, PRESS)["response"] in ("DEMAND_SUPERVISOR", "THREAT_COMPLAINT", "REPORTS_HOSPITALIZED")
    assert not result["passed"] and "特殊人群" in result["score"]["gate"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_round_11_deferral_to_a_patient_is_not_charged_as_pressure(seed: int) -> None:
    """AR's competent call (held out in round 11): CN-VUL-034 fired on 「……再一起看看怎么安排比较合适……这些您现在都不用
    操心」; the patient then demanded a supervisor and threatened a complaint, and the call failed."""
    path = ROOT / "tests" / "data" / "natural" / "heldout_r11" / "special-hospitalized.AR.competent.yaml"
    session = yaml.safe_load(path.read_text("utf-8"))
    result = play(session["scenario"], [str(x) for x in session["lines"]], seed)
    codes = [t.get("response") for t in result["transcript"]["turns"]]
    assert "DEMAND_SUPERVISOR" not in codes and "THREAT_COMPLAINT" not in codes
    assert result["passed"], result["score"]["gate"]
    assert not [d for d in result["score"]["deductions"] if d.get("category") == "vulnerable" or "特殊人群" in d["reason"]]


def test_what_defers_collection_and_what_does_not() -> None:
    assert defers_collection(DEFER, ("probe_reason", "offer_plan"))
    assert defers_collection("我这边按特殊情况登记，住院期间暂缓联系您。", ())
    assert not defers_collection(PRESS, ("request_payment", "ask_date"))
    assert not defers_collection("韩女士，您先别着急，之前的提醒没送到，是我们没做好。", ("empathize", "apologize"))
