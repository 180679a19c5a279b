"""The debtor's agenda: what they want answered first, what they have raised, and so what they say next.

Things the persona wants answered first (who are you, why this amount, what if
I don't pay), stalls stacked on top of the real objection, the real objection
(only told after the agent probes the reason; only "heard" after the agent also
shows understanding), then the recap and negotiation
(:mod:`trainer.sim.debtor.negotiation`).  Objections that need special handling
(a disputed charge, a stay in hospital) are told as soon as the debt comes up
and never lead to a payment; their settings are in ``trainer/data/personas.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from trainer.content.script import Stage
from trainer.sim.debtor import ladder
from trainer.sim.debtor.mood import MILD, PAYMENT_ASK
from trainer.sim.debtor.questions import asked_part, moved_on, topic_answer
from trainer.sim.debtor.reasons import answer, is_question
from trainer.sim.judging import NOTHING_PAID, part_paid
from trainer.sim.understand import Understanding

if TYPE_CHECKING:  # pragma: no cover
    from trainer.sim.debtor import Debtor

REQUEST_CODES = {
    "caller_identity": ("ASK_WHO", "SUSPECT_SCAM"), "staff_id": ("ASK_STAFF_ID",),
    "purpose": ("ASK_PURPOSE",), "amount_breakdown": ("DISPUTE_AMOUNT",),
    "consequence": ("ASK_CONSEQUENCE",), "installment": ("ASK_INSTALLMENT",),
    "waiver": ("ASK_WAIVER",),
}
REQUEST_ANSWER = {
    "caller_identity": ("identify_self",), "staff_id": (), "purpose": ("state_purpose",),
    "amount_breakdown": ("explain_amount",),
    # a consequence said, lawful or not (「直接起诉、冻结账户」), answers 「不还会怎样」: it is never 「你还没说呢」
    "consequence": ("lawful_consequence", "threaten", "false_claim"),
    "installment": ("offer_plan",), "waiver": ("explain_amount", "offer_plan"),
}
DEBT_WORDS = re.compile("还款|欠款|账单|逾期|信用卡")
PAY_QUESTION = re.compile("(拿出|还|凑|付)(得出)?多少|多少.{0,4}(能|可以)还")
# 「是您本人吗」 asks who I am; 「不是您本人刷的？」 asks about the charges; 「提供身份证明」 asks for a document later
TAIL_ASKED = re.compile(r"后四位|后4位|身份证(?!明|件|复印)|(是|确认|核实)(一下)?(您|你)?本人(吗|吧|么|对吧|是吧|[?？,，。]|$)")
ASKING = re.compile(r"[?？]|[吗么呢吧](?=[,，。.!！]|$)|麻烦|请|报一下|说一下|告诉我|核对一下|确认一下")
# 「一分钱都没看到到账」: the agent's way of saying nothing came in (besides judging's NOTHING_PAID)
NOTHING_SEEN = re.compile("(一分|分文)钱?(都|也)?(没|未)(看到|看见|见|有)?(到账|入账|进账|还进来)|一分钱?(都|也)?没(看到|看见)")
# 「只还一部分也算没兑现」「说好的事没做到」: a part payment reproached as a broken word
BROKEN_WORD = re.compile("(算|等于|就是|跟)(没|没有)(兑现|还|做到)|说好的(事)?(没|没有)(做到|兑现)|说话不算(数|话)|不守(信用|承诺)|"
                         "(答应|说好|约好)(的|了的)(事|事情)?(都|也|又)?(做不到|没做到|办不到|不兑现|没兑现)|"
                         "差(了)?(一大截|老大一截|得远|远了|老远)|(顶|管)(什么|啥)用")
ROLE_CODE = {"family": "THIRD_PARTY_FAMILY", "colleague": "THIRD_PARTY_WORK", "minor": "MINOR_ANSWERS",
             "wrong_number": "WRONG_NUMBER", "deceased_family": "REPORTS_DECEASED"}
GRIEVANCES = frozenset({"CLAIM_NO_NOTICE"})
# 「您说之前没收到过通知」: the agent names the grievance before the customer has said it
GRIEVANCE_NAMED = re.compile("(没|没有|未)(能)?(收到|接到|看到|送到|送达|发到|寄到)(过)?[^，。,；]{0,6}(通知|短信|账单|提醒|催收电话)|"
                             "(通知|短信|账单|提醒)[^，。,；]{0,8}(没|没有|未)(能)?(收到|接到|送到|送达|发到|寄到|到)")
SOOTHING = frozenset({"empathize", "apologize", "condolence"})
ENGAGING = frozenset({"probe_reason", "explain_amount", "record_dispute", "offer_plan", "offer_minimum",
                      "transfer_supervisor", "schedule_callback"})


@dataclass
class Agenda:
    """What the debtor wants answered and has raised (mutable; one per call)."""

    requests: list[str] = field(default_factory=list)
    asked: dict[str, int] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)
    stalls_left: int = 0
    objection: str | None = None
    reason: str = ""
    objection_said: bool = False
    since_objection: set[str] = field(default_factory=set)
    probed: bool = False
    heard: bool = False
    identity_confirmed: bool = False
    caller_identified: bool = False
    payment_asked: bool = False
    purpose_heard: bool = False
    amount_heard: bool = False      # a figure of the debt was said: only then can it be questioned

    def hear(self, u: Understanding, acts: set[str], *, agent_id: str, verified: bool) -> bool:
        """Note what one agent line answered and raised; True when the caller said who they are
        for the first time."""
        first_time = not self.caller_identified
        if "identify_self" in acts:
            self.caller_identified = True
        if "工号" in u.folded or agent_id.lower() in u.folded:
            self.answered.add("staff_id")
        for req, answers in REQUEST_ANSWER.items():
            if acts & set(answers):
                self.answered.add(req)
        if "probe_reason" in acts:
            self.probed = True
        if "state_amount" in acts or u.amounts:
            self.amount_heard = True
        if self.objection_said:
            self.since_objection |= acts
            s = self.since_objection
            if s & SOOTHING and (s & ENGAGING or self.probed):
                self.heard = True
        if acts & {"state_purpose", "state_amount", "request_payment", "probe_reason", "lawful_consequence"} \
                or u.amounts or DEBT_WORDS.search(u.folded):
            self.purpose_heard = True
        # 「这周能一次把11240元全部还清吗？」 asks for money though no payment act was read in it
        # (in the clause that asks; 「上次您答应……还3000元，对吧？」 checks the past, it asks for nothing)
        clause = asked_part(u)
        asked_to_pay = is_question(u) and bool(MONEY_TALK.search(clause)) and not TAGGED.search(clause)
        if (acts & set(PAYMENT_ASK) or PAY_QUESTION.search(u.folded) or asked_to_pay) and \
                (verified or self.identity_confirmed):
            self.payment_asked = True
        return first_time and "identify_self" in acts

    def pending_request(self, verified: bool) -> str | None:
        for req in self.requests:
            if req in self.answered or self.asked.get(req, 0) >= 2:
                continue
            if req in ("amount_breakdown", "waiver") and not (verified and self.payment_asked and self.amount_heard):
                continue
            if req in ("consequence", "installment") and not self.payment_asked:
                continue
            if req == "staff_id" and not self.caller_identified:
                continue
            if req == "purpose" and self.identity_confirmed:
                continue
            return req
        return None

    def ask(self, req: str) -> int:
        """Count one more asking of ``req``; returns how many times it has been asked."""
        self.asked[req] = self.asked.get(req, 0) + 1
        return self.asked[req]

    def tell_objection(self, acts: set[str]) -> None:
        """The objection is told; the question that drew it out counts as listening."""
        self.objection_said = True
        self.since_objection |= acts
        self.heard = bool(acts & SOOTHING) or (self.probed and bool(self.since_objection & SOOTHING))


# ---------------------------------------------------------------------------
# What to say next: (response code, why)
# ---------------------------------------------------------------------------

Intent = tuple[str, str]


# 「是她个人的事，只能跟她本人说」: the purpose was answered as far as a third party may hear it
# 「我把情况登记下来，转专门的流程，不再打扰您家里」: the bank takes the matter in hand
TAKEN_IN_HAND = re.compile("登记|(专门|特殊)的?(流程|部门)|(不再|不会再)(打电话)?(打扰|打)")
# 「后面专人会先跟家属核实身份」: a check that will come later, not one asked for now
LATER_CHECK = re.compile("(后面|后续|以后|之后|到时候)?(会有)?(专人|专门的同事|同事)(会)?(先)?(跟|和|与|联系)")
PRIVATE = re.compile("(个人|私人)的?(一些)?(事|业务)|私事|(只能|需要|得|要)(跟|和|同)(他|她)本人|不方便(跟您|和您|对您)?(细说|透露|说)")


def third_party_intent(d: Debtor, u: Understanding | None) -> Intent:
    """What someone other than the debtor says next (consistent about who they are, all call long)."""
    acts = set(u.acts) if u else set()
    a = d.agenda
    m = d.memory
    role = d.scenario.answered_by
    if d.turn <= 1 and role in ROLE_CODE:
        return ROLE_CODE[role], "接电话的不是本人"
    replied = answer(d, u)
    if replied:
        return replied
    comforted = m.did("condolence") or m.did("empathize")
    if role == "deceased_family" and not comforted and m.times_raised("REPORTS_DECEASED") < 2:
        return "REPORTS_DECEASED", "家属再次说明本人已去世（还没听到慰问）"
    if "leave_message" in acts or (role == "deceased_family" and acts & {"record_dispute", "close"}):
        return "AGREE_MESSAGE", "坐席请转告回电"
    if "caller_identity" in a.requests and not m.did("identify_self") and a.asked.get("caller_identity", 0) < 2:
        a.ask("caller_identity")
        return "ASK_WHO", "想知道对方是谁"
    # 「后面专人会先跟家属核实身份」 tells what will happen; it asks them to confirm nothing now
    if "state_amount" in acts or "verify" in acts and (is_question(u) or not LATER_CHECK.search(u.folded if u else "")):
        return "DEFLECT", "第三人不核对、不确认任何账户信息"
    if "disclose_to_third_party" in acts:
        return "ASK_DEBT_DETAILS", "听到欠款的事，追问详情"
    if "purpose" in a.requests and "purpose" not in a.asked:
        a.asked["purpose"] = 1
        if u is not None and PRIVATE.search(u.folded):
            from trainer.sim.debtor.wording import bank

            d.answer_pool = _private(d)
            return "CONFIRM", "坐席说了是本人的私事、不便细说，不再追问"
        return "ASK_PURPOSE", "想知道找本人什么事"
    if "close" in acts:
        return "CONFIRM", "结束通话"
    if role == "deceased_family" and u is not None and TAKEN_IN_HAND.search(u.folded):
        from trainer.sim.debtor.wording import bank

        d.answer_pool = bank().listen.get("private_bereaved", ())
        return "CONFIRM", "坐席说会登记、转流程、不再打扰：应下，不再说自己不清楚"
    if m.times_raised("ASK_PURPOSE") >= 1 or "purpose" in a.asked:
        if u is not None and PRIVATE.search(u.folded):
            d.answer_pool = _private(d)
        return "CONFIRM", "听坐席说"
    return "ASK_PURPOSE", "等坐席说明"


def _private(d: Debtor) -> tuple[str, ...]:
    """Told it is the person's own business: taken in once (「哦，是私事啊，那我不多问了」); told again, a plain
    「嗯，明白」 — not the same acceptance as if heard for the first time."""
    from trainer.sim.debtor.wording import bank

    listen = bank().listen
    pool = listen.get("private_bereaved" if d.scenario.answered_by == "deceased_family" else "private", ())
    if any(text in pool for _n, _c, text in d.memory.replies) and listen.get("private_again"):
        return listen["private_again"]
    return pool


def debtor_intent(d: Debtor, u: Understanding | None, stage: Stage, today: date) -> Intent:
    """What the debtor says next, in order: identity, a direct question about the reason,
    their own questions, special situations, stalls and the objection, the recap, negotiation."""
    acts = set(u.acts) if u else set()
    verified = stage.verified or d.agenda.identity_confirmed
    m = d.moods
    d.deal.levers = ladder.levers(u, heard=d.agenda.heard or d.agenda.objection_said and d.memory.did("empathize"))
    # once their difficulty is told, a concrete proposal is answered before any question of their own;
    # once it was also listened to (or the agent asked and understood before it was told), before it
    proposal = bool(u and d.agenda.objection_said and is_question(u) and (u.promise_amount or u.promise_date))
    # asked how much or when they can pay: that is answered before a question of their own
    pay_question = bool(u and is_question(u) and d.agenda.payment_asked and
                        (PAY_QUESTION.search(u.folded) or "ask_date" in acts))
    # asked the reason again after telling it (with no understanding shown, which would move them on to
    # the money): that is answered before a question of their own
    reason_again = bool(u and "probe_reason" in acts and d.agenda.objection_said and is_question(u)
                        and not acts & SOOTHING)
    pay_question = pay_question or reason_again
    listened = proposal and (d.agenda.heard or d.memory.did("empathize")) and \
        d.agenda.objection not in d.special_objections
    # a day quoted back as theirs is put right before a yes/no question about it is answered 「嗯，是」
    return (_identity(d, acts, stage) or _paid_denied(d, u) or _grievance_named(d, u, acts) or _stood_down(d, u, acts)
            or _reason_asked(d, acts)
            or _special(d, acts)
            or d.deal.never_offered(u, tuple(t for _n, _c, t in d.memory.replies)) or answer(d, u) or (None if proposal or pay_question else _request(d, verified))
            or _debt_raised(d, acts)
            or (None if listened else _objection(d, acts)) or (_reason_again(d, u) if reason_again else None)
            or d.deal.recap(u, acts) or _logged(d, acts) or _firmness(d)
            or _no_money_talk(d, u)
            or d.deal.negotiate(u, today, willingness=m.willingness, pressure_count=m.pressure_count,
                                patience=m.patience, rng=d.rng, pushes=_pushes(d)))


BUSINESS = frozenset({"state_amount", "request_payment", "offer_minimum", "offer_plan", "ask_date", "probe_reason"})


def on_business(u: Understanding | None) -> bool:
    """Whether the line goes on to the debt and asks something of the debtor (pay, a date, the reason)."""
    if u is None:
        return False
    acts = set(u.acts)
    return bool(acts & BUSINESS) and (is_question(u) or bool(acts & set(PAYMENT_ASK)) or
                                      bool(PAY_QUESTION.search(u.folded)))


TAGGED = re.compile("(对|是|没错)(吧|吗)[?？]?$|上次|之前")
MONEY_TALK = re.compile("还(款|钱|上|清|掉|一点|一些|一部分|多少)|(凑|拿|付|转)(出|得出)?(钱|多少)|最低|分期|钱(?!包)|"
                        "(记得|按时|尽快|早点|要|得)还")


def about_money(u: Understanding | None) -> bool:
    """Whether the line asks for, proposes or sets down a payment (an offer or a stall answers only such a line)."""
    if u is None:
        return False
    return bool(set(u.acts) & {*PAYMENT_ASK, "recap", "lawful_consequence"}) or u.promise_amount is not None or \
        u.promise_date is not None or bool(PAY_QUESTION.search(u.folded) or MONEY_TALK.search(u.folded))


def _no_money_talk(d: Debtor, u: Understanding | None) -> Intent | None:
    """A line about something else (logging a grievance, the call-back number, a courtesy) before any promise:
    taken in (or, when it asks something, answered) — not met with a lowball or a stall it did not ask for."""
    if u is None or about_money(u) or d.deal.agreed is not None:
        return None
    return "CONFIRM", "坐席这句没有谈还款：先接住，不主动报价、也不拖延"


def _paid_denied(d: Debtor, u: Understanding | None) -> Intent | None:
    """Told the last promise brought nothing when part of it was paid: they say what they paid, once."""
    from trainer.sim.debtor.wording import bank

    if u is None or not part_paid(d.scenario.account) or d.memory.times_raised("CLAIM_PARTIAL"):
        return None
    if (NOTHING_PAID.search(u.text) or NOTHING_SEEN.search(u.folded)) and bank().listen.get("paid_denied"):
        d.answer_pool = bank().listen["paid_denied"]
        return "CLAIM_PARTIAL", "坐席说上次一分没还，客户先说自己还了多少"
    if BROKEN_WORD.search(u.folded) and bank().listen.get("paid_reproached"):
        d.answer_pool = bank().listen["paid_reproached"]
        return "CONFIRM", "坐席说还了一部分也等于没兑现，客户先说自己好歹还了多少"
    return None


def _logged(d: Debtor, acts: set[str]) -> Intent | None:
    """The agent logged their grievance and asked nothing: that is taken in, not answered with an offer."""
    from trainer.sim.debtor.wording import bank

    logged = "transfer_supervisor" in acts or "record_dispute" in acts and d.agenda.objection in GRIEVANCES
    if not logged or acts & {*PAYMENT_ASK, "recap"} or d.deal.agreed is not None:
        return None
    d.answer_pool = bank().listen.get("logged", ())
    return ("CONFIRM", "坐席登记了自己的意见，先听着") if d.answer_pool else None


def _reason_again(d: Debtor, u: Understanding | None) -> Intent | None:
    """Asked the reason once more after telling it: the reason in other words, not an offer."""
    topic, pool = topic_answer(d, u) if u is not None else ("", ())
    if topic != "reason" or not pool:
        return None
    d.answer_pool = pool
    return "CONFIRM", "坐席又问了一次原因，换个说法再说一遍"


def _pushes(d: Debtor) -> int:
    """How many agent lines so far asked for or proposed a payment (from the call's memory)."""
    acts = d.memory.acts
    return len({t for act in (*PAYMENT_ASK, "recap") for t in acts.get(act, ())}) + d.deal.proposals


def _identity(d: Debtor, acts: set[str], stage: Stage) -> Intent | None:
    a = d.agenda
    m = d.memory
    if not a.identity_confirmed and not stage.verified:
        identified = m.did("identify_self")
        unanswered = _unanswered_who(d, identified)
        if unanswered or a.identity_confirmed:
            return unanswered
        req = a.pending_request(False)
        if req == "caller_identity" and not identified:
            a.ask(req)
            scam = d.moods.trust < 2.5 and d.persona.get("suspects_scam", False)
            return ("SUSPECT_SCAM" if scam else "ASK_WHO"), "还不知道对方是谁，先问清楚"
        answered_who = "identify_self" in acts and (m.did("ask_for_debtor") or m.did("verify"))
        if acts & {"ask_for_debtor", "verify"} or answered_who:
            if d.moods.trust >= 1.5 + 0.4 * d.scenario.difficulty - 0.8 or a.asked.get("proof"):
                a.identity_confirmed = True
                return "CONFIRM_IDENTITY", "对方说明了身份、找本人，确认是本人"
            a.asked["proof"] = 1
            if identified:
                return "SUSPECT_SCAM", "对方报了身份，但信任不足，先质疑一下"
            return "ASK_WHO", "对方找本人却没说自己是谁，先反问"
        if identified and a.purpose_heard:
            a.identity_confirmed = True     # the agent talks about my account: I react as the debtor
            return None
        if identified:
            return "ASK_PURPOSE", "知道对方是谁了，等对方说找谁、什么事"
        return "ASK_WHO", "对方还没说自己是谁"
    asks_me = bool(TAIL_ASKED.search(d.last_u.folded)) if d.last_u else False
    asks_me = asks_me or not m.times_raised("CONFIRM_IDENTITY")
    # only a request to verify is answered (「调查核实」 in passing asks nothing), and only once
    asks_me = asks_me and d.last_u is not None and bool(ASKING.search(d.last_u.text)) and \
        m.times_raised("CONFIRM_IDENTITY") < 2
    # a recap of what was agreed asks no one to verify who they are
    if not stage.verified and acts & {"verify", "ask_for_debtor"} and asks_me and "recap" not in acts \
            and not d.moods.breach - MILD:
        return "CONFIRM_IDENTITY", "坐席在核实身份，配合核实"
    a.identity_confirmed = True
    return None


def _unanswered_who(d: Debtor, identified: bool) -> Intent | None:
    """Asked twice who is calling and still not told: once a suspicion, then they give up asking and
    take the call as it comes (the agent talks about their account, so it is for them)."""
    asked = d.memory.times_raised_any(("ASK_WHO", "SUSPECT_SCAM"))
    if identified or asked < 2:
        return None
    if not d.memory.times_raised("SUSPECT_SCAM"):
        d.moods.trust -= 0.5
        return "SUSPECT_SCAM", "问了两遍对方都不说是谁，起了疑心"
    d.agenda.asked["caller_identity"] = 2      # asked enough: not again
    if d.agenda.purpose_heard:
        d.agenda.identity_confirmed = True
        return None
    return "ASK_PURPOSE", "对方一直不说是谁，只好问到底什么事"


def _told(d: Debtor) -> int:
    """How many times the real objection was said (in any of its equivalent codes)."""
    from trainer.sim.debtor.wording import EQUIVALENT

    code = str(d.agenda.objection)
    return d.memory.times_raised_any(EQUIVALENT.get(code, (code,)))


def _firmness(d: Debtor) -> Intent | None:
    """A debtor who tests the agent (``firmness`` in personas.yaml) makes no promise before hearing
    that many lawful consequences: first a lowball, then a test question, then stalls."""
    need = int(d.persona.get("firmness", 0))
    heard = len(d.memory.acts.get("lawful_consequence", ()))
    if not need or heard >= need or d.deal.agreed is not None or not d.agenda.payment_asked:
        return None
    if not d.deal.lowballed:
        d.deal.lowballed = True
        return "LOWBALL", f"试探坐席：没听到明确的合法后果（{heard}/{need}），只肯给个低价"
    if d.memory.times_raised("ASK_CONSEQUENCE") < 2:
        return "ASK_CONSEQUENCE", f"试探坐席：不还又能怎样（已听到合法后果 {heard}/{need}）"
    return d.rng.choice(d.stall_pool), f"还没被说服（合法后果 {heard}/{need}），继续拖"


def _stood_down(d: Debtor, u: Understanding | None, acts: set[str]) -> Intent | None:
    """Their difficulty told, the agent sets the money talk aside (「今天就不跟您谈还款了」「等您出院了再看怎么
    安排，到时候也可以申请分期，这些您现在都不用操心」) and asks nothing: they take it with thanks, not with the
    difficulty again.  A plan mentioned for later in a line that defers collection asks nothing now."""
    from trainer.sim.debtor.wording import bank
    from trainer.sim.judging import defers_collection
    from trainer.sim.understand import lexicon

    down = lexicon().stand_down
    if u is None or down is None or not d.agenda.objection_said or is_question(u) or not bank().listen.get("stood_down"):
        return None
    deferred = defers_collection(u.text, acts)
    if (acts & set(PAYMENT_ASK) and not deferred) or not (deferred or down.search(u.folded)):
        return None
    d.answer_pool = bank().listen["stood_down"]
    return "CONFIRM", "坐席说今天先不谈还款：道声谢"


def _grievance_named(d: Debtor, u: Understanding | None, acts: set[str]) -> Intent | None:
    """The agent names their grievance (「您说之前没收到过通知」) before they said it: they confirm it, in
    their own words, once — not a bare 「嗯，你说吧」."""
    from trainer.sim.debtor.wording import bank

    a = d.agenda
    if u is None or a.objection not in GRIEVANCES or a.objection_said or not GRIEVANCE_NAMED.search(u.folded):
        return None
    pool = bank().listen.get("grievance_named", ())
    if not pool:
        return None
    a.tell_objection(acts)
    d.answer_pool = pool
    return "CONFIRM", "坐席替客户说出了没收到通知的不满：认下，说自己的感受"


def _reason_asked(d: Debtor, acts: set[str]) -> Intent | None:
    """A direct question about the reason is answered first."""
    from trainer.sim.debtor.wording import bank

    a = d.agenda
    if "probe_reason" in acts and a.objection in GRIEVANCES and not acts & {"recap", "confirm_promise"} and \
            _grievance_met(d) and bank().listen.get("grievance_heard"):
        # apologised for and logged already: asked why it went unpaid, they say so calmly, not up in arms again
        a.objection_said = a.heard = True
        d.answer_pool = bank().listen["grievance_heard"]
        return "CONFIRM", "不满已经道过歉、登记了，被问到原因：平心静气地说没收到通知、不知道逾期"
    if ("probe_reason" in acts and (a.payment_asked or a.purpose_heard) and a.objection and not a.objection_said
            and a.objection not in d.special_objections):
        a.tell_objection(acts)
        return a.objection, "被问到原因，说出真实难处"
    return None


def _request(d: Debtor, verified: bool) -> Intent | None:
    """Things they want answered."""
    a = d.agenda
    if a.objection in d.special_objections and a.objection_said:
        return None     # a dispute or a stay in hospital is the matter now, not their other questions
    req = a.pending_request(verified)
    if req is None or d.deal.agreed is not None and req in ("consequence", "installment", "waiver", "amount_breakdown"):
        return None     # (once they have promised, what happens if they don't pay, or how the sum is made up, is moot)
    if d.agenda.ask(req) == 2:
        d.moods.trust -= 0.5
    return REQUEST_CODES[req][0], f"想先弄清楚：{req}"


PRESSING_SPECIAL = frozenset({"request_payment", "offer_minimum", "offer_plan", "threaten"})
VULNERABLE_SPECIAL = frozenset({"REPORTS_HOSPITALIZED", "REPORTS_DECEASED"})   # pressing them is never handling


def _special(d: Debtor, acts: set[str]) -> Intent | None:
    """Special situations (a disputed charge, a stay in hospital) are told as soon as the debt comes
    up, before any question of their own."""
    a = d.agenda
    special = d.special_objections.get(a.objection or "")
    if special is not None and not a.objection_said and (
            a.payment_asked or acts & set(special.get("told_on", ()))):
        a.objection_said = True
        return str(a.objection), str(special["why"])
    return None


def _debt_raised(d: Debtor, acts: set[str]) -> Intent | None:
    """Before the debt is asked for, wait for the purpose."""
    a = d.agenda
    if not a.payment_asked:
        if "schedule_callback" in acts and a.objection_said and not is_question(d.last_u):
            from trainer.sim.debtor.wording import bank

            d.answer_pool = bank().listen.get("callback_offered", ())
            return "CONFIRM", "坐席提出约时间再联系：答应这个安排"
        if a.purpose_heard or d.memory.times_raised("ASK_PURPOSE") >= 2:
            return "CONFIRM", "听对方说明来意"
        return "ASK_PURPOSE", "等对方说明来意"
    return None


def _grievance_met(d: Debtor) -> bool:
    """A grievance (「没人通知过我」) the agent apologised for and logged (or passed on) of their own accord."""
    m = d.memory
    return d.agenda.objection in GRIEVANCES and m.did("apologize") and \
        (m.did("transfer_supervisor") or m.did("record_dispute"))


def _objection(d: Debtor, acts: set[str]) -> Intent | None:
    """Stalls on top of the real objection (probing the reason skips them), then the objection
    until it is heard or, for a special one, handled."""
    a = d.agenda
    if a.objection and not a.objection_said and _grievance_met(d):
        a.objection_said = a.heard = True   # apologised for it and logged it before it was raised: not news
    if a.objection and not a.objection_said:
        if a.stalls_left > 0 and not a.probed and not about_money(d.last_u):
            return None     # 「等有钱了再说」 answers being pressed for money, not a line that asks for none
        if a.stalls_left > 0 and not a.probed:
            a.stalls_left -= 1
            return d.rng.choice(d.stall_pool), "先拖延一下"
        if "probe_reason" in acts:
            a.tell_objection(acts)
        else:
            a.objection_said = True
        return a.objection, "说出真实难处"
    special = d.special_objections.get(a.objection or "")
    if special is not None:
        if acts & PRESSING_SPECIAL and a.objection_said and a.objection in VULNERABLE_SPECIAL:
            # 「这几天能不能先处理一下」 to a patient is no handling of their situation: not 「谢谢你们」
            return str(a.objection), "情况已经说了，对方还在催款，不答应"
        soothed = a.heard or bool(a.since_objection & SOOTHING)
        if special["handled_by"] in a.since_objection or (soothed and special.get("heard_is_enough")):
            if "schedule_callback" in acts:
                if d.last_u is not None and is_question(d.last_u):
                    topic, pool = topic_answer(d, d.last_u)
                    if topic == "callback" and pool:
                        d.answer_pool = pool    # 「哪天联系您合适？」: a time, not only 「好，到时候再联系」
                return "AGREE_CALLBACK", "同意按特殊流程处理、约时间再联系"
            if acts & {"recap", "confirm_promise"} or is_question(d.last_u):
                d.answer_pool = tuple(moved_on(d, "HANDLED"))
                return "CONFIRM", "对方按流程处理了自己的情况，复述或问安排：同意"
            return "CONFIRM", "对方按流程处理了自己的情况"
        if _told(d) >= 2:
            return "CONFIRM", "情况已经说过两遍，先听对方怎么安排"
        return str(a.objection), "情况还没被妥善处理"
    understood = d.memory.did("empathize") and a.probed    # shown understanding at some point of the call
    # a grievance (「没人通知过我」) is answered by an apology and logging it, at any point of the call
    understood = understood or a.objection in GRIEVANCES and d.memory.did("apologize") and \
        bool(a.since_objection & {"transfer_supervisor", "record_dispute"})
    if a.objection and not a.heard and not understood and a.objection not in ("REFUSE_PAY",) \
            and _told(d) < 2 and d.deal.agreed is None:
        return a.objection, "难处还没被倾听（需要问原因并表示理解）"
    return None
