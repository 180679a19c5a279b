"""The simulated debtor: hidden facts, an agenda, moods, an escalation ladder, and replies.

One :class:`Debtor` plays the person on the line for one call.  It is built
from a scenario (persona, difficulty, hidden facts in ``debtor:``) and a
``random.Random`` seeded by the session, so the same seed and the same agent
lines give the same replies.

Each turn the session calls :meth:`Debtor.hear` with what the agent's line was
understood to say and the compliance findings it raised, then
:meth:`Debtor.reply` with the current stage of the script tree.

The parts:

* :mod:`~trainer.sim.debtor.mood` — the moods and the escalation ladder;
* :mod:`~trainer.sim.debtor.agenda` — what they want answered and have raised,
  and the choice of what to say next;
* :mod:`~trainer.sim.debtor.negotiation` — offers, promises, what they can pay;
* :mod:`~trainer.sim.debtor.wording` — the reply lines, from the script or the
  bank in ``trainer/data/debtor.yaml``.

Persona settings come from ``trainer/data/personas.yaml``
(:mod:`trainer.content.personas`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from trainer.content.personas import FALLBACK, book
from trainer.content.scenario import Scenario
from trainer.content.script import Response, Stage
from trainer.sim.debtor.agenda import (
    GRIEVANCES,
    PAY_QUESTION,
    ROLE_CODE,
    Agenda,
    debtor_intent,
    on_business,
    third_party_intent,
)
from trainer.sim.debtor.direct import direct_answer, still_upset
from trainer.sim.debtor.mood import LEVELS, PAYMENT_ASK, Mood
from trainer.sim.debtor.negotiation import Negotiation, Promise
from trainer.sim.debtor.questions import asks, topic_answer
from trainer.sim.debtor.questions import bank as question_bank
from trainer.sim.debtor.reasons import (
    explain,
    goodbye,
    is_question,
    misquoted,
    offended,
    settled,
    shaken,
    wary,
)
from trainer.sim.debtor.wording import Reply, bank, opening_line, say
from trainer.sim.memory import CallMemory
from trainer.sim.understand import Understanding

__all__ = ["LEVELS", "ROLE_CODE", "Debtor", "Promise", "Reply", "bank"]


def _part(part: str, name: str) -> Any:
    """An attribute of the debtor that lives in one of its parts (read and written through)."""
    def get(self: Debtor) -> Any:
        return getattr(getattr(self, part), name)

    def put(self: Debtor, value: Any) -> None:
        setattr(getattr(self, part), name, value)

    return property(get, put, doc=f"``{part}.{name}``")


class Debtor:
    """The person on the line for one call (mutable; one per call)."""

    anger = _part("moods", "anger")
    trust = _part("moods", "trust")
    willingness = _part("moods", "willingness")
    patience = _part("moods", "patience")
    complaint = _part("moods", "complaint")
    level = _part("moods", "level")
    requests = _part("agenda", "requests")
    objection = _part("agenda", "objection")
    stalls_left = _part("agenda", "stalls_left")
    heard = _part("agenda", "heard")
    caller_identified = _part("agenda", "caller_identified")
    identity_confirmed = _part("agenda", "identity_confirmed")
    lowballed = _part("deal", "lowballed")
    payday = _part("deal", "payday")

    def __init__(self, scenario: Scenario, rng: random.Random, moods: Mood, agenda: Agenda,
                 deal: Negotiation, memory: CallMemory | None = None) -> None:
        self.scenario = scenario
        # the call's shared memory (the session writes it); a debtor used alone keeps its own
        self.own_memory = memory is None
        self.memory = memory if memory is not None else CallMemory(
            contact="third_party" if scenario.third_party_answers else "debtor")
        self.rng = rng
        self.moods = moods
        self.agenda = agenda
        self.deal = deal
        self.turn = 0
        self.answer_pool: tuple[str, ...] = ()     # lines answering the agent's direct question
        self.brushed_off = 0                        # money talk turned down while still escalated
        self.last_u: Understanding | None = None
        personas = book()
        self.persona: Mapping[str, Any] = personas.settings(scenario.persona)   # from personas.yaml
        self.stall_pool = personas.stalls(scenario.persona)
        self.special_objections: Mapping[str, Mapping[str, Any]] = personas.objections

    @classmethod
    def for_scenario(cls, scenario: Scenario, rng: random.Random, memory: CallMemory | None = None) -> Debtor:
        """The debtor of ``scenario``; the seed varies the path within the scenario's facts (how many
        stalls when the scenario does not fix them, the order of later questions)."""
        personas = book()
        cfg = personas.personas.get(scenario.persona, personas.personas[FALLBACK])
        hidden = dict(scenario.debtor)
        d = scenario.difficulty
        moods = Mood.start({**cfg.get("mood", {}), **hidden.get("mood", {})},
                           {**cfg.get("traits", {}), **hidden.get("traits", {})}, d)
        requests = list(hidden.get("requests", cfg.get("requests", [])))
        path = random.Random(repr(rng.getstate()[1][:8]))    # varies with the seed; leaves ``rng`` as it was
        if len(requests) > 2:      # which question comes first is the seed's; what they ask is the scenario's
            tail = requests[1:]
            path.shuffle(tail)
            requests = requests[:1] + tail
        stalls = hidden.get("stalls")
        if stalls is None:
            bonus = int(cfg.get("stalls_bonus", 0))
            stalls = min(3, max(0, d - 2)) + bonus + (path.choice((0, 0, 1)) if bonus else 0)
        agenda = Agenda(requests=requests, stalls_left=int(stalls),
                        objection=hidden.get("objection", cfg.get("objection")),
                        reason=str(hidden.get("reason", "最近资金周转不过来")))
        moods.is_debtor = not scenario.third_party_answers
        return cls(scenario, rng, moods, agenda, Negotiation(scenario, personas.settings(scenario.persona)),
                   memory)

    @property
    def speaker(self) -> str:
        return "third_party" if self.scenario.third_party_answers else "debtor"

    def mood(self) -> dict[str, Any]:
        """The moods after the last turn (rounded, for transcripts and the UI)."""
        return self.moods.snapshot()

    def hear(self, u: Understanding, findings: Sequence[Mapping[str, Any]], *, verified: bool,
             progressed: bool, memory: CallMemory | None = None) -> None:
        """Update moods and agenda from one agent line (``verified``: the stage allows debt talk;
        ``memory``: the call's memory, already holding this line)."""
        self.turn += 1
        self.last_u = u
        if memory is not None:
            self.memory, self.own_memory = memory, False
        elif self.own_memory:
            self.memory.agent_said(2 * self.turn - 1, "", u.text, u.acts, (), tone=u.tone)
        acts = set(u.acts)
        a = self.agenda
        if u.promise_amount is not None and not acts & {*PAYMENT_ASK, "recap"}:
            self.deal.proposals += 1
        first = a.hear(u, acts, agent_id=self.scenario.agent_id, verified=verified)
        self.moods.hear(u.text, acts, findings, first_identified=first, probed=a.probed,
                        unheard_objection=a.objection_said and not a.heard, heard=a.heard,
                        progressed=progressed, tone=u.tone)

    def opening(self) -> Reply:
        """What is said on picking up, before the agent's first line."""
        return Reply("SILENT", opening_line(self), self.speaker, why="接起电话")

    def reply(self, stage: Stage, events: Iterable[Response], today: date,
              memory: CallMemory | None = None) -> Reply:
        """Choose and word the answer at ``stage`` (after :meth:`hear`); its ``why`` says what was
        heard and what is still wanted."""
        if memory is not None:
            self.memory, self.own_memory = memory, False
        reply = self._reply(stage, events, today)
        reply = Reply(reply.code, reply.text, reply.speaker, reply.response, reply.ends, reply.promise,
                      explain(self, reply.why))
        if self.own_memory:
            self.memory.other_said(2 * self.turn, reply.code, reply.text)
        return reply

    def _reply(self, stage: Stage, events: Iterable[Response], today: date) -> Reply:
        m = self.moods
        self.answer_pool = ()
        if m.level >= 4:
            return say(self, "LODGE_COMPLAINT", stage, events, today, ends="complaint",
                       why="投诉意向过高，已投诉并挂断")
        if m.patience <= 0 or m.anger >= 10:
            return say(self, "HANG_UP", stage, events, today, ends="hung_up",
                       why="耐心耗尽" if m.patience <= 0 else "怒气到顶")
        if self.last_u is not None and goodbye(self.last_u):
            outcome = settled(self)
            return say(self, "CONFIRM", stage, events, today, ends=outcome or "incomplete", kind="goodbye",
                       why=f"坐席道别，结果已定（{outcome}），道别挂线" if outcome else "坐席道别，通话结束")
        if m.rose_to == 2:
            return say(self, "DEMAND_SUPERVISOR", stage, events, today, why="怒气升高，要求找领导")
        if m.rose_to == 3:
            return say(self, "THREAT_COMPLAINT", stage, events, today, why="投诉意向升高，威胁投诉")
        scare = shaken(self, self.last_u)
        if scare:
            return say(self, "CONFIRM", stage, events, today, kind=scare[0], why=scare[1])
        hurt = offended(self, self.last_u)
        if hurt and self.speaker == "debtor" and is_question(self.last_u):
            # 「当时为什么不报案？这说不过去吧」: the jab is answered first, then the question itself
            jab = say(self, hurt[0], stage, events, today, kind="offended", why=hurt[1])
            rest = self._heard(stage, events, today)
            if rest.code in ("LODGE_COMPLAINT", "HANG_UP", "DEMAND_SUPERVISOR", "THREAT_COMPLAINT") or \
                    rest.text.startswith(jab.text):
                return rest
            plain = any(rest.text in pool for pool in question_bank().fallback.values()) or \
                rest.code == "CONFIRM" and any(rest.text in pool for pool in bank().listen.values())
            if plain:
                return jab      # no real answer to add: 「嗯，您说」 or 「您的意思是？」 after the jab says nothing
            if "坐席直接问了" not in rest.why:
                return rest     # not an answer to the question (a retort of its own, an offer): said alone
            return Reply(rest.code, jab.text + rest.text, rest.speaker, rest.response, rest.ends, rest.promise,
                         f"{hurt[1]}；{rest.why}")
        if hurt:
            return say(self, hurt[0], stage, events, today, kind="offended", why=hurt[1])
        return self._heard(stage, events, today)

    def _heard(self, stage: Stage, events: Iterable[Response], today: date) -> Reply:
        """The answer to what the line asked or proposed (after the ladder, a goodbye and a jab)."""
        m = self.moods
        u = self.last_u
        wrong = misquoted(self, u)
        if wrong:
            return say(self, wrong[0], stage, events, today, why=wrong[1])
        if wary(u) and self.speaker == "debtor":
            self.answer_pool = bank().listen.get("private_channel", ())
            return say(self, "CONFIRM", stage, events, today, why="坐席让把材料发到个人微信或手机，先推辞")
        if m.level >= 2 and self.speaker == "debtor" and u is not None and (u.has(*PAYMENT_ASK, "recap") or u.promise_amount) and \
                not u.has("empathize", "apologize", "transfer_supervisor", "record_dispute"):
            # still asking for a supervisor or threatening a complaint: money talk that ignores it is not taken up;
            # brushed off once already, the next time they carry it out rather than press it a third time
            self.brushed_off += 1
            if self.brushed_off >= 2:
                if m.level >= 3 or self.memory.times_raised("THREAT_COMPLAINT"):
                    return say(self, "LODGE_COMPLAINT", stage, events, today, ends="complaint",
                               why="说了几遍都没人理，坐席只顾谈钱：去投诉，挂断")
                m.level, m.complaint = 3, max(m.complaint, 0.6)
                return say(self, "THREAT_COMPLAINT", stage, events, today,
                           why="要找领导没人理，坐席只顾谈钱：升级为投诉")
            self.answer_pool = bank().listen.get("escalated_money", ())
            return say(self, "CONFIRM", stage, events, today,
                       why="还在气头上（要找领导或要投诉），坐席没处理就谈还款，不接这个话")
        code, why = (third_party_intent(self, self.last_u) if self.speaker == "third_party"
                     else debtor_intent(self, self.last_u, stage, today))
        if code == "CONFIRM_IDENTITY" and self.speaker == "debtor" and on_business(u):
            return self._confirm_and_answer(stage, events, today, why)
        upset = still_upset(self, u, code)
        if upset:
            self.answer_pool = upset
            # still upset is no agreement: the call-back or message is not taken as agreed (the code goes with the words)
            code = "CONFIRM" if code in ("AGREE_CALLBACK", "AGREE_MESSAGE") else code
            return say(self, code, stage, events, today, kind="answer",
                       why=f"{why}；刚说要投诉或找领导，坐席没道歉就往下安排：气还没消")
        direct = direct_answer(self, u, code) if m.level < 2 else None
        if direct:
            # asked something they can answer (the ID digits, which charges, how they pay): the answer first,
            # not a listening line or the hardship once more
            self.answer_pool = direct[2]
            return say(self, direct[1], stage, events, today, kind="answer",
                       why=f"{why}；坐席直接问了问题（{direct[0]}），先回答")
        if code == "CONFIRM" and not self.answer_pool and m.level < 2 and asks(self.last_u):
            return self._answer(stage, events, today, why)
        return say(self, code, stage, events, today, why=why)

    def _confirm_and_answer(self, stage: Stage, events: Iterable[Response], today: date, why: str) -> Reply:
        """Who they are settled in a line that goes straight on to the debt and asks something (「我是……您这张卡
        逾期了，今天能先还最低吗？」): a short 「是我。」 and then the answer to the rest — not the identity alone.
        The reply keeps the identity's response, so the script moves past the identity check as before."""
        u = self.last_u
        assert u is not None
        ident = say(self, "CONFIRM_IDENTITY", stage, events, today, why=why)
        a = self.agenda
        a.identity_confirmed = True
        if u.has(*PAYMENT_ASK) or PAY_QUESTION.search(u.folded):
            a.payment_asked = True
        if a.objection in GRIEVANCES and not a.objection_said and u.has("state_amount"):
            # first told of the overdue bill in the same breath: a grievance about it (「从没收到过通知」) comes first
            a.tell_objection(set(u.acts))
            code, rest_why = str(a.objection), "一听说逾期，先说出自己的不满"
        else:
            code, rest_why = debtor_intent(self, u, stage, today)
        if code == "CONFIRM_IDENTITY":
            return ident
        if code == "CONFIRM" and not self.answer_pool and asks(u):
            rest = self._answer(stage, events, today, rest_why)
        else:
            rest = say(self, code, stage, events, today, why=rest_why)
        if rest.ends or rest.code in ("DEMAND_SUPERVISOR", "THREAT_COMPLAINT"):
            return rest
        brief = self.rng.choice(bank().identity.get("brief", ("是我。",)))
        return Reply(ident.code, brief + rest.text, ident.speaker, ident.response, None, rest.promise,
                     f"{why}；{rest_why}")

    def _answer(self, stage: Stage, events: Iterable[Response], today: date, why: str) -> Reply:
        """A direct question that only a 「嗯，您说」 would have met: the persona's answer for its topic
        (the reason, the income, a callback time, reporting a stolen card …)."""
        u = self.last_u
        assert u is not None
        topic, self.answer_pool = topic_answer(self, u)
        if topic == "tell":
            self.agenda.tell_objection(set(u.acts))
            return say(self, str(self.agenda.objection), stage, events, today, why="坐席问到原因，说出真实难处")
        code = "AGREE_CALLBACK" if topic == "callback" and self.speaker == "debtor" else "CONFIRM"
        return say(self, code, stage, events, today, why=f"{why}；坐席直接问了问题（{topic}），回答它",
                   kind="answer")
