"""The offer ladder (issue #11, round 11; trainer/sim/debtor/ladder.py): a ceiling the customer stated
(「最多只能先还300」) holds against a bare push, gives way a step at a time to a plan or a lawful
consequence, differently per persona; a day the agent proposes is taken when it is later and the persona
lets it.  The first test replays round 10's held-out session whose malicious customer took the whole
minimum at the first mention of it (labelled off by the AJ reviewer)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers_engine import play as _play
from helpers_engine import replies as _replies

from trainer.sim.debtor import bank

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from natural_calls import load_sessions, play  # noqa: E402

SEEDS = [1, 2, 3]
HELDOUT_R10 = ROOT / "tests" / "data" / "natural" / "heldout_r10"


def _session(name: str) -> dict:
    return next(s for s in load_sessions(HELDOUT_R10) if s["file"] == name)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_malicious_customer_steps_up_to_the_minimum_instead_of_jumping_to_it(seed: int) -> None:
    result = play(_session("first-contact-malicious.AJ.competent.yaml"), seed)
    said = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] != "agent"]
    # R7 promised the ceiling, R8 answers 「那最低还款3520元，您看最近什么时候能安排上？」 with a step, not 3520
    assert "300元" in said[6], said[6]
    assert "3520" not in said[7] and "1900" in said[7], said[7]
    # pressed again with the interest and 「剩下的后面再商量」, they take 3520 on the agent's day: the recap is confirmed
    assert "3520" in said[8] and "3月6日" in said[8], said[8]
    assert result["passed"] and result["outcome"] == "ptp"


MALICIOUS = ["喂，赵磊先生是吧？", "赵先生，我是安信银行信用卡中心司法调查组的，姓刘，工号B2231，通话录音。",
             "您尾号0826的卡逾期62天，欠款35200元，最低还款3520元。", "一直没还是碰到什么难处了吗？",
             "理解您。不过逾期会上征信，利息每天按万分之五在算。您看多少能先还上？"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_bare_push_does_not_move_a_stated_ceiling(seed: int) -> None:
    for push in ("不行，得3520元，这周五前能还上吗？", "不行，3520元，这周五前。"):
        said = [r["text"] for r in _replies(_play("first-contact-malicious", [*MALICIOUS, push], seed))]
        held = {t.replace("{amount}", "300元") for t in bank().listen["ceiling_malicious"]}
        assert any(said[-1].endswith(t) for t in held), said[-2:]     # (an irritated 「烦不烦，」 may lead)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_honest_customer_takes_a_later_day_the_agent_proposes(seed: int) -> None:
    lines = ["您好，请问是张伟先生吗？", "张先生您好，我是安信银行信用卡中心司法调查组的，我姓王，工号A1024，通话有录音。",
             "您尾号6688的信用卡逾期45天，欠款12580元，最低还款额1258元。方便说说是什么情况吗？",
             "明白，孩子住院开销大，确实不容易。您先还最低还款额1258元，3月10日之前，您看可以吗？",
             "好，我复述一下：3月10日之前还1258元到尾号6688的卡上，对吗？"]
    said = [r["text"] for r in _replies(_play("first-contact-honest", lines, seed))]
    assert "3月10日" in said[-2] and "1258" in said[-2], said[-2]
    assert not any(w in said[-1] for w in ("不对", "记错", "不一样")), said[-1]
