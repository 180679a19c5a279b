"""The base class of check types (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..finding import Finding
    from ..pack import Rule
    from ..state import CallState

Group = tuple[str, ...]  # words or @lexicons, one of which must be said
Said = Callable[[Group], bool]  # is any term of the group said (in the turn at hand)?


def said_in_turn(at: dict[Group, set[int]], turn: int) -> Said:
    """``Said`` for turn ``turn`` of a batch whose turns saying each group are known (``at``)."""
    return lambda group: turn in at.get(group, ())

TEXTS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}


class CheckType:
    """One value of a rule's ``check:``.  The defaults are those of a pattern check."""

    name: ClassVar[str]
    label: ClassVar[str]  # what ``trainer rules RULE`` calls it
    needs: ClassVar[tuple[str, ...]] = ("patterns",)  # fields a rule of this type must have (RP009)
    schema: ClassVar[dict[str, Any]] = {}  # rule-schema properties this type adds

    # --- compilation -------------------------------------------------------------------------

    def groups(self, rule: Rule) -> tuple[Group, ...]:
        """The word groups to compile for ``rule`` (an automaton each, see ``RulePack.group_found``)."""
        return ()

    def watches(self, rule: Rule, settings: dict[str, Any]) -> int:
        """How many of the first agent turns of a call this rule looks at (0: none in particular)."""
        return 0

    # --- judging (hooks; only called for the types that override them) ----------------------

    def heard(self, rule: Rule, said: Said) -> bool:
        """After a turn of the other side: does the agent now owe something (``owed``)?"""
        return False

    def owed(self, rule: Rule, said: Said) -> bool:
        """On the agent's next turn after ``heard``: True when that turn fails to give it."""
        return False

    def said_early(self, rule: Rule, seen: list[bool], said: Said) -> None:
        """On each of the first ``watches`` agent turns: mark in ``seen`` the groups said."""

    @staticmethod
    def mark_required_said(rule: Rule, seen: list[bool], said: Said) -> None:
        """``said_early`` for the types that watch ``rule.require``: each group said marks its place in ``seen``."""
        for gi, group in enumerate(rule.require):
            if not seen[gi] and said(group):
                seen[gi] = True

    def settle(self, rule: Rule, settings: dict[str, Any]) -> Rule:
        """``rule`` as the pack's settings make it (e.g. its message naming the pack's own hours)."""
        return rule

    def judges(self, rule: Rule, text: str, start: int) -> dict[str, Any] | None:
        """On a pattern hit at ``start`` of the original ``text`` that its context does not excuse:
        the finding's extra fields, or None to drop the hit (only ``similar`` overrides it)."""
        return {}

    def derives(self, rule: Rule, categories: set[str]) -> bool:
        """After an agent turn with findings of ``categories``: does this rule follow from them?"""
        return False

    def per_turn(self, rule: Rule, transcript: str, index: int, text: str, folded: str,
                 state: CallState) -> Finding | None:
        """On every agent turn (a check without anchors, ``model``): a finding, or None."""
        return None

    def per_turn_many(self, rules: list[Rule], transcript: str, index: int, text: str, folded: str,
                      state: CallState) -> list[Finding]:
        """:meth:`per_turn` for each of ``rules`` (all of this type), in order: the findings."""
        return [f for rule in rules if (f := self.per_turn(rule, transcript, index, text, folded, state)) is not None]

    def may_fire(self, rule: Rule, folded: str) -> bool:
        """For ``per_turn``: could an agent turn saying ``folded`` give a finding in a call state
        without ``flags``?  (A batch judges only those turns, and every agent turn while one of
        ``flags`` holds.)"""
        return True

    def may_fire_any(self, rules: list[Rule], folded: list[str], turns: list[int]) -> list[int]:
        """The agent ``turns`` (numbers into ``folded``) on which one of ``rules`` (all of this
        type) could fire: :meth:`may_fire` for each, or faster for all at once."""
        may_fire = self.may_fire
        return [g for g in turns if any(may_fire(rule, folded[g]) for rule in rules)]

    def may_fire_now(self, rules: list[Rule], folded: str, state: CallState) -> bool:
        """For ``per_turn``: could one of ``rules`` (all of this type) give a finding on an agent
        turn saying ``folded`` in ``state``?  False only where :meth:`per_turn_many` gives none.
        It may read only who is on the line, whether identity is confirmed and the flags of
        ``state``: a batch remembers the answer per line and those (``batch._may_fire_now``)."""
        return True

    flags: ClassVar[frozenset[str]] = frozenset()

    def missed(self, rule: Rule, seen: list[bool] | None, state: CallState, meta: dict[str, Any],
               settings: Any) -> bool:
        """At the end of the call: True for a call-level finding."""
        return False

    @classmethod
    def overrides(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(CheckType, hook)
