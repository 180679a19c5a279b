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
