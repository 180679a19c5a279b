"""The memory of one call: what has been said and done so far, kept for the whole call.

One :class:`CallMemory` per call, written by the session after every turn and read by
everything that judges or answers the call — the debtor (what has been answered, what it
has already said), the scorecard (what was covered, when, in what order), ``/hint`` and
``/why`` — so that all of them read the call the same way.  Stage changes never erase it.

What it keeps (turn numbers are indexes into the transcript's ``turns``):

* ``acts``: each collector act the agent performed, with every turn it was recognised in;
* ``key_points``: every key point of the script the agent covered, wherever it was said
  (not only in the stage that lists it), with the first turn and the stage it was said in;
* ``raised``: what the other side raised (response codes), when, and when the agent
  answered it (an act in :data:`ANSWERS` on a later agent turn);
* ``replies``: the other side's lines so far, to avoid saying one twice;
* ``on_the_line``: who answered (``debtor``, ``third_party``), whether the person was
  confirmed, and the facts of the call about the person (``ill``, ``bereaved``, ``minor``);
* ``tone``: the agent's rudeness and courtesy as understood (not as found by rules);
* ``figures``: the amounts and days overdue the agent stated, to check against the account.

It judges nothing itself; it only remembers, and answers questions about the past.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.zh.cues import identity_answer, illness_subject

# Debtor (and third-party) codes → the collector acts that answer them.
ANSWERS: dict[str, tuple[str, ...]] = {
    "ASK_WHO": ("identify_self",), "SUSPECT_SCAM": ("identify_self",), "ASK_STAFF_ID": ("identify_self",),
    "ASK_PURPOSE": ("state_purpose", "state_amount"), "DISPUTE_AMOUNT": ("explain_amount",),
    "ASK_CONSEQUENCE": ("lawful_consequence",), "ASK_INSTALLMENT": ("offer_plan",),
    "ASK_WAIVER": ("explain_amount", "offer_plan"),
    "NO_MONEY": ("probe_reason", "empathize"), "NO_ABILITY": ("probe_reason", "empathize"),
    "HARDSHIP_EVENT": ("probe_reason", "empathize"), "LOWBALL": ("offer_plan", "offer_minimum"),
    "PTP_OFFER": ("recap",), "ACCEPT_PLAN": ("recap",), "PAY_NOW": ("recap",),
    "CONFIRM_RECAP": ("close",), "THIRD_PARTY_FAMILY": ("leave_message",),
    "THIRD_PARTY_WORK": ("leave_message",), "REPORTS_DECEASED": ("condolence",),
    "REPORTS_HOSPITALIZED": ("empathize", "condolence"), "NOT_MY_CHARGES": ("record_dispute",),
    "DEMAND_SUPERVISOR": ("transfer_supervisor", "apologize"),
    "THREAT_COMPLAINT": ("transfer_supervisor", "apologize"),
    "CLAIM_NO_NOTICE": ("apologize", "explain_amount"),
}
# Facts about the person on the line that the call learns from what is said to the agent.
PERSON_FACTS = {"REPORTS_HOSPITALIZED": "ill", "REPORTS_DECEASED": "bereaved", "MINOR_ANSWERS": "minor"}
THIRD_PARTY_CODES = frozenset({"THIRD_PARTY_FAMILY", "THIRD_PARTY_WORK", "MINOR_ANSWERS", "WRONG_NUMBER",
                               "REPORTS_DECEASED", "THIRD_PARTY_TAKES_PHONE"})


@dataclass
class Raised:
    """One thing the other side raised, and whether the agent has answered it."""

    code: str
    turn: int
    answered: int | None = None  # the agent turn that answered it


@dataclass
class CallMemory:
    """Everything said and done in one call so far (mutable; see the module docstring)."""

    acts: dict[str, list[int]] = field(default_factory=dict)
    key_points: dict[str, tuple[int, str]] = field(default_factory=dict)   # kp id -> (turn, stage)
    raised: list[Raised] = field(default_factory=list)
    replies: list[tuple[int, str, str]] = field(default_factory=list)        # (turn, code, text)
    agent_lines: list[tuple[int, str, str]] = field(default_factory=list)    # (turn, stage, text)
    contact: str = "debtor"
    confirmed: int | None = None  # the turn the person confirmed being the debtor
    facts: set[str] = field(default_factory=set)
    tone: list[tuple[int, str, str]] = field(default_factory=list)  # (turn, kind, words)
    figures: list[tuple[int, str, float]] = field(default_factory=list)  # (turn, amount|days|due|min, value)

    # -- writing (the session) -----------------------------------------------------------

    def agent_said(self, turn: int, stage: str, text: str, acts: Iterable[str],
                   key_points: Iterable[str], tone: Iterable[tuple[str, str]] = ()) -> None:
        """One agent line: its acts, the key points it covered (any stage's), its tone."""
        self.agent_lines.append((turn, stage, text))
        acts = tuple(acts)
        for act in acts:
            self.acts.setdefault(act, []).append(turn)
        for kp in key_points:
            self.key_points.setdefault(kp, (turn, stage))
        for kind, words in tone:
            self.tone.append((turn, kind, words))
        for item in self.raised:
            if item.answered is None and set(acts) & set(ANSWERS.get(item.code, ())):
                item.answered = turn

    def agent_figures(self, turn: int, amounts: Iterable[float] = (), days: Iterable[int] = (),
                      other: Iterable[tuple[str, float]] = ()) -> None:
        """The figures one agent line stated: sums of money, days overdue, and ``other``
        ``(kind, value)`` pairs (``due``: month × 100 + day of the due date; ``min``: the minimum due)."""
        self.figures += [(turn, "amount", float(a)) for a in amounts]
        self.figures += [(turn, "days", float(d)) for d in days]
        self.figures += [(turn, kind, float(v)) for kind, v in other]

    def other_said(self, turn: int, code: str, text: str) -> None:
        """One line of the other side, with its response code."""
        self.replies.append((turn, code, text))
        if code in ANSWERS and not any(r.code == code and r.answered is None for r in self.raised):
            self.raised.append(Raised(code, turn))
        # who is on the line: the reply's code, or its words read as the compliance engine reads
        # them (trainer.zh.cues), so the trainer and the audit of the same call agree
        answer = identity_answer(text) if self.confirmed is None and self.acts.get("ask_for_debtor") else None
        if (code == "CONFIRM_IDENTITY" or answer == "confirm") and self.confirmed is None:
            self.confirmed = turn
        if code in THIRD_PARTY_CODES or answer == "deny":
            self.contact = "third_party"
        fact = PERSON_FACTS.get(code)
        if fact == "ill" and illness_subject(text) == "other":
            fact = None  # a relative in hospital, given as the reason: harder, not special
        if fact:
            self.facts.add(fact)

    # -- reading -------------------------------------------------------------------------

    def did(self, act: str) -> bool:
        return act in self.acts

    def first(self, act: str) -> int | None:
        turns = self.acts.get(act)
        return turns[0] if turns else None

    def covered(self, key_point: str) -> int | None:
        """The first turn that covered ``key_point`` (in any stage), or None."""
        hit = self.key_points.get(key_point)
        return hit[0] if hit else None

    def unanswered(self) -> list[Raised]:
        """What the other side raised that the agent has not answered yet, oldest first."""
        return [r for r in self.raised if r.answered is None]

    def said_before(self, text: str) -> bool:
        """Whether the other side has already said exactly ``text`` in this call."""
        return any(t == text for _turn, _code, t in self.replies)

    def times_raised(self, code: str) -> int:
        return sum(1 for _turn, c, _text in self.replies if c == code)

    def times_raised_any(self, codes: Iterable[str]) -> int:
        """How many lines of the other side had any of ``codes`` (one meaning said several ways)."""
        wanted = set(codes)
        return sum(1 for _turn, c, _text in self.replies if c in wanted)

    def last_said(self, code: str) -> str | None:
        """The other side's latest line with ``code``, or None."""
        return next((t for _turn, c, t in reversed(self.replies) if c == code), None)

    def pending_question(self, codes: Iterable[str]) -> tuple[str, str] | None:
        """The latest unanswered thing raised among ``codes``: (code, the words it was asked in)."""
        wanted = set(codes)
        for item in reversed(self.unanswered()):
            if item.code in wanted:
                text = next((t for turn, _c, t in self.replies if turn == item.turn), "")
                return item.code, text
        return None

    def agent_mentioned(self, pattern: str) -> bool:
        """Whether any agent line so far contains ``pattern`` (a plain substring)."""
        return any(pattern in text for _turn, _stage, text in self.agent_lines)

    def tone_count(self, *kinds: str) -> int:
        """How many tone marks of these kinds the agent's lines carried so far."""
        return sum(1 for _turn, kind, _words in self.tone if kind in kinds)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for a transcript's ``meta`` or a debugging view."""
        return {
            "acts": {a: list(t) for a, t in self.acts.items()},
            "key_points": {k: {"turn": t, "stage": s} for k, (t, s) in self.key_points.items()},
            "raised": [{"code": r.code, "turn": r.turn, "answered": r.answered} for r in self.raised],
            "contact": self.contact, "confirmed": self.confirmed, "facts": sorted(self.facts),
            "tone": [{"turn": t, "kind": k, "words": w} for t, k, w in self.tone],
            "figures": [{"turn": t, "kind": k, "value": v} for t, k, v in self.figures],
        }


def key_points_in(folded: str, matchers: Mapping[str, Any]) -> list[str]:
    """Ids of the key points (``id -> matcher``) whose matcher matches a folded line."""
    return [kp for kp, matcher in matchers.items() if matcher.matches(folded)]
