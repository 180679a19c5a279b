"""The call state: what an auditor knows about a call before the current turn.

The other side's words move it on (cue lexicons, :data:`STATE_LEXICONS`); rules name the
states they apply in with ``while:`` / ``except_while:`` (``unverified``, ``third_party``,
``debtor``, and the flags ``minor``, ``bereaved``, ``ill``, ``distressed`` (in crisis: crying, 「不想活了」),
``asked_state``; and ``claimed``, which the
agent's own words set: an earlier agent turn of the call made a false claim, so 「这是法律规定的」 or
「我帮您把止付申请撤回来」 now keeps it up).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pack import Rule

# Lexicons the call-state tracker reads from non-agent turns, and the cue each one gives.
STATE_LEXICONS = {
    "confirm_identity": "confirm", "deny_identity": "deny", "minor_cues": "minor",
    "bereaved_cues": "bereaved", "ill_cues": "ill", "state_question_cues": "asked_state",
    "distress_cues": "distressed",
}
STATE_NAMES = list(STATE_LEXICONS.values())  # a CUE entry's ref is an index into this
FLAG_CUES = frozenset({"minor", "bereaved", "ill", "asked_state", "distressed"})
ONE_TURN = frozenset({"asked_state"})  # flags that only last until the agent's next turn
CLAIMED = "claimed"  # set after an agent turn with a false_claim finding; lasts the call
# the category of telling or asking someone other than the debtor about the debt: with anyone but the debtor
# on the line it keeps its own line on every turn, beside any other breach in its sentence (Auditor.to_others;
# round 13 kept only the first telling apart, round 14 every turn, as the reviewers label each)
TOLD = "third_party_disclosure"


@dataclass
class CallState:
    """What the auditor knows about the call so far (before the current turn)."""

    contact: str = "unknown"  # unknown | debtor | third_party
    verified: bool = False
    ever_debtor: bool = False
    flags: set[str] = field(default_factory=set)
    asked_who: bool = False
    agent_turns: int = 0

    def satisfies(self, states: tuple[str, ...]) -> bool:
        for state in states:
            if state == "unverified" and not self.verified and self.contact != "third_party":
                return True
            if state == "third_party" and self.contact == "third_party":
                return True
            if state == "debtor" and self.verified and self.contact == "debtor":
                return True
            if state in self.flags:
                return True
        return False

    def applies(self, rule: Rule) -> bool:
        """Whether ``rule``'s ``while:`` / ``except_while:`` let it judge in this state."""
        if rule.while_ and not self.satisfies(rule.while_):
            return False
        return not (rule.except_while and self.satisfies(rule.except_while))


# States in which most turns are judged anyway: a verified debtor, or a call where the agent has
# made a false claim already (it follows from the agent's own hits, so it is no rarer than they are).
COMMON = frozenset({"debtor", CLAIMED})


def rarely(rule: Rule) -> bool:
    """Rules that only apply in uncommon call states (third party, minors…) are scanned separately."""
    return bool(rule.while_) and not COMMON.intersection(rule.while_)
