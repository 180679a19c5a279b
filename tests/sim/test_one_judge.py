"""The practice scorecard and `trainer audit` judge a line alike.

The trainer reads threats, insults and false claims in a trainee's line itself, where the rule pack
has no rule for the words; since round 9 that reading defers to the compliance model's second opinion
(trainer/compliance/second_opinion.py), as the rule findings do in `trainer audit`. Round 9's held-out
reviewers ruled unfair three competent malicious-debtor calls failed for 「银行后续是有权依法通过法律途径主张
这笔欠款的」 — the law stated correctly, which the audit never flagged.
"""

from __future__ import annotations

import pytest
from helpers_engine import play

from trainer.compliance import load_pack

OPENING = ["您好，请问是赵强先生吗？", "赵先生您好，我是安信银行信用卡中心司法调查组的，我姓王，本次通话会录音。"]
LAWFUL = ("赵先生，这些都是合同里写着的。要是一直不处理，银行后续是有权依法通过法律途径主张这笔欠款的，"
          "到那时候就不是咱俩电话里商量这么简单了。")


def _threat_deductions(result: dict) -> list[dict]:
    return [d for d in result["score"]["deductions"] if d["part"] == "compliance" and "威胁恐吓" in d["reason"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_law_stated_correctly_is_no_threat_on_the_scorecard(seed: int) -> None:
    result = play("first-contact-malicious", [*OPENING, "您这张卡已经逾期两个多月了，欠款35200元。", LAWFUL], seed)
    assert _threat_deductions(result) == [], result["score"]["deductions"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_threat_still_fails_the_call(seed: int) -> None:
    line = "你要是再拖着不还，哪天出门出点什么事可别怪我没提醒你。"
    result = play("first-contact-malicious", [*OPENING, "您这张卡已经逾期两个多月了，欠款35200元。", line], seed)
    assert _threat_deductions(result) and not result["passed"]


def test_the_auditor_names_what_the_model_rules_out_before_a_line_is_judged() -> None:
    auditor = load_pack().auditor({}, "x")
    for i, (speaker, text) in enumerate([("agent", OPENING[0]), ("debtor", "是我。"), ("agent", OPENING[1])]):
        auditor.add_turn(i, speaker, text)
    # (LAWFUL itself scores 0.006 for threat since round 10's retraining, just above the level: the
    # scorecard no longer reads it as a threat for its lawful route, trainer/data/understand.yaml)
    assert "threat" in auditor.ruled_out("赵先生，我想跟您确认一下这个月的还款安排，您看15号之前方便吗？")
    assert "threat" not in auditor.ruled_out("你再不还，我们就天天给你家里打电话，打到你还为止。")


def test_with_the_second_opinion_off_nothing_is_ruled_out(tmp_path) -> None:
    local = tmp_path / "off.yaml"
    local.write_text("pack: 关闭复核\nversion: 1\nsettings: {second_opinion: off}\n", "utf-8")
    auditor = load_pack([local]).auditor({}, "x")
    assert auditor.ruled_out(LAWFUL) == frozenset()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_veiled_words_without_the_lawful_route_are_still_a_threat(seed: int) -> None:
    line = "你再这么拖着不还，到那时候就不是咱俩电话里商量这么简单了，你自己掂量。"
    result = play("first-contact-malicious", [*OPENING, "您这张卡已经逾期两个多月了，欠款35200元。", line], seed)
    assert _threat_deductions(result), result["score"]["deductions"]
