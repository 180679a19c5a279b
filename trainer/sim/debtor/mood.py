"""The debtor's moods and the escalation ladder, and how one agent line moves them.

Anger 0–10, trust 0–10, willingness 0–1, patience (turns left) and complaint
intent 0–1 move with the agent's acts, scaled by the persona's traits
(``rational``, ``empathy``, ``pressure_tolerance``) and by difficulty (anger
gains ×0.5 at level 1 up to ×2 at level 5).  Compliance breaches raise anger
and complaint intent.  The ladder: calm → irritated → demands a supervisor →
threatens a complaint → lodges it and hangs up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("calm", "irritated", "demands_supervisor", "threatens_complaint", "complaint_lodged")

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
PAYMENT_ASK = ("request_payment", "offer_plan", "offer_minimum", "ask_date", "confirm_promise")
DEFAULT_TRAITS = {"rational": 0.6, "empathy": 0.6, "pressure_tolerance": 0.4}


@dataclass
class Mood:
    """The moods of the person on the line (mutable; one per call)."""

    difficulty: int = 2
    anger: float = 0.0
    trust: float = 5.0
    willingness: float = 0.5
    patience: int = 12
    complaint: float = 0.0
    level: int = 0
    traits: dict[str, float] = field(default_factory=dict)
    empathy_count: int = 0
    pressure_count: int = 0
    supervisor_ignored: int = 0
    last_text: str = ""
    rose_to: int | None = None          # the ladder step reached this turn (2 or more), if any
    breach: set[str] = field(default_factory=set)   # breach categories of this turn
    engaged: bool = True                # the agent's line did something recognisable
    is_debtor: bool = True              # the debtor is on the line (a disclosure to them is no offence)

    @classmethod
    def start(cls, mood: Mapping[str, Any], traits: Mapping[str, float], difficulty: int) -> Mood:
        """The opening moods (``mood``: persona defaults overlaid with the scenario's)."""
        me = cls(difficulty=difficulty)
        me.anger = float(mood.get("anger", 1))
        me.trust = float(mood.get("trust", 5))
        me.willingness = float(mood.get("willingness", 0.5))
        me.complaint = float(mood.get("complaint_intent", 0.0))
        me.patience = int(mood.get("patience", 14 - 2 * (difficulty - 1)))
        me.traits = {**DEFAULT_TRAITS, **traits}
        me.level = 1 if me.anger >= 3 else 0
        return me

    @property
    def gain(self) -> float:
        """Anger gains scale with difficulty: ×0.5 at level 1 … ×2 at level 5."""
        return 0.5 + 0.375 * (self.difficulty - 1)

    def snapshot(self) -> dict[str, Any]:
        """The moods after the last turn (rounded, for transcripts and the UI)."""
        return {"anger": round(self.anger, 1), "trust": round(self.trust, 1),
                "willingness": round(self.willingness, 2), "patience": self.patience,
                "complaint_intent": round(self.complaint, 2), "state": LEVELS[self.level]}

    # -- one agent line -------------------------------------------------------------

    def hear(self, text: str, acts: set[str], findings: Sequence[Mapping[str, Any]], *, first_identified: bool,
             probed: bool, unheard_objection: bool, heard: bool, progressed: bool,
             tone: Sequence[tuple[str, str]] = ()) -> None:
        """Move the moods after one agent line.

        ``first_identified``: the caller said who they are for the first time; ``probed``: the
        agent has asked for the reason; ``unheard_objection``: the objection was told but not yet
        listened to; ``heard``: it was.
        """
        self.rose_to = None
        self.engaged = bool(acts - {"greet"})
        critical = self._breaches(acts, findings)
        self._react(acts, first_identified)
        self._tone({kind for kind, _words in tone})
        rapport = self.empathy_count > 0 or probed
        self._press(acts, rapport, unheard_objection)
        if heard and not self.breach:
            self.willingness += 0.05
        self._tire(text.strip(), progressed, rapport)
        self._escalate(acts, critical)
        self._clamp()

    def _breaches(self, acts: set[str], findings: Sequence[Mapping[str, Any]]) -> bool:
        # a wrong department name (「催收部」) breaks a wording rule filed under impersonation, but
        # the customer hears no claim to be the police or a court: only a line understood as one stings
        findings = [f for f in findings if f.get("category") != "impersonation" or "impersonate" in acts]
        cats = {f.get("category") for f in findings if f.get("category")}
        cats |= {ACT_CATEGORY[a] for a in acts if a in ACT_CATEGORY}
        self.breach = {c for c in cats if c in BREACH}
        if self.is_debtor:
            self.breach.discard("third_party_disclosure")
        critical = any(f.get("severity") == "critical" for f in findings)
        soft = 1.5 - self.traits["pressure_tolerance"]
        # a breach said gently (with understanding or an apology in the same line) stings less
        serious = self.breach & {"threat", "abuse", "impersonation", "false_claim", "vulnerable"}
        gentle = 0.4 if acts & {"empathize", "apologize", "condolence"} and not (critical or serious) else 1.0
        for cat in self.breach:
            da, dc, dt = (x * gentle for x in BREACH[cat])
            self.anger += self.gain * da
            self.complaint += dc * soft
            self.trust -= dt
            self.willingness -= 0.05
        if critical:
            self.complaint += 0.1
        return critical

    def _react(self, acts: set[str], first_identified: bool) -> None:
        t = self.traits
        if "identify_self" in acts:
            self.trust += 1.5 if first_identified else 0.2
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
        if "explain_amount" in acts:
            self.trust += 0.5

    def _tone(self, kinds: set[str]) -> None:
        """Contempt and sarcasm sting (anger, complaint intent) even when no rule fires; pressure
        words irritate the less tolerant; courtesy is noticed and calms a little."""
        t = self.traits
        soft = 1.5 - t["pressure_tolerance"]
        if kinds & {"contempt", "sarcasm"}:
            self.anger += self.gain * 1.6
            self.complaint += 0.12 * soft
            self.trust -= 0.6
            self.breach.add("tone")
        if "accuse" in kinds:     # called a liar: it stings, less than contempt
            self.anger += self.gain * 1.0
            self.trust -= 0.4
        if "reproach" in kinds:   # 「日子是您自己定的」: a fair reminder, it still smarts a little
            self.anger += self.gain * 0.4
        if "pressure" in kinds:
            self.anger += self.gain * 0.7 * (1 - t["pressure_tolerance"])
        if "courtesy" in kinds and not kinds & {"contempt", "sarcasm"}:
            self.anger -= 0.25

    def _press(self, acts: set[str], rapport: bool, unheard_objection: bool) -> None:
        t = self.traits
        g = self.gain
        if "lawful_consequence" in acts:
            self.willingness += 0.15 * t["rational"] * max(0.0, 1 - self.anger / 10)
            self.anger += g * 0.8 * (1 - t["rational"])
            if not rapport:
                self.anger += g * 1.2 * (1 - t["pressure_tolerance"])
        if acts & set(PAYMENT_ASK):
            self.pressure_count += 1
            if not rapport and self.pressure_count > 2:
                self.anger += g * 0.8 * (1 - t["pressure_tolerance"])
            elif unheard_objection and "request_payment" in acts:
                self.anger += g * 0.4
        if acts & {"offer_plan", "offer_minimum"}:
            self.willingness += 0.1
            self.anger -= 0.3

    def _tire(self, text: str, progressed: bool, rapport: bool) -> None:
        if text and text == self.last_text:
            self.patience -= 1
        self.last_text = text
        # patience: a turn that says nothing recognisable is spent, given back when the call moved forward
        if not self.engaged:
            self.patience -= 1
            if progressed and not self.breach:
                self.patience += 1
        if self.level >= 1 and (self.breach or self.pressure_count > 3 and not rapport):
            self.patience -= 1

    def _escalate(self, acts: set[str], critical: bool) -> None:
        soothing = bool(acts & {"empathize", "apologize", "condolence"})
        option = bool(acts & {"offer_plan", "offer_minimum", "schedule_callback", "transfer_supervisor",
                              "record_dispute", "explain_amount"})
        logged = bool(acts & {"transfer_supervisor", "record_dispute"})
        if self.level == 2 and not (logged or soothing):
            self.supervisor_ignored += 1
            self.complaint += 0.15
        if 1 <= self.level <= 3 and soothing and option and not self.breach and (self.level < 3 or logged):
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
        if self.level >= 3 and (self.complaint >= 0.8 or self.breach or self.supervisor_ignored >= 2):
            target = 4
        if soothing and not self.breach and not critical:
            target = min(target, self.level)     # no one flares up at being shown understanding
        if target > self.level:
            step = 2 if (critical or self.complaint >= 0.6) and target >= 3 else 1
            self.level = min(target, self.level + step)
            if self.level >= 2:
                self.rose_to = self.level

    def _clamp(self) -> None:
        self.anger = min(10.0, max(0.0, self.anger))
        self.trust = min(10.0, max(0.0, self.trust))
        self.willingness = min(1.0, max(0.0, self.willingness))
        self.complaint = min(1.0, max(0.0, self.complaint))
