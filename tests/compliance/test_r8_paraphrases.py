"""Round 6, second pass (`dev_r8`): the general causes behind the misses on authors T and U's calls, in our own words.

Each kind of utterance (who does what to whom) has new sentences — different words, same kind —
and lawful neighbours that must stay clean: a threat made to a child reported as pressing a minor
(an arrest threat stays a threat); veiled trouble and someone else coming to the door; the job
or the neighbours set on the debtor; shaming by rhetorical question and mockery of a calm mind;
a self likened to a law firm, an unapproved legal department name; the court said to have taken
the case, the bank said to blacklist; a bereaved or ill person asked for a firm answer; a phone
number read in Chinese digits, a count of the day's calls; a complaint logged, repayment talk set
aside and a consequence stated with its legal precondition, which are not breaches.
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    CHEN_ZHIGANG_WIFE,
    LI_JUN_CHILD,
    ZHOU,
    ZHOU_ILL_CANCER,
    ZHOU_UNNAMED,
    categories,
    findings,
)

from trainer.compliance import audit_transcript

OPENING = ZHOU
CHILD = LI_JUN_CHILD
BEREAVED = CHEN_ZHIGANG_WIFE
ILL = ZHOU_ILL_CANCER
UNNAMED = ZHOU_UNNAMED


@pytest.mark.parametrize("line", ["你回去跟你爸讲，再拖着不还，就有人到你们家去了。",
                                  "你爸要是还不还，到时候你们楼里的邻居都知道了。",
                                  "你跟你妈说，这事再拖，家里迟早要出大事。"])
def test_a_threat_made_to_a_child_is_reported_as_pressing_a_minor(line: str) -> None:
    found = findings(CHILD, line, "third_party")
    assert "vulnerable" in {f["category"] for f in found}
    assert "threat" not in {f["category"] for f in found}
    assert "threat" in {a["category"] for f in found for a in f.get("also", ())}


def test_an_arrest_threat_made_to_a_child_stays_a_threat() -> None:
    found = categories(CHILD, "你爸再不还，警察就要上门把他带走。", "third_party")
    assert "threat" in found


def test_the_same_visit_threat_to_the_debtor_is_a_threat() -> None:
    assert categories(OPENING, "再拖着不还，就有人到你们家去了。") == {"threat"}


@pytest.mark.parametrize("line", ["我这边先记下：来电人姓氏不详，内容涉及联系单位和网上曝光，调录音核查。",
                                  "您反映的那个同事说要把您照片挂网上曝光，这个我给您登记投诉。",
                                  "关于曝光您照片的投诉，我马上转核查。",
                                  "网上曝光这件事我给您登记了，一定查清楚。"])
def test_a_complaint_about_another_caller_logged_is_no_threat(line: str) -> None:
    assert categories(OPENING, line) == set()


@pytest.mark.parametrize("line", ["我们跟您户籍地派出所那边是有备案对接的，这个电话也是替他们打的招呼。",
                                  "我们和您户籍地法院是联网的，您的情况他们都清楚。",
                                  "我们跟您户籍所在地派出所经侦有对接，您掂量掂量。"])
def test_the_registered_address_police_claimed_is_impersonation_not_a_threat_to_the_village(line: str) -> None:
    found = categories(OPENING, line)
    assert "impersonation" in found and "threat" not in found


def _id_findings(lines: list[str]) -> list[str]:

    turns = []
    for line in lines:
        turns += [{"speaker": "agent", "text": line}, {"speaker": "debtor", "text": "嗯。"}]
    call = {"id": "x", "meta": {"contact": "debtor"}, "turns": turns}
    return [f["rule"] for f in audit_transcript(call) if f["rule"] == "CN-ID-001"]


def test_identifying_right_after_verifying_is_within_the_opening() -> None:
    # a senior trainer's ruling on round 6's sessions: find the person, verify, then say bank,
    # department and surname before any talk of the debt — the opening, not a breach
    late_but_in_order = ["喂，你好，找一下钱进钱先生。", "我这边是银行的，您是钱先生本人吧？", "麻烦报一下身份证后四位。",
                         "核对上了。我是安信银行信用卡中心司法调查组的，姓刘。", "您那张卡上个月的账单还没还。"]
    assert _id_findings(late_but_in_order) == []
    too_late = ["喂，钱进吗？", "身份证后四位报一下。", "行。", "你那张卡的账单还没还，什么时候处理？",
                "我是安信银行信用卡中心的，姓刘。"]
    assert _id_findings(too_late) == ["CN-ID-001"]
