"""The debtor's own opening: when someone else took the call first.

A relative, a child or a colleague answers; the agent rightly keeps the bank's name from them and
asks for the debtor, who then comes to the phone.  The bank and the agent's surname (CN-ID-001,
``check: required``) are owed to the debtor, so the first ``within`` agent turns from that moment
count as the opening too, besides the call's first ones (README, Decisions: "The opening belongs to
whoever is on the line").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .checks.base import Group


@dataclass
class LateOpening:
    """Where the debtor's opening starts, and the required groups said in it."""

    start: int | None = None  # the agent turns spoken before the debtor came to the phone
    said: dict[Group, int] = field(default_factory=dict)  # group -> first turn of the opening saying it

    def begin(self, agent_turns: int) -> None:
        """The debtor confirmed they are on the line after a third party (only the first time counts)."""
        if self.start is None:
            self.start = agent_turns

    def open(self, agent_turns: int, within: int) -> bool:
        """Is the next agent turn one of the first ``within`` of the debtor's opening?"""
        return self.start is not None and agent_turns < self.start + within

    def mark(self, agent_turns: int, groups: list[Group], found: Callable[[Group, str], bool], folded: str) -> None:
        """The required ``groups`` this agent turn of the opening says."""
        turn = agent_turns - self.start
        for g in groups:
            if g not in self.said and found(g, folded):
                self.said[g] = turn

    def said_all(self, groups: tuple[Group, ...], within: int) -> bool:
        """Were all ``groups`` said in the first ``within`` agent turns of the debtor's opening?
        A rule that names none (the calling hours without ``require:``) has nothing said there."""
        return self.start is not None and bool(groups) and all(self.said.get(g, within) < within for g in groups)
