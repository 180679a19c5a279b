"""``required``: each ``require:`` group must be said within the first ``within`` (default
``settings.identify_within``) agent turns of a call with the debtor; a call-level finding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .base import TEXTS, CheckType, Group, Said

if TYPE_CHECKING:
    from ..pack import Rule
    from ..state import CallState

REQUIRE: dict[str, Any] = {"type": "array", "minItems": 1, "items": TEXTS,
                           "description": "required/answer：每一组里至少说到一个（词或 @词表）"}


class Required(CheckType):
    name = "required"
    label = "必须说到"
    needs = ("require",)
    schema: ClassVar[dict[str, Any]] = {
        "require": REQUIRE,
        "within": {"type": "integer", "minimum": 1, "description": "required：前几句坐席话之内"}}

    def groups(self, rule: Rule) -> tuple[Group, ...]:
        return rule.require

    def watches(self, rule: Rule, settings: dict[str, Any]) -> int:
        return rule.within or settings.get("identify_within", 3)

    def said_early(self, rule: Rule, seen: list[bool], said: Said) -> None:
        self.mark_required_said(rule, seen, said)

    def missed(self, rule: Rule, seen: list[bool] | None, state: CallState, meta: dict[str, Any],
               settings: Any) -> bool:
        with_debtor = state.ever_debtor or state.verified
        return bool(with_debtor and state.agent_turns and seen is not None and not all(seen))
