"""The offer ladder: how a stated ceiling (「最多只能先还300」) gives way, per persona.

A ceiling the debtor has named holds against a bare push (「那最低3520您什么时候还？」 with nothing
else): they say it again in other words.  It gives way only to a *lever* — a plan (instalment, the
minimum, 「先还一部分、剩下的再商量」), a lawful consequence stated accurately, a reason (what paying
more saves them), or, for a debtor who yields once heard, their difficulty listened to — and then a
step at a time: ``steps`` counter-offers between the ceiling and the sum asked before that sum is
taken.  Which levers move a persona and how many steps it takes are data (``ladder:`` in
``trainer/data/personas.yaml``): the honest debtor yields once heard, the slippery one bargains,
the malicious one tests and needs lawful consequences (its ``firmness``) and a plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from trainer.sim.understand import Understanding

LEVERS = ("plan", "consequence", "reason", "heard")
PLAN = re.compile("分(两|三|几)?(次|期|笔|批)|先还.{0,12}(剩下|剩余|其余|余下)|(剩下|剩余)的.{0,10}(再|后面|以后|之后)(商量|安排|还)|"
                  "最低(还款|的|那|得|要|也得|是|\\d)|"
                  # more time given for the sum (「10号要是真紧，我最多帮您登记到3月12号」): a plan's other half
                  "(宽限|延到|延后到|放宽到|(帮|给)(您|你)(登记|延|放)到)")
REASON = re.compile("(这样|那样|还上)(的话)?.{0,12}(利息|征信|记录|影响|违约金)|利息.{0,6}(少|停|不再)|以免|避免|"
                    "对(您|你)(有利|更好|好)|免得|不至于")


def settings(persona: Mapping[str, Any], difficulty: int) -> dict[str, Any]:
    """The persona's ladder: ``steps`` (counter-offers before the sum asked is taken), ``yields_to``
    (which levers move the ceiling) and ``later_ok_days`` (how far past their own window a day the agent
    proposes is still taken). Without a ``ladder:`` entry: a step for a hard customer (difficulty 4–5),
    every lever, no later day."""
    own = persona.get("ladder") or {}
    return {
        "steps": int(own.get("steps", 1 if difficulty >= 4 else 0)),
        "yields_to": frozenset(own.get("yields_to", LEVERS)),
        "later_ok_days": int(own.get("later_ok_days", 0)),
    }


def levers(u: Understanding | None, *, heard: bool) -> frozenset[str]:
    """What in the agent's line (and the call) could move a stated ceiling."""
    if u is None:
        return frozenset()
    found = set()
    if u.has("offer_plan", "offer_minimum") or PLAN.search(u.folded):
        found.add("plan")
    if u.has("lawful_consequence"):
        found.add("consequence")
    if u.has("explain_amount") or REASON.search(u.folded):
        found.add("reason")
    if heard:
        found.add("heard")
    return frozenset(found)


def step_between(ceiling: float, asked: float) -> float:
    """A counter-offer between the ceiling and the sum asked: about halfway, in hundreds, above the ceiling."""
    mid = round((ceiling + asked) / 2, -2)
    return float(min(asked, max(ceiling + 100, mid)))
