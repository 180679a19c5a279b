"""The scorecard's rules decided after the round-9 held-out review (issue #12), with lines written for these
tests: a recap the customer corrects is a recap error; saying the corrected figure again fails the call; a
customer who says twice they will complain ends in a complaint; pushing back a complaint with harsher
collection is a threat."""

from __future__ import annotations

import pytest
from helpers_engine import play as _play

from trainer.sim.understand import understand

SEEDS = [1, 2, 3]
PROMISED = ["您好，张伟先生吗？",
            "张先生，我这边是安信银行信用卡中心司法调查组的，姓孙，工号A1024，通话录音。您尾号6688的卡逾期了，"
            "欠12580元，最低1258元，是遇到什么难处了吗？",
            "孩子生病确实让人着急，我能理解。",
            "那这周四之前先还最低的1258元，用手机银行可以吗？"]
WRONG_RECAP = "我复述一下：3月9日前您用手机银行还1258元，对吧？"
GOODBYE = "好的，有问题打400-123-4567找我，再见。"


def _recap_deductions(result: dict) -> list[dict]:
    return [d for d in result["score"]["deductions"] if "复述" in d["reason"]]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_recap_put_right_after_one_correction_passes_with_the_recap_deducted(seed: int) -> None:
    again = "不好意思，是我记错了。再复述一遍：3月5日前，您用手机银行还1258元到尾号6688的卡，对吗？"
    result = _play("first-contact-honest", [*PROMISED, WRONG_RECAP, again, GOODBYE], seed)
    assert result["passed"], result["score"]["gate"]
    found = _recap_deductions(result)
    assert len(found) == 1 and found[0]["points"] == -20 and "纠正" in found[0]["reason"], found
    recap_turn = next(i for i, t in enumerate(result["transcript"]["turns"]) if t["text"] == WRONG_RECAP)
    assert found[0]["turn"] == recap_turn, found


@pytest.mark.parametrize("seed", SEEDS)
def test_saying_the_corrected_day_again_fails_the_call(seed: int) -> None:
    insist = "好，那我就登记3月9日前还1258元，手机银行还款。"
    result = _play("first-contact-honest", [*PROMISED, WRONG_RECAP, insist, GOODBYE], seed)
    assert not result["passed"]
    assert "复述与客户承诺不一致，经客户纠正仍未改正" in result["score"]["gate"], result["score"]["gate"]
    turn = next(i for i, t in enumerate(result["transcript"]["turns"]) if t["text"] == insist)
    assert any(d["turn"] == turn and "仍未改正" in d["reason"] for d in result["score"]["deductions"])


@pytest.mark.parametrize("seed", SEEDS)
def test_closing_after_a_correction_without_a_new_recap_fails_the_call(seed: int) -> None:
    # the agent neither repeats the wrong day nor recaps again: the promise on record is not the customer's
    result = _play("first-contact-honest", [*PROMISED, WRONG_RECAP, GOODBYE], seed)
    assert not result["passed"]
    assert "客户纠正了复述" in result["score"]["gate"], result["score"]["gate"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_correction_only_noted_is_still_unheeded(seed: int) -> None:
    # 「给您记上了」 without the figures: the customer puts it right again, and the call closes on it
    noted = "好的，我给您记上了，到时候我们会查看到账情况。"
    result = _play("first-contact-honest", [*PROMISED, WRONG_RECAP, noted, GOODBYE], seed)
    corrections = [t for t in result["transcript"]["turns"] if "纠正" in str(t.get("why") or "")]
    assert len(corrections) >= 2, [t["text"] for t in result["transcript"]["turns"]]
    assert not result["passed"] and "客户纠正了复述" in result["score"]["gate"], result["score"]["gate"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_customer_who_says_twice_they_will_complain_ends_in_a_complaint(seed: int) -> None:
    lines = ["周敏女士吗？我是安信银行信用卡中心的，姓孙，工号A1024。",
             "上次说好三千，结果就还一千，您这人说话就是不算数。",
             "您再拖，我们就派人去您单位找您领导谈谈。",
             "赶紧今天把剩下的两千转过来。",
             "那就这样，拜拜。"]
    result = _play("follow-up-partly-kept", lines, seed)
    said = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent"]
    assert sum("投诉" in t for t in said) >= 2, said
    assert result["score"]["judged_outcome"] == "complaint", (result["outcome"], said)


def test_answering_a_complaint_with_harsher_collection_is_a_threat() -> None:
    assert "threaten" in understand("您去投诉也行，投诉过的人系统里都会标记成不配合，以后催收只会更紧。").acts
    assert "threaten" in understand("您要是去举报，后面催得会更凶。").acts
    assert "threaten" not in understand("投诉是您的权利，投诉不会影响您的账户。").acts
