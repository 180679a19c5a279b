"""One call: the engine that drives a script tree with a simulated debtor — UI-free.

:class:`Call` is what every front end uses (``trainer practice`` at a prompt,
``trainer play`` from a file, tests and benchmarks from a list)::

    call = Call.start(scenario, seed=7, mode="play")
    call.opening                      # what was said on picking up
    result = call.say("您好，这里是安信银行信用卡中心司法调查组……")
    result.findings, result.replies, result.ended, result.outcome
    call.result()                     # the ``play --format json`` dict

Each agent line is, in order: understood (:mod:`trainer.sim.understand`), checked
by the compliance engine with the same rules as ``trainer audit`` (findings come
back at once), matched against the stage's moves, heard by the debtor (moods,
escalation), answered (the debtor's reply moves the state machine of
:mod:`trainer.sim.flow`), and recorded.  A terminal stage, a hang-up, a lodged
complaint, :meth:`Call.end` or the scenario's turn limit ends the call with an
outcome code.

Deterministic: everything random draws from ``random.Random(seed)``; transcript
timestamps derive from the scenario's call time (six seconds a turn), never
from the wall clock.  The optional ``observer`` gets ``on_turn(call, index,
turn, findings)`` for every turn as it happens and ``on_end(call, result)``
once — the store records through it.  A call writes nothing by itself.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Protocol, TypedDict

from trainer.base.errors import TrainerError, UsageError
from trainer.base.templating import TemplateProblem
from trainer.base.vocab import ACTS, OUTCOMES, RESPONSES
from trainer.compliance.finding import Finding
from trainer.content.scenario import Scenario
from trainer.content.script import Script, Stage
from trainer.content.transcript import TranscriptDict
from trainer.sim.debtor import ROLE_CODE, Debtor, Reply
from trainer.sim.flow import Flow
from trainer.sim.judging import (
    MARKS,
    credited_key_points,
    days_in,
    defers_collection,
    describe,
    figures_in,
    key_point_status,
    missing_now,
    vulnerable_facts,
)
from trainer.sim.memory import ANSWERS, CallMemory, key_points_in
from trainer.sim.understand import Understanding, understand

MODES = ("practice", "exam", "play")
TURN_SECONDS = 6
# The trainer's own reading of a threat or an insult defers to the compliance model's second opinion on the
# line (``Auditor.ruled_out``), as the rules' findings do in `trainer audit`: where the model all but rules the
# category out, the act is dropped before anyone hears it — the debtor, the call's memory, the scorecard
# (「您反映的没收到通知的问题，也会有同事跟进」 is no threat to tell anyone's colleagues).
DEFER_TO_MODEL = {"threaten": "threat", "insult": "abuse"}


class PlayResult(TypedDict):
    """The ``play --format json`` dict (DESIGN.md): the case screen the trainee saw, the outcome,
    pass or fail, the score with its parts and deductions, the findings and the transcript."""

    scenario: str
    account: dict[str, Any]
    outcome: str
    passed: bool
    score: dict[str, Any]
    findings: list[Finding]
    transcript: TranscriptDict


class Observer(Protocol):  # pragma: no cover - a shape, not code
    def on_turn(self, call: Call, index: int, turn: dict[str, Any], findings: list[dict[str, Any]]) -> None: ...
    def on_end(self, call: Call, result: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class TurnResult:
    """What happened after one agent line."""

    index: int                                   # the agent turn's index in the transcript
    findings: list[dict[str, Any]]               # compliance findings on the agent's line
    replies: list[dict[str, Any]]                # turns said back (debtor / third party)
    stage_id: str
    stage_title: str
    acts: tuple[str, ...]
    ended: bool
    outcome: str | None
    understanding: Understanding | None = None
    mood: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Compliance: the same rules as `trainer audit`
# ---------------------------------------------------------------------------


def _auditor(meta: dict[str, Any], transcript_id: str, rules: Any = None) -> Any:
    if rules is None:
        from trainer.compliance import load_pack

        rules = load_pack()
    return rules.auditor(meta, transcript_id)


BACKCHANNELS = frozenset({"CONFIRM"})   # replies too thin to end a call on (see Call._defer)


class Call:
    """One call of one scenario (mutable; the flow's model: ``state`` is the stage id)."""

    state: str

    def __init__(self, scenario: Scenario, script: Script, seed: int, mode: str,
                 observer: Observer | None, rules: Any = None, start_stage: str | None = None) -> None:
        if mode not in MODES:
            raise TrainerError(f"未知模式 '{mode}'（可选：{'、'.join(MODES)}）")
        self.scenario = scenario
        self.script = script
        self.seed = seed
        self.mode = mode
        self.observer = observer
        self.rng = random.Random(seed)
        self.flow = Flow.for_script(script)
        self.flow.attach(self, stage=start_stage)
        self.start_stage = start_stage if start_stage and start_stage != script.start else None
        self.facts = scenario.facts()
        self.debtor = Debtor.for_scenario(scenario, self.rng)
        self.contact = "third_party" if scenario.third_party_answers else "debtor"
        self.memory = CallMemory(contact=self.contact)   # the whole call, read by debtor and scorecard
        self._key_point_matchers = {kp.id: kp.matcher for st in script.stages.values()
                                    for kp in st.key_points}
        self.id = f"{mode}-{scenario.id}-{seed}"
        self.meta: dict[str, Any] = {
            "contact": self.contact, "started_at": scenario.local_time.isoformat(),
            "timezone": scenario.timezone, "scenario": scenario.id, "script": script.id,
            "script_digest": script.digest, "persona": scenario.persona, "seed": seed, "mode": mode,
        }
        if self.start_stage:
            self.meta["from_stage"] = self.start_stage
        self.auditor = _auditor(self.meta, self.id, rules)
        if self.start_stage and self.stage.verified:
            self._as_if_verified()
        self.turns: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []
        # per agent turn, the categories the compliance model all but rules out (its second opinion):
        # the scorecard's own reading of threats and insults defers to it, as `trainer audit` does
        self.ruled_out: dict[int, frozenset[str]] = {}
        self.outcome: str | None = None
        self.ended = False
        self.agent_turns = 0
        self.covered: dict[str, dict[str, int]] = {}     # stage -> key point -> first agent turn index
        self.visits: list[tuple[str, int]] = []          # (stage, first agent turn index there)
        self.ptp: dict[str, Any] = {}
        self.last_understanding: Understanding | None = None
        self.pending: str | None = None   # a closing stage the other side agreed to (see _defer)
        self._recap_said: dict[str, Any] | None = None   # the agent's latest recap (see _note_promise)
        self._channel_named = False     # whether the agent has named a way to pay yet
        self.last_stage: Stage = self.stage
        self.last_reply: Reply | None = None
        self._result: dict[str, Any] | None = None
        self.opening: list[dict[str, Any]] = []
        if self.start_stage:  # mid-call: nobody picks up the phone again
            return
        reply = self.debtor.opening()
        self.memory.other_said(0, reply.code, reply.text)
        self._record(self._reply_turn(reply, self.stage))
        self.opening = list(self.turns)

    @classmethod
    def start(cls, scenario: Scenario, seed: int = 0, mode: str = "play",
              observer: Observer | None = None, rules: Any = None, start_stage: str | None = None) -> Call:
        """Start a call: pick up the phone (see :attr:`opening`).

        ``start_stage`` rehearses part of a call: it starts in that stage (check it first with
        :func:`check_start_stage`), as if the earlier stages went as the script intends."""
        return cls(scenario, scenario.script(), seed, mode, observer, rules, start_stage)

    def _as_if_verified(self) -> None:
        """A start past verification: the person has confirmed who they are and the agent has
        identified themself — in the call's memory and for the compliance auditor."""
        self.contact = "debtor"
        self.meta["contact"] = "debtor"
        self.memory.contact = "debtor"
        self.memory.confirmed = 0
        self.memory.acts.setdefault("identify_self", []).append(0)
        self.auditor.assume_verified()

    # -- state -----------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self.script.stages[self.state]

    @property
    def turn_count(self) -> int:
        """How many lines the agent has said."""
        return self.agent_turns

    @property
    def mood(self) -> dict[str, Any]:
        return self.debtor.mood()

    def _at(self, index: int) -> str:
        return (self.scenario.local_time + timedelta(seconds=TURN_SECONDS * index)).isoformat()

    # -- one turn ----------------------------------------------------------------

    def say(self, text: str) -> TurnResult:
        """The agent says ``text``; returns the findings and the other side's reply."""
        if self.ended:
            raise TrainerError("通话已经结束")
        text = text.strip()
        stage = self.stage
        self.last_stage = stage
        if not self.visits or self.visits[-1][0] != stage.id:
            self.visits.append((stage.id, len(self.turns)))
        index = len(self.turns)
        u = self._second_opinion(index, understand(text, stage=stage, contact=self.contact, facts=self.facts,
                                                   today=self.scenario.call_date, payday=self.debtor.payday))
        self.last_understanding = u
        self.agent_turns += 1
        covered = self.covered.setdefault(stage.id, {})
        new_points = [kp for kp in u.key_points if kp not in covered]
        for kp in new_points:
            covered[kp] = index
        self._note_promise(u, index)
        said = key_points_in(u.folded, self._key_point_matchers)
        said += [kp for kp in credited_key_points(list(self._key_point_matchers), u.acts, u.folded, self.facts,
                                                  u.tone, self.memory, self.contact) if kp not in said]
        self.memory.agent_said(index, stage.id, text, u.acts, said, tone=u.tone)
        self.memory.agent_figures(index, [a.value for a in u.amounts if not a.named], days_in(text),
                                  figures_in(text))
        turn = {"speaker": "agent", "text": text, "at": self._at(index), "stage": stage.id,
                "acts": list(u.acts), "key_points": list(u.key_points)}
        findings = self._record(turn)
        moved = False
        for move in stage.moves:
            if all(a in u.acts for a in move.acts) and all(k in u.key_points for k in move.key_points):
                moved = self.flow.move(self, move.id)
                if moved:
                    break
        replies: list[dict[str, Any]] = []
        if self.pending and not self.stage.is_terminal and "close" in u.acts:
            self.flow.jump(self, self.pending)   # the agreed result, now that the agent closes
        if self.stage.is_terminal:
            self._finish(self.stage.outcome or "incomplete")
        else:
            self.debtor.hear(u, self._felt(u, findings), verified=self.stage.verified,
                             progressed=bool(new_points) or moved, memory=self.memory)
            reply = self.debtor.reply(self.stage, self.script.events, self.scenario.call_date,
                                      memory=self.memory)
            self.last_reply = reply
            before = self.state
            if reply.response is not None and reply.response.next:
                if self._defer(reply, u):
                    self.pending = reply.response.next
                elif reply.response in self.stage.responses:
                    self.flow.respond(self, before, reply.response.code)
                else:
                    self.flow.event(self, reply.response.code)
            self._note_reply(reply, len(self.turns))
            self.memory.other_said(len(self.turns), reply.code, reply.text)
            replies.append(self._reply_turn(reply, self.stage))
            self._record(replies[-1])
            if self.stage.is_terminal:
                self._finish(self.stage.outcome or reply.ends or "incomplete")
            elif reply.ends:
                self._finish(reply.ends)
            elif self.agent_turns >= self.scenario.max_turns:
                self.end("incomplete")
        return TurnResult(index, findings, replies, self.stage.id, self.stage.title, u.acts, self.ended,
                          self.outcome, u, self.debtor.mood())

    def _second_opinion(self, index: int, u: Understanding) -> Understanding:
        """``u`` less the threats and insults the compliance model all but rules out on the line (see
        :data:`DEFER_TO_MODEL`); what the model rules out is kept in :attr:`ruled_out` for the scorecard."""
        if not hasattr(self.auditor, "ruled_out"):
            return u
        ruled = self.ruled_out[index] = self.auditor.ruled_out(u.text)
        drop = {act for act, category in DEFER_TO_MODEL.items() if act in u.acts and category in ruled}
        if not drop:
            return u
        return replace(u, acts=tuple(a for a in u.acts if a not in drop),
                       evidence={act: words for act, words in u.evidence.items() if act not in drop})

    def _felt(self, u: Understanding, findings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """The findings of the line as the person on it takes them: a rule's 「对特殊人群施压」 on a line that
        puts collection off for the patient or the bereaved (「等您出院再说，这些您现在都不用操心」) does not
        sting — they hear care, not pressure (and the scorecard does not charge it: judging.deferring_turns)."""
        facts = vulnerable_facts(self.memory, self.scenario.persona)
        if not facts or not any(f.get("category") == "vulnerable" for f in findings):
            return list(findings)
        if not defers_collection(u.text, u.acts, sorted(facts)[0]):
            return list(findings)
        return [f for f in findings if f.get("category") != "vulnerable"]

    def _defer(self, reply: Reply, u: Understanding) -> bool:
        """A plain 「嗯，你说」/「好的」 (``CONFIRM``) that the script would take to a closing stage
        while the agent has not closed: the result is kept (:attr:`pending`) and the call goes on until the agent
        closes, so nothing the trainee says after it goes unplayed or unjudged.  Hang-ups and
        complaints (events, or a reply that ends the call itself) and real agreements (a call-back
        agreed, a recap confirmed; a message taken once the agent has given the official number to
        call back on) are never deferred."""
        nxt = self.script.stages.get(reply.response.next or "") if reply.response else None
        thin = reply.code in BACKCHANNELS or (reply.code == "AGREE_MESSAGE" and not self._number_given())
        return (nxt is not None and nxt.is_terminal and reply.ends is None and "close" not in u.acts
                and thin and reply.response in self.stage.responses)

    def _number_given(self) -> bool:
        number = str(self.facts.get("callback_number") or "").replace("-", "")
        return not number or any(number in text.replace("-", "") for _t, _s, text in self.memory.agent_lines)

    def _reply_turn(self, reply: Reply, stage: Stage) -> dict[str, Any]:
        turn: dict[str, Any] = {"speaker": reply.speaker, "text": reply.text, "at": self._at(len(self.turns)),
                                "stage": stage.id, "response": reply.code, "mood": self.debtor.mood(),
                                "why": reply.why}
        if reply.promise is not None:
            turn["promise"] = reply.promise.as_dict()
        return turn

    def _record(self, turn: dict[str, Any]) -> list[dict[str, Any]]:
        index = len(self.turns)
        self.turns.append(turn)
        if turn["speaker"] == "agent" and hasattr(self.auditor, "ruled_out") and index not in self.ruled_out:
            self.ruled_out[index] = self.auditor.ruled_out(turn["text"])
        found = list(self.auditor.add_turn(index, turn["speaker"], turn["text"]))
        if (turn.get("response") == "CONFIRM_IDENTITY" and self.contact == "debtor"
                and hasattr(self.auditor, "note_identity")):
            # the simulated debtor confirmed who they are (an ID tail such as 「8384。」 included):
            # the auditor's reading of the words alone may miss it
            self.auditor.note_identity(turn["speaker"], turn["text"], {"confirm"})
        if turn["speaker"] != "agent":
            found = [f for f in found if f.get("speaker", "agent") == "agent"]
        self.findings.extend(found)
        if self.observer is not None:
            self.observer.on_turn(self, index, turn, found)
        return found

    def _note_promise(self, u: Understanding, index: int) -> None:
        agreed = self.ptp.get("amount") is not None
        self._channel_named = self._channel_named or u.channel is not None
        if "recap" in u.acts:
            amount = u.promise_amount
            when = u.promise_date
            # kept even before the customer has promised: a recap the customer then agrees to
            # (「那我3月6日前还2360元」) is a recap, whichever of the two spoke first
            self._recap_said = {"turn": index, "amount": amount.value if amount else None,
                                "date": when.value.isoformat() if when and when.value else None,
                                "channel": u.channel}
        if "recap" in u.acts and agreed:
            self.ptp["recap"] = self._recap_against_promise()
            if u.channel and not self.ptp.get("channel_said"):
                self.ptp["channel"] = u.channel

    def _recap_against_promise(self) -> dict[str, Any]:
        said = self._recap_said or {}
        ok_amount = said.get("amount") is not None and abs(said["amount"] - self.ptp["amount"]) < 0.01
        # a customer who promises the recapped sum by an earlier day has agreed to the recap
        ok_date = said.get("date") is not None and self.ptp["date"] <= said["date"]
        recap = {"turn": said.get("turn"), "amount": ok_amount, "date": ok_date,
                 "channel": said.get("channel") is not None}
        wrong = [name for key, name, ok in (("amount", "金额", ok_amount), ("date", "日期", ok_date))
                 if said.get(key) is not None and not ok]
        if wrong:   # said, but not what the customer promised (kept apart from 「没说」)
            recap["wrong"] = wrong
        return recap

    def _note_reply(self, reply: Reply, index: int) -> None:
        if reply.promise is not None:
            p = reply.promise
            changed = self.ptp.get("amount") != p.amount or self.ptp.get("date") != p.date.isoformat()
            # 「这周四之前我还1258元」 to an agent who never asked how: no way to pay was agreed
            named = self._channel_named or p.channel in reply.text or self.ptp.get("channel") == p.channel
            self.ptp.update({"amount": p.amount, "date": p.date.isoformat(), "channel": p.channel if named else None,
                             "turn": index})
            if changed:
                self.ptp.pop("recap", None)
                self.ptp.pop("confirmed", None)
                recap = self._recap_against_promise() if self._recap_said else None
                if recap and recap["amount"]:
                    # the customer's promise repeats the agent's recap: recapped and confirmed
                    self.ptp["recap"] = recap
                    self.ptp["confirmed"] = index
            elif "recap" in self.ptp and self.ptp.get("confirmed") is None and self.ptp["recap"].get("amount"):
                self.ptp["confirmed"] = index   # the same promise said again after the recap
        if reply.code == "CONFIRM_RECAP" and "recap" in self.ptp:
            self.ptp["confirmed"] = index

    # -- ending ----------------------------------------------------------------------

    def end(self, outcome: str = "incomplete") -> dict[str, Any]:
        """End the call now (Ctrl-C, Ctrl-D, or the caller's own limit) and return :meth:`result`."""
        if outcome not in OUTCOMES:
            raise TrainerError(f"未知的通话结果 '{outcome}'")
        if not self.ended:
            pending = self.script.stages.get(self.pending or "")
            # the result the other side agreed to stands when the agent just stops
            if pending is not None and pending.outcome and outcome == "incomplete":
                outcome = pending.outcome
                self.flow.jump(self, pending.id)
                if self.turns and self.turns[-1]["speaker"] != "agent":
                    self.turns[-1]["stage"] = pending.id   # that last reply is where the call ended
            self._finish(outcome)
        return self.result()

    def _finish(self, outcome: str) -> None:
        self.ended = True
        self.outcome = outcome
        found = list(self.auditor.finish())
        self.findings.extend(found)
        self.meta["outcome"] = outcome
        try:
            self.flow.detach(self)
        except ValueError:  # pragma: no cover - already detached
            pass
        result = self.result()
        if self.observer is not None:
            self.observer.on_end(self, result)

    # -- for the trainee ----------------------------------------------------------------

    def _facts_now(self) -> dict[str, Any]:
        facts = dict(self.facts)
        if self.ptp.get("amount") is not None:
            facts["promise_amount"] = self.ptp["amount"]
            facts["promise_date"] = _spoken_date(self.ptp["date"], self.scenario)
        return facts

    def suggestions(self) -> list[str]:
        """The current stage's recommended lines, rendered; the one that answers the last reply first."""
        stage = self.stage
        facts = self._facts_now()
        rendered: list[tuple[int, str]] = []
        said = {t["text"] for t in self.turns if t["speaker"] == "agent"}
        wanted = ANSWERS.get(self.last_reply.code, ()) if self.last_reply else ()
        for i, line in enumerate(stage.lines):
            try:
                text = line.render(facts)
            except TemplateProblem:
                continue
            acts = understand(text, stage=stage, contact=self.contact, facts=self.facts,
                              today=self.scenario.call_date).acts
            rank = 0 if any(a in acts for a in wanted) else 1
            rank = rank * 2 + (1 if text in said else 0)
            # The recited opening states the amount, so before verification it comes last.
            late = 1 if line.standard and not stage.verified else 0
            rendered.append((late * 10_000 + rank * 100 + i, text))
        return [text for _, text in sorted(rendered)]

    def missing_key_points(self) -> list[tuple[str, str | None]]:
        """(title, hint) of the required key points not yet said anywhere in the call, in the stages
        gone through and the current one (``/hint``) — the same judgement as the scorecard's."""
        return [(p.kp.title, p.kp.hint) for p in missing_now(self.script, self.visits, self.memory, self.state)]

    def open_concerns(self) -> list[tuple[str, int, int]]:
        """(what, turn, times raised) of what the other side raised and the agent has not answered."""
        return [(RESPONSES.get(r.code, r.code), r.turn, self.memory.times_raised(r.code))
                for r in self.memory.unanswered()]

    def key_point_report(self) -> list[str]:
        """Every required key point so far, judged over the call (``/why`` and the scorecard agree)."""
        return [f"{MARKS[p.status]} {describe(p)}"
                for p in key_point_status(self.script, self.visits, self.memory, self.state)]

    def advice(self) -> str | None:
        """How to handle the last reply, from the script's ``advice``."""
        if self.last_reply is not None and self.last_reply.response is not None:
            return self.last_reply.response.advice
        return None

    def explain_last(self) -> str:
        """Why the last agent line was understood as it was (``/why``), in Chinese."""
        u = self.last_understanding
        if u is None:
            return "还没有说过话。"
        # The line's own acts and promise details; key points are judged over the whole call
        # (the same list as /hint and the scorecard), not line by line.
        text = u.explain(None)
        turn = self.memory.agent_lines[-1][0] if self.memory.agent_lines else -1
        titles = {kp.id: kp.title for st in self.script.stages.values() for kp in st.key_points}
        hits = [titles.get(kp, kp) for kp, (at, _stage) in self.memory.key_points.items() if at == turn]
        if hits:
            text += "\n这句话讲到的要点：" + "；".join(hits)
        points = self.key_point_report()
        if points:
            text += "\n整通电话的要点：\n" + "\n".join("  " + line for line in points)
        if self.last_reply is not None:
            r = self.last_reply
            text += (f"\n对方的回应：{RESPONSES.get(r.code, r.code)}（{r.code}）"
                     + (f"，因为{r.why}" if r.why else ""))
            mood = self.debtor.mood()
            text += (f"\n对方情绪：怒气 {mood['anger']}，信任 {mood['trust']}，还款意愿 {mood['willingness']}，"
                     f"耐心 {mood['patience']}，投诉意向 {mood['complaint_intent']}")
        return text

    def transcript(self) -> TranscriptDict:
        """The call as a DESIGN.md transcript, with per-turn annotations."""
        meta = dict(self.meta)
        if self.ptp:
            meta["promise"] = {k: v for k, v in self.ptp.items()}
        return {"id": self.id, "meta": meta, "turns": [dict(t) for t in self.turns]}

    def result(self) -> PlayResult:
        """The ``play --format json`` dict: scenario, account, outcome, passed, score, findings, transcript."""
        from trainer.sim.scoring import score_call

        card = score_call(self.scenario, self.script, self.transcript(), self.findings,
                          self.outcome or "incomplete", self.ptp, self.visits, self.covered,
                          memory=self.memory, ruled_out=self.ruled_out)
        outcome = self.outcome or "incomplete"
        if outcome == "special_handling" and card["score"]["judged_outcome"] != outcome:
            # a patient or the bereaved pressed for money was not handled as a special account,
            # whatever stage the script reached: the call's result says so too
            outcome = card["score"]["judged_outcome"]
        return {
            "scenario": self.scenario.id,
            "account": self.scenario.case_screen(),
            "outcome": outcome,
            "passed": card["passed"],
            "score": card["score"],
            "findings": list(self.findings),
            "transcript": self.transcript(),
        }


def _spoken_date(iso: str, scenario: Scenario) -> str:
    from datetime import date

    from trainer.sim.understand import describe_date

    return describe_date(date.fromisoformat(iso), scenario.call_date)


def check_start_stage(script: Script, stage_id: str) -> str:
    """``stage_id`` when the script has such a stage to start in; otherwise a :class:`UsageError`
    in Chinese listing the stage ids, with a did-you-mean."""
    import difflib

    stage = script.stages.get(stage_id)
    if stage is not None and not stage.is_terminal:
        return stage_id
    ids = [sid for sid, st in script.stages.items() if not st.is_terminal]
    guess = difflib.get_close_matches(stage_id, ids, n=1, cutoff=0.5)
    why = f"'{stage_id}' 是终止阶段，通话到那里就结束了" if stage is not None else f"脚本 {script.id} 里没有阶段 '{stage_id}'"
    raise UsageError(why + (f"，是不是 '{guess[0]}'？" if guess else "。") + "可以从这些阶段开始："
                     + "、".join(f"{sid}（{script.stages[sid].title}）" for sid in ids))


def play_lines(scenario: Scenario, lines: Sequence[str], *, seed: int = 0, mode: str = "play",
               observer: Observer | None = None, rules: Any = None,
               start_stage: str | None = None) -> dict[str, Any]:
    """Play a whole call from the agent's lines (blank lines skipped); the call ends as ``incomplete``
    if the lines run out first.  Returns :meth:`Call.result`."""
    extra = {"start_stage": start_stage} if start_stage else {}
    call = Call.start(scenario, seed=seed, mode=mode, observer=observer, rules=rules, **extra)
    for line in lines:
        if call.ended:
            break
        if line.strip():
            call.say(line)
    if not call.ended:
        call.end("incomplete")
    return call.result()


__all__ = ["Call", "TurnResult", "play_lines", "check_start_stage", "MODES", "ACTS", "ROLE_CODE"]
