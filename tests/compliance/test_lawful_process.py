"""Lawful process explained is no false claim and no threat (round 12, issue 13).

A good collector tells the customer how things really go: the court serves its own papers, a crime
has legal conditions, a judgment not performed is enforced by the court, a visit follows the
bank's procedure with its safeguards.  Every reviewer of the whole calls and sentence sets left such
lines clean (BE-03, BO-08, SE-fal-22, SO-fal-29, SQ-thr-30 …); the rules read them by who acts, how
sure the line is and at whom it aims (``trainer/compliance/lawful.py``, ``context: lawful_process``).
The same words made certain, dated or aimed at the family stay breaches.  Our own sentences.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU, categories

LAWFUL = [
    # the court serves its own papers (the issue's own example)
    "真走到诉讼那一步，传票也是法院送达，不会打电话通知您。",
    "如果法院真受理了，传票是法院按程序送达的，不会是有人打电话说您已经开庭了。",
    "就算以后起诉，起诉状和传票也得法院按程序寄给您，我们银行发不了。",
    # the legal standard of a crime, set out with its conditions
    "恶意透支在法律上有明确标准，还得有非法占有的目的，您这种愿意还只是手头紧的，跟那个不沾边。",
    "网上说欠信用卡会坐牢，那是指恶意透支达到一定数额的情况，跟一时还不上不一样。",
    "光看欠多少钱，不能说就是诈骗。",
    # the court enforcing a judgment that was not performed
    "要是判决下来您还不履行，法院可以限制高消费，所以咱们趁现在先把方案定了。",
    "真打官司判了您还不履行，才会被法院限制高消费，现在谈这个还早。",
    # a visit by procedure, with its safeguards, or at the customer's own appointment
    "如果一直联系不上，按流程会安排外访同事上门核实情况，去之前会提前跟您约时间，并出示工作证。",
    "您约了周日让外访同事当面跟您核对账目，地点按您定的来。",
    # the family's liability: the court or the estate decides, or the duty is denied (round 13; the
    # model's reading of the whole turn too)
    "至于算不算夫妻共同债务，要看钱用在哪，最后由法院认定，不是自动就要配偶还。",
    "家属没有义务拿自己的钱替他还，继承了遗产的话也只在遗产范围内承担。",
    # neighbours that already passed: the credit record and interest as they are
    "征信是按规定如实上报的，还清以后状态会更新。",
    "逾期利息按合同约定的日万分之五计算，不会翻倍。",
]


@pytest.mark.parametrize("line", LAWFUL)
def test_lawful_process_explained_is_no_false_claim_or_threat(line: str) -> None:
    assert not categories(ZHOU, line) & {"false_claim", "threat"}, line


BREACHES = [
    # the same words, made certain or dated
    ("false_claim", "法院已经给你立上案了，传票这两天就寄到你家。"),
    ("false_claim", "你这已经满足恶意透支的条件了，马上就转刑事。"),
    ("false_claim", "判决已经下来了，你不还法院明天就强制执行。"),
    # the family told it must pay, by rule or by custom
    ("false_claim", "按规定您爱人作为配偶，是必须替您还这笔钱的。"),
    ("false_claim", "父债子还，这笔钱你们做子女的都得还上，法律上就是这样。"),
    # 「要看」 about when to pay decides nothing, and a duty asserted beside a hedge is still a claim
    ("false_claim", "你老公欠的钱，你们家里人要看着办，必须替他还，这是法律规定的。"),
    # the visit aimed at the family or the employer, or on a date
    ("threat", "下周就安排外访同事上门，当着你家里人的面谈。"),
    ("threat", "要是还不上，外访的同事按流程去你单位找你领导核实情况。"),
]


@pytest.mark.parametrize(("category", "line"), BREACHES)
def test_the_same_words_made_certain_or_aimed_at_others_are_still_breaches(category: str, line: str) -> None:
    assert category in categories(ZHOU, line), line
