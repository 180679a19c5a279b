"""Behaviours fixed after the round-6 held-out measure (`heldout_r7`, authors R and S; issue #11), now
development material.  The lines are written for these tests in a trainee's own words, not copied from
the sessions."""

from __future__ import annotations

from typing import Any

import pytest

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines
from trainer.sim.understand import understand

SEEDS = [1, 2, 3]
COMPLAINT_OPEN = ["喂，您好，是韩雪女士吗？",
                  "韩女士好，我是安信银行信用卡中心的，姓陈，工号C3307，通话有录音，今天联系您是为了您那张卡的事。"]
SORRY = "韩女士，之前的提醒没到您手上，让您受了委屈，实在对不住。"
LOGGED = "没接到提醒这件事，我现在就给您登记成投诉意见，后面会有专人回复您。"
ASKED = "今天打来主要是想请您尽快把卡上欠的款还上。"


def _play(scenario: str, lines: list[str], seed: int) -> dict[str, Any]:
    return play_lines(load_scenario(scenario), lines, seed=seed, mode="play")


def _replies(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in result["transcript"]["turns"] if t["speaker"] != "agent"]


def _after(result: dict[str, Any], line: str) -> dict[str, Any]:
    """The reply to the agent line ``line``."""
    turns = result["transcript"]["turns"]
    i = next(i for i, t in enumerate(turns) if t["speaker"] == "agent" and t["text"] == line)
    return turns[i + 1]


def test_an_apology_for_the_trouble_asks_for_no_payment() -> None:
    u = understand("张先生，这事给您添麻烦了，之前的还款短信没发到，是我们的疏忽。")
    assert "request_payment" not in u.acts and "apologize" in u.acts, u.acts


@pytest.mark.parametrize("seed", SEEDS)
def test_no_amount_is_questioned_before_any_amount_is_said(seed: int) -> None:
    result = _play("special-complaint-prone", [*COMPLAINT_OPEN, ASKED, SORRY, LOGGED], seed)
    for line in (ASKED, SORRY, LOGGED):
        reply = _after(result, line)
        assert reply["response"] != "DISPUTE_AMOUNT" and "金额" not in reply["text"], reply["text"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_grievance_apologised_for_and_logged_in_advance_is_not_raised_as_news(seed: int) -> None:
    lines = [*COMPLAINT_OPEN, ASKED, SORRY, LOGGED,
             "账上现在是逾期36天，一共欠11240元，最低要还1124元。",
             "您看能不能先把1124元最低还款还上？",
             "那您定个日子吧，周五之前行不行？",
             "我跟您核对一下，周五前还1124元，对吧？"]
    result = _play("special-complaint-prone", lines, seed)
    raised = [t["text"] for t in _replies(result) if t.get("response") == "CLAIM_NO_NOTICE"]
    assert not raised, raised
