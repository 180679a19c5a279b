"""Debt named before verification, to the person who then proves to be the debtor (round 12).

CN-TP-003 (核实本人之前谈欠款) judges the agent's words while nobody on the line is verified: the
risk is a stranger hearing of the debt.  On an audited real call whose record says the debtor
answered (``meta.contact: debtor``, no ``meta.mode``: ``Auditor.debtor_on_record``), the agent who
names the debt in the first breath (「喂，钟卫东吧？…你尾号7725的卡逾期两个月了，一万一千零八十」)
has the order of the script wrong, but tells nobody else: round 11's held-out reviewer ruled it 「不标，作为
话术质量问题留给评分，不记入合规金标」 (BI-20 turn 0), as an author of round 9 had (AV-10 turn 1).

So the findings of the rules that only judge before verification (``while: [unverified]`` and
nothing else) are held on such a call until it ends.  If the listener then proved to be the debtor
(verified on the line, and nobody else took the call first), they are **script-order notes**
(``auditor.order.notes``), not disclosures: no finding in any of the nine categories.
If the reply denied being the person, or nobody ever confirmed, they are reported as before.  A
practice or ``play`` session is never "on record": there the course's rule stands, find the right
person before any debt talk, and the trainee is told at once.

The batch hands a call's notes on with its findings (:func:`with_notes`, read back by
:func:`notes_of`), the way the second opinion's withdrawn findings travel: on the list object,
so they cross ``audit --jobs``'s worker boundary with it, and a call without notes keeps its plain
list.  ``trainer audit``'s text and HTML reports list them apart, uncounted (README, Decisions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from .finding import Finding
from .second_opinion import Findings

if TYPE_CHECKING:
    from .rulepack import RulePack
    from .state import CallState

_BEFORE_VERIFIED: WeakKeyDictionary[RulePack, frozenset[str]] = WeakKeyDictionary()


def before_verification_rules(pack: RulePack) -> frozenset[str]:
    """The ids of ``pack``'s rules that judge only while nobody is verified."""
    known = _BEFORE_VERIFIED.get(pack)
    if known is None:
        known = _BEFORE_VERIFIED[pack] = frozenset(r.id for r in pack.all_rules if r.while_ == ("unverified",))
    return known


class HeldOrder:
    """The before-verification findings of a call on record, until it is known who listened."""

    def __init__(self, pack: RulePack) -> None:
        self.rules = before_verification_rules(pack)
        self.held: list[Finding] = []
        self.notes: list[Finding] = []  # the script-order notes, once the call has ended

    def hold(self, findings: list[Finding]) -> list[Finding]:
        """``findings`` of an agent turn without those held back (kept here)."""
        if not self.rules or not any(f["rule"] in self.rules for f in findings):
            return findings
        self.held += [f for f in findings if f["rule"] in self.rules]
        return [f for f in findings if f["rule"] not in self.rules]

    def settle(self, state: CallState, someone_else_first: bool) -> list[Finding]:
        """At the call's end: the held findings to report; the others become :attr:`notes`."""
        held, self.held = self.held, []
        if state.verified and state.contact == "debtor" and not someone_else_first:
            self.notes += held
            return []
        return held


def with_notes(findings: list[Finding], notes: list[Finding]) -> list[Finding]:
    """``findings`` of a call carrying its script-order ``notes`` (the list itself when there are none)."""
    if not notes:
        return findings
    if isinstance(findings, Findings):
        findings.notes = notes
        return findings
    return Findings(findings, [], notes)


def notes_of(findings: Any) -> list[Finding]:
    """The script-order notes a call's ``findings`` carry (none for a plain list)."""
    return getattr(findings, "notes", [])
