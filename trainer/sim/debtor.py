"""The simulated debtor: hidden facts, an agenda, moods, an escalation ladder, and replies.

One :class:`Debtor` plays the person on the line for one call.  It is built
from a scenario (persona, difficulty, hidden facts in ``debtor:``) and a
``random.Random`` seeded by the session, so the same seed and the same agent
lines give the same replies.

Each turn the session calls :meth:`Debtor.hear` with what the agent's line was
understood to say and the compliance findings it raised, then
:meth:`Debtor.reply` with the current stage of the script tree.

* **Moods** — anger 0–10, trust 0–10, willingness 0–1, patience (turns left),
  complaint intent 0–1 — move with the agent's acts, scaled by per-persona
  traits (``rational``, ``empathy``, ``pressure_tolerance``) and by difficulty
  (anger gains ×0.5 at level 1 up to ×2 at level 5).  Findings (threats, abuse,
  impersonation, disclosure to a third party…) raise anger and complaint intent.
* **Escalation** — calm → irritated → demands a supervisor → threatens a
  complaint → lodges it and hangs up.  Every step but the last can be talked
  down with an acknowledgement plus a concrete option (and, from the threat, an
  offer to log the complaint or pass it to a supervisor).
* **Agenda** — things the persona wants answered first (who are you, why this
  amount, what if I don't pay), stalls stacked on top of the real objection,
  the real objection (only told after the agent probes the reason; only
  "heard" after the agent also shows understanding), then negotiation: an
  opening lowball, relaxed to what they can really pay (``can_pay`` by
  ``pay_within_days``) once the agent counters within policy.
* **Replies** come from the script's own examples for the stage where the
  script has that response type, else from ``trainer/data/debtor.yaml``; replies
  that carry an amount or a date are always built from the debtor's numbers.
  A third party never confirms account facts.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

from trainer.base.vocab import RESPONSES
from trainer.base.yamlio import load_document
from trainer.content.scenario import Scenario
from trainer.content.script import Response, Stage
from trainer.sim.understand import Understanding, describe_date
from trainer.zh.display import money

LEVELS = ("calm", "irritated", "demands_supervisor", "threatens_complaint", "complaint_lodged")
LEVEL_LABELS = {"calm": "平静", "irritated": "烦躁", "demands_supervisor": "要求找领导",
                "threatens_complaint": "威胁投诉", "complaint_lodged": "已投诉"}

# How strongly each kind of compliance breach hits the person on the line: (anger, complaint intent, trust).
BREACH = {
    "threat": (3.0, 0.35, 2.0), "abuse": (3.5, 0.35, 1.5), "impersonation": (2.5, 0.35, 3.0),
    "third_party_disclosure": (2.0, 0.35, 1.0), "false_claim": (1.5, 0.25, 2.0),
    "vulnerable": (3.0, 0.35, 1.5), "privacy": (2.0, 0.3, 1.5), "harassment": (1.0, 0.2, 0.5),
    "identification": (0.3, 0.05, 0.5),
}
MILD = frozenset({"identification", "harassment"})   # breaches that do not stop cooperation
ACT_CATEGORY = {"threaten": "threat", "insult": "abuse", "impersonate": "impersonation",
                "disclose_to_third_party": "third_party_disclosure", "false_claim": "false_claim"}

REQUEST_CODES = {
    "caller_identity": ("ASK_WHO", "SUSPECT_SCAM"), "staff_id": ("ASK_STAFF_ID",),
    "purpose": ("ASK_PURPOSE",), "amount_breakdown": ("DISPUTE_AMOUNT",),
    "consequence": ("ASK_CONSEQUENCE",), "installment": ("ASK_INSTALLMENT",),
    "waiver": ("ASK_WAIVER",),
}
REQUEST_ANSWER = {
    "caller_identity": ("identify_self",), "staff_id": (), "purpose": ("state_purpose",),
    "amount_breakdown": ("explain_amount",), "consequence": ("lawful_consequence",),
    "installment": ("offer_plan",), "waiver": ("explain_amount", "offer_plan"),
}
# Codes a script may use for the same intent (first: preferred).
EQUIVALENT: dict[str, tuple[str, ...]] = {
    "PTP_OFFER": ("PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW", "CONFIRM"),
    "ACCEPT_PLAN": ("ACCEPT_PLAN", "PTP_OFFER", "PAY_NOW", "CONFIRM"),
    "CONFIRM_RECAP": ("CONFIRM_RECAP", "CONFIRM"),
    "CONFIRM_IDENTITY": ("CONFIRM_IDENTITY",),
    "ASK_WHO": ("ASK_WHO", "SUSPECT_SCAM", "ASK_STAFF_ID"),
    "SUSPECT_SCAM": ("SUSPECT_SCAM", "ASK_WHO"),
    "NO_MONEY": ("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT"),
    "NO_ABILITY": ("NO_ABILITY", "NO_MONEY", "HARDSHIP_EVENT"),
    "HARDSHIP_EVENT": ("HARDSHIP_EVENT", "NO_ABILITY", "NO_MONEY"),
    "LOWBALL": ("LOWBALL", "ASK_INSTALLMENT"),
    "AGREE_CALLBACK": ("AGREE_CALLBACK", "BUSY_CALLBACK", "CONFIRM"),
    "AGREE_MESSAGE": ("AGREE_MESSAGE", "CONFIRM"),
    "CONFIRM": ("CONFIRM",),
    "NOT_MY_CHARGES": ("NOT_MY_CHARGES", "DISPUTE_AMOUNT"),
    "REPORTS_HOSPITALIZED": ("REPORTS_HOSPITALIZED", "HARDSHIP_EVENT", "NO_ABILITY"),
    "CLAIM_NO_NOTICE": ("CLAIM_NO_NOTICE", "DISPUTE_OVERDUE"),
}
STALLS = ("STALL_LATER", "STALL_TRY", "STALL_WAIT_FUNDS", "STALL_SOON", "STALL_FORGOT", "STALL_BUSY",
          "STALL_LOCATION")
SLOTTED = {"PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW", "LOWBALL", "AGREE_CALLBACK"}
ROLE_CODE = {"family": "THIRD_PARTY_FAMILY", "colleague": "THIRD_PARTY_WORK", "minor": "MINOR_ANSWERS",
             "wrong_number": "WRONG_NUMBER", "deceased_family": "REPORTS_DECEASED"}
SOOTHING = frozenset({"empathize", "apologize", "condolence"})
ENGAGING = frozenset({"probe_reason", "explain_amount", "record_dispute", "offer_plan", "offer_minimum",
                      "transfer_supervisor", "schedule_callback"})
# Objections after which the call goes to special handling, not to a payment.
NO_PAYMENT_OBJECTIONS = {"NOT_MY_CHARGES": "record_dispute", "REPORTS_HOSPITALIZED": "schedule_callback"}
PAYMENT_ASK = ("request_payment", "offer_plan", "offer_minimum", "ask_date", "confirm_promise")


@dataclass(frozen=True)
class _Bank:
    personas: Mapping[str, Mapping[str, Any]]
    replies: Mapping[str, tuple[str, ...]]
    third_party_deflect: tuple[str, ...]
    irritated: tuple[str, ...]
    heard: tuple[str, ...]
    filler: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def bank() -> _Bank:
    """Persona defaults and reply bank from ``trainer/data/debtor.yaml`` (loaded once)."""
    source = resources.files("trainer").joinpath("data", "debtor.yaml")
    data = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/debtor.yaml").data
    replies = {code: tuple(texts) for code, texts in data["replies"].items()}
    unknown = set(replies) - set(RESPONSES) - {"CORRECTION"}
    if unknown:  # pragma: no cover - guarded by tests
        raise ValueError(f"debtor.yaml: unknown response codes {sorted(unknown)}")
    return _Bank(data["personas"], replies, tuple(data["third_party_deflect"]),
                 tuple(data["irritated"]), tuple(data["heard"]), tuple(data["filler"]))


@dataclass
class Promise:
    """What the debtor has offered or agreed to pay."""

    amount: float
    date: date
    channel: str

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "date": self.date.isoformat(), "channel": self.channel}


@dataclass(frozen=True)
class Reply:
    """The other side's answer to one agent line."""

    code: str
    text: str
    speaker: str                        # debtor | third_party
    response: Response | None = None    # the script's response, when the script has this code here
    ends: str | None = None             # an outcome code when this reply ends the call on its own
    promise: Promise | None = None
    why: str = ""                       # for /why and the transcript annotation


@dataclass
class Debtor:
    """The person on the line for one call (mutable; one per call)."""

    scenario: Scenario
    rng: random.Random
    anger: float = 0.0
    trust: float = 5.0
    willingness: float = 0.5
    patience: int = 12
    complaint: float = 0.0
    level: int = 0
    traits: dict[str, float] = field(default_factory=dict)
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
    lowballed: bool = False
    relaxed: bool = False
    identity_confirmed: bool = False
    caller_identified: bool = False
    payment_asked: bool = False
    purpose_heard: bool = False
    agreed: Promise | None = None
    recap_confirmed: bool = False
    empathy_count: int = 0
    pressure_count: int = 0
    supervisor_ignored: int = 0
    turn: int = 0
    last_text: str = ""
    _rose_to: int | None = None
    _correcting: bool = False
    _last_u: Understanding | None = None
    _breach: set[str] = field(default_factory=set)

    # -- construction -------------------------------------------------------

    @classmethod
    def for_scenario(cls, scenario: Scenario, rng: random.Random) -> Debtor:
        cfg = bank().personas.get(scenario.persona, bank().personas["honest"])
        hidden = dict(scenario.debtor)
        mood = {**cfg.get("mood", {}), **hidden.get("mood", {})}
        d = scenario.difficulty
        me = cls(scenario=scenario, rng=rng)
        me.anger = float(mood.get("anger", 1))
        me.trust = float(mood.get("trust", 5))
        me.willingness = float(mood.get("willingness", 0.5))
        me.complaint = float(mood.get("complaint_intent", 0.0))
        me.patience = int(mood.get("patience", 14 - 2 * (d - 1)))
        me.traits = {"rational": 0.6, "empathy": 0.6, "pressure_tolerance": 0.4,
                     **cfg.get("traits", {}), **hidden.get("traits", {})}
        me.requests = list(hidden.get("requests", cfg.get("requests", [])))
        me.stalls_left = int(hidden.get("stalls", min(3, max(0, d - 2)) + int(cfg.get("stalls_bonus", 0))))
        me.objection = hidden.get("objection", cfg.get("objection"))
        me.reason = str(hidden.get("reason", "最近资金周转不过来"))
        me.level = 1 if me.anger >= 3 else 0
        return me

    @property
    def gain(self) -> float:
        """Anger gains scale with difficulty: ×0.5 at level 1 … ×2 at level 5."""
        return 0.5 + 0.375 * (self.scenario.difficulty - 1)

    @property
    def min_due(self) -> float:
        return float(self.scenario.account["min_due"])

    @property
    def can_pay(self) -> float:
        hidden = self.scenario.debtor
        if "can_pay" in hidden:
            return float(hidden["can_pay"])
        ratio = float(bank().personas.get(self.scenario.persona, {}).get("can_pay", 1.0))
        return round(self.min_due * ratio)

    @property
    def opening_offer(self) -> float:
        hidden = self.scenario.debtor
        if "opening_offer" in hidden:
            return float(hidden["opening_offer"])
        ratio = float(bank().personas.get(self.scenario.persona, {}).get("offer", 0.3))
        return float(max(100, round(self.min_due * ratio, -2)))

    @property
    def pay_by(self) -> date:
        return self.scenario.call_date + timedelta(days=int(self.scenario.debtor.get("pay_within_days", 7)))

    @property
    def payday(self) -> int | None:
        value = self.scenario.debtor.get("payday")
        return int(value) if value else None

    @property
    def speaker(self) -> str:
        return "third_party" if self.scenario.third_party_answers else "debtor"

    def mood(self) -> dict[str, Any]:
        """The moods after the last turn (rounded, for transcripts and the UI)."""
        return {"anger": round(self.anger, 1), "trust": round(self.trust, 1),
                "willingness": round(self.willingness, 2), "patience": self.patience,
                "complaint_intent": round(self.complaint, 2), "state": LEVELS[self.level]}

    # -- hearing the agent ------------------------------------------------------

    def hear(self, u: Understanding, findings: Sequence[Mapping[str, Any]], *, verified: bool,
             progressed: bool) -> None:
        """Update moods and agenda from one agent line (``verified``: the stage allows debt talk)."""
        self.turn += 1
        self._rose_to = None
        self._last_u = u
        t = self.traits
        g = self.gain
        acts = set(u.acts)
        cats = {f.get("category") for f in findings if f.get("category")}
        cats |= {ACT_CATEGORY[a] for a in acts if a in ACT_CATEGORY}
        self._breach = {c for c in cats if c in BREACH}
        critical = any(f.get("severity") == "critical" for f in findings)
        soft = 1.5 - t["pressure_tolerance"]
        for cat in self._breach:
            da, dc, dt = BREACH[cat]
            self.anger += g * da
            self.complaint += dc * soft
            self.trust -= dt
            self.willingness -= 0.05
        if critical:
            self.complaint += 0.1
        first_time = not self.caller_identified
        if "identify_self" in acts:
            self.caller_identified = True
            self.trust += 1.5 if first_time else 0.2
        if "工号" in u.folded or self.scenario.agent_id.lower() in u.folded:
            self.answered.add("staff_id")
        for req, answers in REQUEST_ANSWER.items():
            if acts & set(answers):
                self.answered.add(req)
        if "verify" in acts or "ask_for_debtor" in acts:
            self.trust += 0.2
        if acts & {"empathize", "condolence"}:
            self.anger -= 1.5 * t["empathy"] / (1 + 0.5 * self.empathy_count)
            self.empathy_count += 1
            self.willingness += 0.08 * t["empathy"]
            self.trust += 0.3
        if "apologize" in acts:
            self.anger -= 0.6
        if "probe_reason" in acts:
            self.trust += 0.3
            self.probed = True
        if self.objection_said:
            self.since_objection |= acts
            s = self.since_objection
            if s & SOOTHING and (s & ENGAGING or self.probed):
                self.heard = True
        if "explain_amount" in acts:
            self.trust += 0.5
        rapport = self.empathy_count > 0 or self.probed
        if "lawful_consequence" in acts:
            self.willingness += 0.15 * t["rational"] * max(0.0, 1 - self.anger / 10)
            self.anger += g * 0.8 * (1 - t["rational"])
            if not rapport:
                self.anger += g * 1.2 * (1 - t["pressure_tolerance"])
        if acts & {"state_purpose", "state_amount"}:
            self.purpose_heard = True
        if acts & set(PAYMENT_ASK):
            if verified or self.identity_confirmed:
                self.payment_asked = True
            self.pressure_count += 1
            if not rapport and self.pressure_count > 2:
                self.anger += g * 0.8 * (1 - t["pressure_tolerance"])
            elif self.objection_said and not self.heard and "request_payment" in acts:
                self.anger += g * 0.4
        if acts & {"offer_plan", "offer_minimum"}:
            self.willingness += 0.1
            self.anger -= 0.3
        if self.heard and not self._breach:
            self.willingness += 0.05
        if u.text.strip() and u.text.strip() == self.last_text:
            self.patience -= 1
        self.last_text = u.text.strip()
        # patience: one turn spent, given back when the call moved forward
        self.patience -= 1
        if progressed and not self._breach:
            self.patience += 1
        if self.level >= 1 and (self._breach or self.pressure_count > 3 and not rapport):
            self.patience -= 1
        self._escalate(acts, critical)
        self._clamp()

    def _escalate(self, acts: set[str], critical: bool) -> None:
        soothing = bool(acts & {"empathize", "apologize", "condolence"})
        option = bool(acts & {"offer_plan", "offer_minimum", "schedule_callback", "transfer_supervisor",
                              "record_dispute", "explain_amount"})
        logged = bool(acts & {"transfer_supervisor", "record_dispute"})
        if self.level == 2 and not (logged or soothing):
            self.supervisor_ignored += 1
            self.complaint += 0.15
        if 1 <= self.level <= 3 and soothing and option and not self._breach and (self.level < 3 or logged):
            self.level -= 1
            self.anger = min(self.anger, (2.5, 5.0, 5.5)[self.level])
            self.complaint *= 0.6
            return
        target = 0
        if self.anger >= 3:
            target = 1
        if self.anger >= 6:
            target = 2
        if self.complaint >= 0.4 or (critical and self.level >= 1):
            target = 3
        if self.level >= 3 and (self.complaint >= 0.8 or self._breach or self.supervisor_ignored >= 2):
            target = 4
        if target > self.level:
            step = 2 if (critical or self.complaint >= 0.6) and target >= 3 else 1
            self.level = min(target, self.level + step)
            if self.level >= 2:
                self._rose_to = self.level

    def _clamp(self) -> None:
        self.anger = min(10.0, max(0.0, self.anger))
        self.trust = min(10.0, max(0.0, self.trust))
        self.willingness = min(1.0, max(0.0, self.willingness))
        self.complaint = min(1.0, max(0.0, self.complaint))

    # -- replying -----------------------------------------------------------------

    def opening(self) -> Reply:
        """What is said on picking up, before the agent's first line."""
        if self.speaker == "third_party" and self.scenario.answered_by == "colleague":
            text = self.rng.choice(["喂，您好，哪位？", "你好，这里是公司前台，请问找谁？"])
        else:
            text = self.rng.choice(["喂，哪位？", "喂？", "喂，你好。", "哪位啊？"])
        return Reply("SILENT", text, self.speaker, why="接起电话")

    def reply(self, stage: Stage, events: Iterable[Response], today: date) -> Reply:
        """Choose and word the answer at ``stage`` (after :meth:`hear`)."""
        u = self._last_u
        if self.level >= 4:
            return self._say("LODGE_COMPLAINT", stage, events, today, ends="complaint",
                             why="投诉意向过高，已投诉并挂断")
        if self.patience <= 0 or self.anger >= 10:
            return self._say("HANG_UP", stage, events, today, ends="hung_up",
                             why="耐心耗尽" if self.patience <= 0 else "怒气到顶")
        if self._rose_to == 2:
            return self._say("DEMAND_SUPERVISOR", stage, events, today, why="怒气升高，要求找领导")
        if self._rose_to == 3:
            return self._say("THREAT_COMPLAINT", stage, events, today, why="投诉意向升高，威胁投诉")
        code, why = (self._third_party_intent(u, stage) if self.speaker == "third_party"
                     else self._debtor_intent(u, stage, today))
        return self._say(code, stage, events, today, why=why)

    def _pending_request(self, acts: set[str], verified: bool) -> str | None:
        for req in self.requests:
            if req in self.answered or self.asked.get(req, 0) >= 2:
                continue
            if req in ("amount_breakdown", "waiver") and not (verified and self.payment_asked):
                continue
            if req in ("consequence", "installment") and not self.payment_asked:
                continue
            if req == "staff_id" and not self.caller_identified:
                continue
            if req == "purpose" and self.identity_confirmed:
                continue
            return req
        return None

    def _third_party_intent(self, u: Understanding | None, stage: Stage) -> tuple[str, str]:
        acts = set(u.acts) if u else set()
        role = self.scenario.answered_by
        if self.turn <= 1 and role in ROLE_CODE:
            return ROLE_CODE[role], "接电话的不是本人"
        if role == "deceased_family" and not acts & {"condolence", "empathize"}:
            return "REPORTS_DECEASED", "家属再次说明本人已去世"
        if "leave_message" in acts or (role == "deceased_family" and acts & {"record_dispute", "close"}):
            return "AGREE_MESSAGE", "坐席请转告回电"
        if "caller_identity" in self.requests and not self.caller_identified:
            self.asked["caller_identity"] = self.asked.get("caller_identity", 0) + 1
            return "ASK_WHO", "想知道对方是谁"
        if acts & {"verify", "state_amount"}:
            return "DEFLECT", "第三人不核对、不确认任何账户信息"
        if "disclose_to_third_party" in acts:
            return "ASK_DEBT_DETAILS", "听到欠款的事，追问详情"
        if "purpose" in self.requests and "purpose" not in self.asked:
            self.asked["purpose"] = 1
            return "ASK_PURPOSE", "想知道找本人什么事"
        if "close" in acts:
            return "CONFIRM", "结束通话"
        return "ASK_PURPOSE", "等坐席说明"

    def _debtor_intent(self, u: Understanding | None, stage: Stage, today: date) -> tuple[str, str]:
        acts = set(u.acts) if u else set()
        verified = stage.verified or self.identity_confirmed
        persona = self.scenario.persona
        # 1. identity
        if not self.identity_confirmed and not stage.verified:
            req = self._pending_request(acts, False)
            if req == "caller_identity":
                self.asked[req] = self.asked.get(req, 0) + 1
                code = "SUSPECT_SCAM" if self.trust < 2.5 and persona in ("fraud", "malicious") else "ASK_WHO"
                return code, "还不知道对方是谁，先问清楚"
            if acts & {"ask_for_debtor", "verify"}:
                if self.trust >= 1.5 + 0.4 * self.scenario.difficulty - 0.8:
                    self.identity_confirmed = True
                    return "CONFIRM_IDENTITY", "对方礼貌找本人，确认身份"
                return "ASK_WHO", "信任不足，先反问对方是谁"
            return "ASK_WHO", "对方还没说找谁"
        if not stage.verified and acts & {"verify", "ask_for_debtor"} and not self._breach - MILD:
            return "CONFIRM_IDENTITY", "坐席在核实身份，配合核实"
        self.identity_confirmed = True
        # a direct question about the reason is answered first
        if ("probe_reason" in acts and self.payment_asked and self.objection and not self.objection_said
                and self.objection not in NO_PAYMENT_OBJECTIONS):
            self.objection_said = True
            self.since_objection |= acts
            self.heard = bool(acts & SOOTHING)
            return self.objection, "被问到原因，说出真实难处"
        # 2. things they want answered
        req = self._pending_request(acts, verified)
        if req is not None:
            self.asked[req] = self.asked.get(req, 0) + 1
            if self.asked[req] == 2:
                self.trust -= 0.5
            return REQUEST_CODES[req][0], f"想先弄清楚：{req}"
        # 3. special personas state their situation as soon as the debt comes up
        if self.objection == "REPORTS_HOSPITALIZED" and not self.objection_said and (
                self.payment_asked or "state_purpose" in acts or "state_amount" in acts):
            self.objection_said = True
            return "REPORTS_HOSPITALIZED", "说明自己在住院"
        if self.objection == "NOT_MY_CHARGES" and not self.objection_said and (
                "state_amount" in acts or self.payment_asked):
            self.objection_said = True
            return "NOT_MY_CHARGES", "听到金额，说不是自己消费的"
        if not self.payment_asked:
            if self.purpose_heard:
                return "CONFIRM", "听对方说明来意"
            return "ASK_PURPOSE", "等对方说明来意"
        # 4. stalls on top of the real objection (probing the reason skips them)
        if self.objection and not self.objection_said:
            if self.stalls_left > 0 and not self.probed:
                self.stalls_left -= 1
                return self.rng.choice(self._stall_pool()), "先拖延一下"
            self.objection_said = True
            if "probe_reason" in acts:      # the question that drew it out counts as listening
                self.since_objection |= acts
                self.heard = bool(acts & SOOTHING)
            return self.objection, "说出真实难处"
        if self.objection in NO_PAYMENT_OBJECTIONS:
            if NO_PAYMENT_OBJECTIONS[self.objection] in self.since_objection or (
                    self.heard and self.objection == "REPORTS_HOSPITALIZED"):
                if "schedule_callback" in acts:
                    return "AGREE_CALLBACK", "同意按特殊流程处理、约时间再联系"
                return "CONFIRM", "对方按流程处理了自己的情况"
            return self.objection, "情况还没被妥善处理"
        if self.objection and not self.heard and self.objection not in ("REFUSE_PAY",):
            return self.objection, "难处还没被倾听（需要问原因并表示理解）"
        # 5. the recap
        if "recap" in acts and self.agreed is not None:
            said_amount = u.promise_amount.value if u and u.promise_amount else None
            said_date = u.promise_date.value if u and u.promise_date else None
            if (said_amount is not None and abs(said_amount - self.agreed.amount) > 0.01) or (
                    said_date is not None and said_date != self.agreed.date):
                self._correcting = True
                return "PTP_OFFER", "坐席复述的金额或日期不对，客户纠正"
            self.recap_confirmed = True
            return "CONFIRM_RECAP", "坐席复述了承诺，确认无误"
        # 6. negotiation
        return self._negotiate(u, today)

    def _stall_pool(self) -> list[str]:
        persona = self.scenario.persona
        if persona == "slippery":
            return ["STALL_LATER", "STALL_SOON", "STALL_TRY", "STALL_BUSY"]
        if persona == "malicious":
            return ["STALL_LATER", "STALL_LOCATION", "STALL_BUSY"]
        return ["STALL_TRY", "STALL_WAIT_FUNDS", "STALL_SOON"]

    def _negotiate(self, u: Understanding | None, today: date) -> tuple[str, str]:
        asked_amount = u.promise_amount.value if u and u.promise_amount else None
        asked_date = u.promise_date.value if u and u.promise_date else None
        channel = (u.channel if u else None) or (self.agreed.channel if self.agreed else "手机银行")
        if self.agreed is not None:
            # already agreed: re-agree to a new proposal within means, else hold the agreed one
            amount = asked_amount if asked_amount and asked_amount <= self.can_pay else self.agreed.amount
            when = asked_date if asked_date and today <= asked_date <= self.pay_by else self.agreed.date
            self.agreed = Promise(amount, when, channel)
            return "PTP_OFFER", "已经同意，再次确认金额和日期"
        if self.willingness < 0.45:
            if self.scenario.persona in ("malicious",) and self.pressure_count >= 4 and self.patience <= 3:
                return "REFUSE_PAY", "还款意愿太低，拒绝"
            if not self.lowballed:
                self.lowballed = True
                return "LOWBALL", "意愿不高，先报个低价"
            return self.rng.choice(["STALL_TRY", "STALL_LATER"]), "还款意愿不足，继续拖"
        preferred = self._preferred_date(today)
        if asked_amount is not None and asked_amount > self.can_pay:
            if not self.lowballed:
                self.lowballed = True
                return "LOWBALL", "要求的金额超出能力，先报低价"
            self.relaxed = True
            self.agreed = Promise(self.can_pay, min(asked_date or preferred, self.pay_by), channel)
            return "PTP_OFFER", "金额超出能力，给出真实能还的数"
        if asked_amount is None and not self.lowballed and self.opening_offer < self.min_due:
            self.lowballed = True
            return "LOWBALL", "坐席没提金额，先报低价"
        if self.lowballed and not self.relaxed and asked_amount is None and not (
                u and u.has("offer_plan", "offer_minimum", "lawful_consequence", "request_payment")):
            return "LOWBALL", "坐席没有还价，坚持低价"
        amount = asked_amount if asked_amount is not None else min(self.can_pay, max(self.min_due,
                                                                                      self.opening_offer))
        when = asked_date if asked_date and today <= asked_date <= self.pay_by else preferred
        self.relaxed = True
        self.agreed = Promise(amount, when, channel)
        return "PTP_OFFER", "方案在能力范围内，承诺还款"

    def _preferred_date(self, today: date) -> date:
        if self.payday:
            d = today.replace(day=min(self.payday, 28))
            if d < today:
                d = (today.replace(day=1) + timedelta(days=32)).replace(day=min(self.payday, 28))
            if d <= self.pay_by:
                return d
        return self.pay_by

    # -- wording --------------------------------------------------------------------

    def _say(self, code: str, stage: Stage, events: Iterable[Response], today: date, *,
             ends: str | None = None, why: str = "") -> Reply:
        response = self._script_response(code, stage, events)
        spoken = response.code if response else code
        if code == "DEFLECT":
            text = self.rng.choice(bank().third_party_deflect)
            spoken = "ASK_PURPOSE"
            response = None
        else:
            text = self._words(spoken, response, today)
        if self.level == 1 and spoken not in ("HANG_UP", "LODGE_COMPLAINT", "CONFIRM_RECAP") and \
                self.rng.random() < 0.6:
            prefixes = bank().irritated if self.turn > 2 else bank().irritated[:1]
            text = self.rng.choice(prefixes) + text
        if code in ("PTP_OFFER", "ACCEPT_PLAN") and self.heard and self.empathy_count and \
                self.rng.random() < 0.3:
            text = self.rng.choice(bank().heard) + text
        if response is not None and response.next is None and ends is None and code in ("HANG_UP",):
            ends = "hung_up"
        promise = self.agreed if spoken in ("PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW") else None
        return Reply(spoken, text, self.speaker, response, ends, promise, why)

    def _script_response(self, code: str, stage: Stage, events: Iterable[Response]) -> Response | None:
        if code == "DEFLECT":
            return None
        persona = self.scenario.persona
        for candidate in EQUIVALENT.get(code, (code,)):
            for resp in stage.responses:
                if resp.code == candidate and (resp.weight(persona) > 0 or candidate == code):
                    return resp
        for resp in events:
            if resp.code == code:
                return resp
        return None

    def _words(self, code: str, response: Response | None, today: date) -> str:
        promise = self.agreed
        if code == "LOWBALL":
            amount = self.opening_offer if not self.relaxed else self.can_pay
            when = describe_date(self._preferred_date(today), today)
            return self._fill(self.rng.choice(bank().replies["LOWBALL"]), amount, when, "手机银行")
        if code in ("PTP_OFFER", "ACCEPT_PLAN") and self._correcting and promise is not None:
            self._correcting = False
            return self._fill(self.rng.choice(bank().replies["CORRECTION"]), promise.amount,
                              describe_date(promise.date, today), promise.channel)
        if code in SLOTTED and promise is not None:
            return self._fill(self.rng.choice(bank().replies[code]), promise.amount,
                              describe_date(promise.date, today), promise.channel)
        if code == "AGREE_CALLBACK":
            return self.rng.choice(["行，那你到时候再打给我吧。", "好，到时候再联系。"])
        pool: tuple[str, ...] = ()
        if response is not None and response.examples:
            pool = tuple(response.examples)
        if code in bank().replies and (not pool or code in ("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT",
                                                              "REPORTS_HOSPITALIZED") and self.reason):
            pool = pool + bank().replies[code] if not response else bank().replies[code]
        if not pool:
            pool = bank().filler
        return self._fill(self.rng.choice(pool), self.can_pay, describe_date(self.pay_by, today), "手机银行")

    def _fill(self, template: str, amount: float, when: str, channel: str) -> str:
        relation = self.scenario.answerer.get("relation", "家里人")
        values = {"amount": money(amount), "date": when, "channel": channel, "bank": self.scenario.bank,
                  "agent": self.scenario.agent_surname, "name": self.scenario.account.get("name", ""),
                  "relation": relation, "reason": self.reason,
                  "channel_complaint": self.scenario.debtor.get("complaint_channel", "银行消保热线")}
        if "{channel}" in template and template.count("{") and any(
                k in template for k in ("投诉", "反映")):
            values["channel"] = values["channel_complaint"]
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template
