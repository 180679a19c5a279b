"""``answer``: when the other side says a ``trigger:`` (「你们是哪里？」), the agent's next turn
must say each ``require:`` group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .base import TEXTS, CheckType, Group, Said
from .required import REQUIRE

if TYPE_CHECKING:
    from ..pack import Rule


class Answer(CheckType):
    name = "answer"
    label = "被问到时必须回答"
    needs = ("trigger", "require")
    schema: ClassVar[dict[str, Any]] = {
        "require": REQUIRE,
        "trigger": {**TEXTS, "description": "answer：对方这样问时（词或 @词表）"}}

    def groups(self, rule: Rule) -> tuple[Group, ...]:
        return (*rule.require, rule.trigger) if rule.trigger else rule.require

    def heard(self, rule: Rule, said: Said) -> bool:
        return said(rule.trigger)

    def owed(self, rule: Rule, said: Said) -> bool:
        return not all(said(g) for g in rule.require)
