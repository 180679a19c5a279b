"""Serious breaches over a whole practice call: how a major (较重) compliance breach weighs on the verdict.

The scorecard's decision of round 10 (docs/engine.md §4, *Major breaches*): a critical breach (严重) fails the
call on its own, as before, and so does a **major** one (较重) — the debt talked about before the person is
found, a tenfold interest rate, a wrong balance, contempt: 「未通过：较重违规（第 N 句…），一票否决」.  The gate names
every major breach with its line; the compliance part still deducts their points.

One case is not held against the verdict (it keeps its deductions): the trainee *asked for the person by name
first*, the one who answered asked back (「你哪位啊？」「又是诈骗电话吧？」), the trainee said who they are and
what it is about, and the person confirmed in the very next reply that they are the debtor.  The order was
wrong (「顺序不对」, and the rule's 较重 finding stays on the card), but nobody else heard anything; every
reviewer who met it on a competent call (rounds 6–11) ruled the pass fair, a 「边界情况」.  Talking about the
debt before asking who is on the line at all, or to someone who never confirms, is not excused.

Counted once per line and kind (``(turn, category)``): the rule pack's major findings and the scorecard's own
较重 deductions (a wrong figure, contempt, prying to a third party…), which it makes only where no rule of that
kind fired on the line.  A finding the scorecard does not hold against the trainee at all (a deferral to a
patient read as pressure, :func:`trainer.sim.judging.deferring_turns`) is left out before it gets here.

The scorecard's own reading of breaches lives here too (:func:`understood`, :func:`unidentified`): threats,
insults, false claims, impersonation, disclosure, prying and contempt that understanding recognises where no rule
of that kind fired, and the identification gate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from trainer.base.vocab import CATEGORY_LABELS
from trainer.sim.judging import rude_tone
from trainer.sim.memory import CallMemory

MAJOR_LABEL = "较重违规"
CRITICAL_LABEL = "严重违规"


def severity_of(reason: str) -> str | None:
    """The severity the scorecard's own deduction carries, from its label (「较重违规·…」「严重违规·…」)."""
    if reason.startswith(MAJOR_LABEL):
        return "major"
    if reason.startswith(CRITICAL_LABEL):
        return "critical"
    return None


def told_the_debtor_after_all(turns: Sequence[Mapping[str, Any]], turn: int) -> bool:
    """Debt talk at ``turn`` before the right person confirmed, which reached them after all: the trainee had
    asked for the person by name on an earlier line, and the next reply confirms that it is them."""
    asked = any(t.get("speaker") == "agent" and "ask_for_debtor" in (t.get("acts") or ()) for t in turns[:turn])
    reply = next((t for t in turns[turn + 1:] if t.get("speaker") != "agent"), None)
    return asked and reply is not None and reply.get("response") == "CONFIRM_IDENTITY"


def major_breaches(findings: Sequence[Mapping[str, Any]], deductions: Sequence[Mapping[str, Any]],
                   turns: Sequence[Mapping[str, Any]]) -> list[tuple[int | None, str, str]]:
    """The call's major breaches that count against the verdict, as ``(turn, category, what)`` in call order: the
    rules' major findings (less a disclosure that reached the debtor after all) and the scorecard's own major
    deductions, which name themselves (「较重违规·对客户冷嘲热讽、轻蔑…」 is 「对客户冷嘲热讽」, not 「辱骂」)."""
    seen: dict[tuple[int | None, str], str] = {}
    for f in findings:
        turn, category = f.get("turn"), str(f.get("category", ""))
        if f.get("severity") != "major":
            continue
        if category == "third_party_disclosure" and isinstance(turn, int) and told_the_debtor_after_all(turns, turn):
            continue
        seen.setdefault((turn, category), CATEGORY_LABELS.get(category, category))
    for d in deductions:
        if d.get("severity") == "major" and d.get("category"):
            what = re.split("[、：「（]", str(d["reason"]).removeprefix(MAJOR_LABEL).lstrip("·"), maxsplit=1)[0]
            seen.setdefault((d.get("turn"), str(d["category"])), what or CATEGORY_LABELS.get(d["category"], ""))
    return sorted(((t, c, w) for (t, c), w in seen.items()), key=lambda k: (k[0] is None, k[0] or 0))


def major_gate(breaches: Sequence[tuple[int | None, str, str]]) -> list[str]:
    """The gate failure for major breaches (empty when there is none)."""
    if not breaches:
        return []
    where = "、".join((f"第 {turn + 1} 句" if isinstance(turn, int) else "") + what for turn, _c, what in breaches)
    return [f"较重违规（{where}）"]


# -- the scorecard's own reading of breaches the rules may miss (moved from scoring.py in round 10) ----------


class Card(Protocol):
    """What :func:`understood` needs of the scorecard (``scoring._Card``)."""

    turns: Sequence[Mapping[str, Any]]

    def deduct(self, part: str, points: float, turn: int | None, reason: str,
               category: str | None = None) -> None: ...


# acts understood in a line that the rule pack may miss: (category, points, reason, fails the call)
UNDERSTOOD = {"threaten": ("threat", 40, "严重违规·威胁恐吓（含暗示性的后果）", True),
              "insult": ("abuse", 40, "严重违规·辱骂客户", True),
              "false_claim": ("false_claim", 15, "较重违规·不实陈述（夸大或虚构后果、义务）", False),
              "impersonate": ("impersonation", 40, "严重违规·冒用或借用司法、公安等机关名义", True),
              "disclose_to_third_party": ("third_party_disclosure", 40, "严重违规·向第三人透露欠款或让其代还", True),
              "pry_third_party": ("privacy", 15, "较重违规·向第三人打听本人的工作、收入或发工资日", False),
              "private_channel": ("privacy", 15, "较重违规·让客户把病历、证件或钱发到坐席个人的微信、手机或账户", False)}


NOT_ASKING_THEM = ("不用您", "不用你", "不需要您", "不需要你", "不用替", "不需要替", "不是让您", "不是让你", "不会让您", "不必")
# within one clause: 「我们客服挂失，或者去派出所报过案？」 asks what the customer did
SELF_AUTHORITY = re.compile(r"(我|我们|我这边|这边|受[^，。,！？!?；;]{0,8}委托|配合|代表|联合|对接|协助)[^，。,！？!?；;]{0,10}"
                            r"(法院|公安|律师|律所|警察|派出所|检察院|法务|司法机关|经侦)|"
                            r"(我|我是|本人)[^，。,！？!?；;]{0,16}的[\u4e00-\u9fff]?律师")   # 「我是……调查组的王律师」


CRIMINAL = re.compile("刑事|坐牢|判刑|拘留|犯罪|诈骗罪|进监狱|蹲监狱|抓(你|您|人|起来|进去)|公安.{0,4}立案")


def unidentified(findings: Sequence[Mapping[str, Any]]) -> list[str]:
    """Not saying who is calling — the bank and the agent's surname — to the debtor, or refusing
    to when asked, is one of the course's hard lines (DOMAIN.md: identify yourself), so it fails
    the call however well the rest went."""
    for f in findings:
        if f.get("category") == "identification":
            where = f"（第 {f['turn'] + 1} 句）" if isinstance(f.get("turn"), int) else ""
            return [f"未向客户表明身份{where}"]
    return []


def understood(card: Card, findings: Sequence[Mapping[str, Any]], memory: CallMemory,
               ruled_out: Mapping[int, frozenset[str]]) -> list[str]:
    """Threats, insults, false claims and contempt recognised by understanding where no rule of
    the same category fired on that line: deductions with the turn named; a threat or an insult
    fails the call (「一票否决」), as a rule finding would. Not where the compliance model's second
    opinion all but rules the category out on that line (「银行有权依法通过法律途径主张」 is no
    threat): the rule pack's findings get the same second opinion in ``trainer audit``."""
    found = {(f.get("turn"), f.get("category")) for f in findings}
    gates: list[str] = []
    for act, (category, points, label, gate) in UNDERSTOOD.items():
        for turn in memory.acts.get(act, ()):
            if (turn, category) in found or category in ruled_out.get(turn, ()):
                continue
            text = card.turns[turn].get("text", "") if 0 <= turn < len(card.turns) else ""
            if act == "impersonate" and not SELF_AUTHORITY.search(text):
                continue   # 「可以到派出所报案」 advises; only speaking as or for an authority is impersonating
            if act == "disclose_to_third_party" and any(w in text for w in NOT_ASKING_THEM):
                continue   # 「不用您还钱，我们只找他本人」 reassures the relative; it tells them nothing
            if act == "false_claim" and CRIMINAL.search(text):
                # 「已经算恶意透支了，要追究刑事责任」: a false claim of crime weighs as the pack's critical one
                points, label, gate = 40, "严重违规·不实陈述（虚构刑事后果或已构成犯罪）", True
            card.deduct("compliance", points, turn, f"{label}：「{text[:40]}」", category=category)
            if gate:
                gates.append(f"{CATEGORY_LABELS.get(category, category)}（第 {turn + 1} 句）")
            break
    rude = [(t, w) for t, _k, w in rude_tone(memory) if (t, "abuse") not in found]
    if rude:
        turn, words = rude[0]
        card.deduct("compliance", 15, turn, f"较重违规·对客户冷嘲热讽、轻蔑「{words}」", category="abuse")
    return gates
