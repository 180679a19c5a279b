"""A major (较重) compliance breach fails a practice call (round 10, docs/engine.md §4 *Major breaches*).

Round 11's AU 'honest flawed' call passed at 76 although it told the debt before asking who was on the line
(CN-TP-003) and put the interest rate at 千分之五 a day, ten times the real 万分之五 (CN-FC-009). Now the
scorecard's gate names every major breach with its line, as a critical one fails the call. A trainee who asked
for the person by name, was asked back 「你哪位啊？」 and said what it is about before the 「是我」 still passes
with the deductions: the person confirmed in the next reply, nobody else heard (the reviewers' 「边界情况」).
Lines are in the style of the natural sessions, not copied from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers_engine import play

ROOT = Path(__file__).resolve().parents[2]

ASKED_FIRST = [
    "喂，您好，请问您是张伟先生吗？",
    "张先生您好，这里是安信银行信用卡中心司法调查组，我姓王，这通电话有录音。您尾号6688的信用卡逾期45天了，"
    "欠款12580元，最低还款1258元，您看哪天能还？",
]
DEBT_FIRST = ["喂，您好，这里是安信银行信用卡中心司法调查组，我姓王。您尾号6688的信用卡逾期45天了，欠款12580元，"
              "请问您是张伟先生吧？",
              "张先生，这通电话有录音。今天打过来是想请您尽快处理，最低还款1258元，您看哪天能还？"]
WRONG_RATE = "明白，家里开销大确实不容易。不过要跟您说清楚，逾期利息是按每天千分之五算的，一个月就是百分之十五，拖久了不划算。"
RIGHT_RATE = "明白，家里开销大确实不容易。不过要跟您说清楚，逾期利息是按每天万分之五算的，一年下来是18.25%，拖久了不划算。"


def rest(rate_line: str) -> list[str]:
    return ["我理解，方便说说是什么原因没按时还吗？", rate_line,
            "全部还有难度的话，先还最低还款1258元，免得影响征信，您几号发工资？",
            "那就定在3月5日发工资当天，先还最低1258元，这样不影响征信，还到尾号6688的卡上，用手机银行就行。",
            "我复述一下：3月5日用手机银行还1258元到尾号6688的信用卡，对吧？",
            "好的，有问题打400-123-4567找我，工号A1024。谢谢您，再见。"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_tenfold_interest_rate_fails_the_call_on_its_own(seed: int) -> None:
    result = play("first-contact-honest", ASKED_FIRST + rest(WRONG_RATE), seed)
    assert not result["passed"]
    assert result["score"]["gate"] == "未通过：较重违规（第 8 句虚假陈述），一票否决"
    assert any("CN-FC-009" in d["reason"] and d["turn"] == 7 for d in result["score"]["deductions"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rate_said_right_passes_the_same_call(seed: int) -> None:
    result = play("first-contact-honest", ASKED_FIRST + rest(RIGHT_RATE), seed)
    assert result["passed"], result["score"]["gate"]
    assert not [d for d in result["score"]["deductions"] if d["reason"].startswith("较重违规")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_debt_told_before_asking_who_is_on_the_line_and_a_wrong_rate_are_both_named(seed: int) -> None:
    result = play("first-contact-honest", DEBT_FIRST + rest(WRONG_RATE), seed)
    assert not result["passed"]
    assert result["score"]["gate"] == "未通过：较重违规（第 2 句向第三方透露欠款、第 8 句虚假陈述），一票否决"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_debt_told_before_asking_fails_even_with_the_rate_right(seed: int) -> None:
    result = play("first-contact-honest", DEBT_FIRST + rest(RIGHT_RATE), seed)
    assert not result["passed"]
    assert result["score"]["gate"].startswith("未通过：较重违规（第 2 句向第三方透露欠款")


@pytest.mark.parametrize("name", ["dev_r8/first-contact-slippery.V.competent.yaml",
                                  "dev_r9b/first-contact-fraud.AG.competent.yaml"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_asked_by_name_then_told_before_the_yes_still_passes_with_the_deductions(name: str, seed: int) -> None:
    """「请问是李强李先生吗？」—「你哪位啊？」—(bank, surname, the debt)—「嗯，是我。」: the order was wrong and
    stays deducted, but the debt reached the debtor and nobody else."""
    session = yaml.safe_load((ROOT / "tests" / "data" / "natural" / name).read_text("utf-8"))
    result = play(session["scenario"], [str(x) for x in session["lines"]], seed)
    assert result["passed"], result["score"]["gate"]
    reasons = [d["reason"] for d in result["score"]["deductions"]]
    assert any("CN-TP-003" in r for r in reasons) and any(r.startswith("顺序不对：核实本人身份之前") for r in reasons)
