"""Direct questions answered first (round 10, author AO).

A line that asks something the persona can answer — the ID number's last digits, which charges,
how they pay, 「这样可以吗？」 after a recap, 「您是周敏女士吧？」 once more — is answered, even when the
debtor's agenda had a listening line ready (「行，你说你的」) or was about to say its hardship again
(「这不是在想办法嘛」 to 「您用什么方式还款？」).  :func:`direct_answer` gives the pool of the answer or
nothing; the caller words it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from trainer.sim.debtor.questions import asks, moved_on, topic_answer
from trainer.sim.understand import Understanding

if TYPE_CHECKING:  # pragma: no cover
    from trainer.sim.debtor import Debtor

ID_TAIL = re.compile("(身份证|证件)[^，。？?]{0,6}(后|末)(四|4|六|6)位|身份证号")
# 「请问您是周敏女士吧？」 asked again after they said who they are
WHO_AGAIN = re.compile("(您|你)(就)?是[\u4e00-\u9fff]{1,4}(女士|先生|本人)(吧|吗|么|对吧|是吧|[?？])")
# topics whose answer says something of its own (not 「您的意思是？」, not the reason once more)
SPECIFIC = frozenset({"callback", "channel", "email", "contact", "reported", "charges", "proposal"})
# what a restated hardship gives way to: a question of fact, asked without pressing for money
FACTUAL = frozenset({"callback", "channel", "email", "contact", "reported", "charges"})
PRESSING = ("request_payment", "offer_minimum", "offer_plan", "threaten", "ask_date", "confirm_promise")
# the hardship and the dispute, said again instead of answering
RESTATED = frozenset({"NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT", "REPORTS_HOSPITALIZED", "NOT_MY_CHARGES",
                      "STALL_WAIT_FUNDS"})
WHO_LINES = ("对，是我。", "是我，刚才说过了。", "嗯，是我本人。")


def direct_answer(d: Debtor, u: Understanding | None, code: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(topic, response code, lines) when the debtor's next move (``code``) would not answer the direct question in ``u``:
    a listening ``CONFIRM``, or a hardship or dispute already said once."""
    if u is None or d.speaker != "debtor":
        return None
    if code == "ASK_PURPOSE" and WHO_AGAIN.search(u.text) and d.agenda.identity_confirmed:
        from trainer.sim.debtor.wording import bank

        return "identity", code, tuple(bank().identity["name"])    # 「是我，什么事？」: the yes, then the why
    callback = code in RESTATED and u.has("schedule_callback") and not u.promise_amount and asks(u)
    # a listening line: none ready, or the plain 「行，你说你的」 of a situation handled (a line of its own — the
    # grievance logged, a private channel declined — stays)
    listening = code == "CONFIRM" and (not d.answer_pool or d.answer_pool == tuple(moved_on(d, "HANDLED")))
    # 「我们约3月23日下午再联系，那时候方便吗？」 to someone whose situation was told: the time proposed is agreed,
    # not answered with 「我现在脑子乱」 or 「等我出院再说」 (that is what the agent proposed)
    if listening and u.has("schedule_callback") and u.promise_date is not None and not u.promise_amount and \
            asks(u) and not u.has(*PRESSING) and d.agenda.objection_said:
        from trainer.sim.debtor.wording import bank

        return "callback", "CONFIRM", tuple(bank().listen.get("callback_offered", ()))
    if not (listening or callback or code in RESTATED and d.memory.times_raised(code)):
        return None
    if ID_TAIL.search(u.folded) and d.agenda.identity_confirmed:
        from trainer.sim.debtor.wording import bank

        return "id_tail", "CONFIRM", tuple(bank().identity["tail"])
    if WHO_AGAIN.search(u.text) and d.agenda.identity_confirmed:
        from trainer.sim.debtor.wording import bank

        lines = tuple(bank().identity.get("again", WHO_LINES))
        if not d.memory.times_raised("CONFIRM_IDENTITY"):
            # asked for the first time (the agent's own line made them the debtor): no 「刚才说过了」
            lines = tuple(t for t in lines if "刚才" not in t) or lines
        return "identity", "CONFIRM", lines
    if not asks(u):
        return None
    if callback:
        # 「出院以后我再给您打电话，可以吗？」: the agent knows the situation and arranges for it — agreed,
        # not the hospital told as news; the hardship counts as told and heard from here on
        d.agenda.objection_said = d.agenda.heard = True
        return "callback", "AGREE_CALLBACK", ()
    topic, pool = topic_answer(d, u)
    if code != "CONFIRM" and (topic not in FACTUAL or u.has(*PRESSING) or u.promise_amount):
        return None     # a hardship said again to a line that presses for money is the answer; so is it to a plan
    if topic in SPECIFIC and pool:
        return topic, "CONFIRM", pool
    return None


# what a customer who has just threatened a complaint or asked for a supervisor takes as being dealt with
SOOTHED = ("apologize", "empathize", "transfer_supervisor")
UPSET = frozenset({"THREAT_COMPLAINT", "DEMAND_SUPERVISOR"})
CALM = frozenset({"CONFIRM", "AGREE_CALLBACK", "AGREE_MESSAGE"})


def still_upset(d: Debtor, u: Understanding | None, code: str) -> tuple[str, ...]:
    """The lines of a customer still angry: their last reply threatened a complaint or asked for a
    supervisor, and this line goes on arranging things (logs it, a call later, the number) with no
    apology — not 「行，那你到时候再打给我吧」 as if nothing had been said."""
    if u is None or d.speaker != "debtor" or code not in CALM or u.has(*SOOTHED) or not d.memory.replies:
        return ()
    if d.memory.replies[-1][1] not in UPSET:
        return ()
    from trainer.sim.debtor.wording import bank

    return tuple(bank().listen.get("still_upset", ()))
