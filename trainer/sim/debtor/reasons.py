"""Reading the call for the debtor: goodbyes, settled outcomes, direct questions, and the ``why``.

Everything here reads the call's shared :class:`~trainer.sim.memory.CallMemory` (what the agent did
and the other side said over the whole call) and the line just said; nothing keeps a second copy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trainer.base.vocab import ACTS
from trainer.sim.debtor.questions import moved_on
from trainer.sim.judging import vulnerable_facts
from trainer.sim.understand import Understanding
from trainer.zh.text import fold

if TYPE_CHECKING:  # pragma: no cover
    from trainer.sim.debtor import Debtor

# 「就这样，挂了。」 ends the call too (「先别挂了」 does not)
GOODBYE = re.compile("再见|拜拜|先这样|不打扰(您|你)?了|(?<![别不])挂了[。!！]*$")
QUESTION = re.compile(r"[?？]|[吗么呢吧](?=[,，。.!！]|$)")
SO_BE_IT = re.compile("(先|就)这样吧")
PAYMENT_TALK = frozenset({"request_payment", "offer_plan", "offer_minimum", "ask_date", "confirm_promise",
                          "recap", "verify", "ask_for_debtor", "schedule_callback", "leave_message"})
CLAUSES = re.compile(r"[^。！!；;.?？]*[?？]")
# What the other side said (response codes) → the outcome that is then settled.
SETTLES = {"PTP_OFFER": "ptp", "ACCEPT_PLAN": "ptp", "PAY_NOW": "ptp", "CONFIRM_RECAP": "ptp",
           "AGREE_CALLBACK": "callback", "AGREE_MESSAGE": "message_left", "WRONG_NUMBER": "wrong_party"}


def goodbye(u: Understanding) -> bool:
    """Whether the agent's line says goodbye (再见 always; 先这样/不打扰了 unless it still asks something)."""
    hit = GOODBYE.search(u.folded)
    # the 吧 of 「先这样吧」 asks nothing
    return bool(hit) and (hit.group(0) in ("再见", "拜拜") or not QUESTION.search(SO_BE_IT.sub("", u.text)))


def settled(d: Debtor) -> str | None:
    """The outcome the call has reached so far (the latest), or None."""
    m = d.memory
    if d.agenda.objection in ("NOT_MY_CHARGES",) and m.did("record_dispute"):
        return "dispute"
    cared = m.did("condolence") or m.did("empathize")
    if d.scenario.answered_by == "deceased_family" and cared:
        return "special_handling"
    # the patient need not have said it first: the agent who asks after the stay in hospital knows it
    ill = "ill" in vulnerable_facts(m, d.scenario.persona)
    if ill and cared and (m.did("transfer_supervisor") or m.did("record_dispute") or m.did("schedule_callback")):
        return "special_handling"
    for _turn, code, _text in reversed(d.memory.replies):
        if code in SETTLES:
            return SETTLES[code]
    return None


def is_question(u: Understanding | None) -> bool:
    return u is not None and bool(QUESTION.search(u.text))


def answer(d: Debtor, u: Understanding | None) -> tuple[str, str] | None:
    """A direct answer to a direct question that nothing else answers (how to address them, whether
    the card is at hand, a yes/no), in the persona's words; sets ``d.answer_pool``."""
    if not is_question(u) or u is None:
        return None
    from trainer.sim.debtor.wording import bank

    role = "third_party" if d.speaker == "third_party" else d.scenario.persona
    money = any(a.pay_context or a.named or "元" in a.text or "块" in a.text for a in u.amounts)
    dated = any(dm.text not in ("现在", "今天", "马上") for dm in u.dates)
    payment_talk = bool(set(u.acts) & PAYMENT_TALK or money or dated)
    # the sentence that asks, not the ones before (split on the line's own punctuation, then folded)
    clauses = CLAUSES.findall(u.text)
    asked = fold("".join(clauses)) or u.folded
    # each question clause on its own too: a tag such as 「是吧？」 must end one (folding drops the ？ between them)
    singles = [fold(c) for c in clauses] if len(clauses) > 1 else []
    for pattern, lines, always, tells in bank().answers:
        hit = pattern.search(asked) or next((m for m in map(pattern.search, singles) if m), None)
        if hit and (always or not payment_talk):
            # the family of the deceased speak for themselves (「他一般晚上在家」 would be about the dead man)
            pool = lines.get(str(d.scenario.answered_by)) or lines.get(role) or lines.get("default")
            if not pool:
                continue
            a = d.agenda
            if a.objection_said and any("{reason}" in t for t in pool):
                pool = moved_on(d, str(a.objection))    # the hardship was told: not the same sentence again
            d.answer_pool = pool
            if tells and tells == a.objection and not a.objection_said and role in lines:
                a.tell_objection(set(u.acts))      # the answer is their real objection, told now
                return tells, f"坐席问到「{hit.group(0)}」，正好说出自己的难处"
            return "CONFIRM", f"坐席直接问了「{hit.group(0)}」，先回答"
    return None


def shaken(d: Debtor, u: Understanding | None) -> tuple[str, str] | None:
    """A threat (上门、让邻居看见) or a made-up consequence (留案底) that did not make the customer
    escalate is still answered: the customer reacts to it before anything else (kind, why)."""
    if u is None:
        return None
    if "threaten" in u.acts:
        return "threat", "听出了威胁，先对这句话本身有反应"
    if "false_claim" in u.acts:
        return "claim", "听到吓人的后果，先质疑或着急"
    return None


def offended(d: Debtor, u: Understanding | None) -> tuple[str, str] | None:
    """Contempt or sarcasm in the line just said is answered first (when it did not escalate); so is
    being reproached with one's own broken promise (the customer defends themselves)."""
    if u is None:
        return None
    disputing = bool(d.memory.times_raised("NOT_MY_CHARGES"))     # 「肯定是您刷的」 stings a fraud claimant
    words = [w for kind, w in u.tone
             if kind in ("contempt", "sarcasm", "reproach") or kind == "accuse" and disputing]
    if not words:
        return None
    return "CONFIRM", f"被「{words[0]}」刺到了，先回敬一句"


def misquoted(d: Debtor, u: Understanding | None) -> tuple[str, str] | None:
    """A figure of their own account said wrong in the line just said (the minimum due, or what is left
    of the last promise): the customer, who knows it, puts it right before anything else; sets the
    answer pool (None when the line states no wrong figure, or the other side is a third party)."""
    from trainer.sim.debtor.wording import bank
    from trainer.sim.judging import figure_fits, figures_in, wrong_remainders

    if u is None or d.speaker != "debtor":
        return None
    account = d.scenario.account
    pools = bank().listen
    wrong: tuple[str, float, float] | None = None
    real_min = account.get("min_due")
    for kind, value in figures_in(u.text):
        if kind == "min" and real_min is not None and value > 0 and not figure_fits(value, float(real_min)):
            wrong = ("misquoted_min", value, float(real_min))
            break
    if wrong is None:
        # 「还差2200」 of the last promise; not 「剩下的1000元3月31号还」, the rest of a new split plan
        last = (account.get("previous_promises") or [{}])[-1]
        known = [float(last[k]) for k in ("amount", "paid") if isinstance(last, dict) and last.get(k)]
        if d.deal.agreed is not None:
            known.append(d.deal.agreed.amount)
        left = wrong_remainders(u.text, account, known)
        if left:
            wrong = ("misquoted_left", *left[0])
    if wrong is None or not pools.get(wrong[0]):
        return None
    pool, said, real = wrong
    last = (account.get("previous_promises") or [{}])[-1]
    slots = {"said": f"{said:g}", "real": f"{real:g}", "promised": f"{float(last.get('amount') or 0):g}",
             "paid": f"{float(last.get('paid') or 0):g}"}
    d.answer_pool = tuple(t.format(**slots) for t in pools[pool])
    return "CONFIRM", f"坐席说的数（{said:g}）跟自己账上的（{real:g}）对不上，先指出来"


def wary(u: Understanding | None) -> bool:
    """Asked to send records or money to the agent's own WeChat or phone: the customer balks first."""
    return u is not None and "private_channel" in u.acts


def wants(d: Debtor) -> str:
    """What the debtor still wants from the call, in Chinese."""
    a = d.agenda
    pending = d.memory.unanswered()
    if pending:
        return "还在等坐席回应：" + "、".join(dict.fromkeys(p.code for p in pending[-2:]))
    if not a.caller_identified and d.speaker == "debtor":
        return "想知道对方是谁"
    if a.objection and not a.heard and a.objection_said:
        return "希望难处被倾听"
    if d.deal.agreed is not None and not d.deal.recap_confirmed:
        return "等坐席确认还款安排"
    if d.deal.agreed is not None:
        return "结束通话"
    return "看坐席怎么说"


def explain(d: Debtor, reason: str) -> str:
    """The reply's ``why``: what was heard, the reason for the answer, and what is still wanted."""
    u = d.last_u
    if u is None:
        return reason
    heard = "、".join(ACTS.get(a, a) for a in u.acts[:4]) or "没有听出具体动作"
    tone = "、".join(f"「{w}」" for _k, w in u.tone if _k != "courtesy")
    parts = [f"听到：{heard}" + (f"，语气{tone}" if tone else ""), reason, wants(d)]
    return "；".join(p for p in parts if p)
