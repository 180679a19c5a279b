"""``derived``: a breach that follows from another one in the same turn, given who is on the line.

Pressure is pressure on the vulnerable when the person is a minor, seriously ill or bereaved;
telling a third party that the family must pay is also collecting from that third party.  A
derived rule names the categories it follows from (``from:``) and the call states it needs
(``while:``); when an agent turn has a finding of one of those categories in that state, the
rule adds its own finding at the same place.  It judges who is on the line, not words: it has
no patterns of its own.  ``from`` names categories, or rule ids for a narrower reading (telling
a bereaved relative about the debt is disclosure; asking them to pay is also pressure).
``takes_over`` names categories whose findings on the turn are folded into the derived one: a
threat made to a child is reported as pressing a minor, the one breach it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from trainer.base.vocab import CATEGORIES

from .base import CheckType

RULE_ID = r"^[A-Z]{2,4}-[A-Z]{2,5}-[0-9]{3}$"

if TYPE_CHECKING:
    from ..pack import Rule


class Derived(CheckType):
    name = "derived"
    label = "由同一句的其他违规推定"
    needs = ("from", "while")
    schema: ClassVar[dict[str, Any]] = {
        "from": {"type": "array", "minItems": 1,
                 "items": {"anyOf": [{"enum": list(CATEGORIES)}, {"type": "string", "pattern": RULE_ID}]},
                 "description": "derived：同一句坐席话里出现这些类别（或这些规则编号）的违规时，本规则也成立"},
        "takes_over": {"type": "array", "minItems": 1, "items": {"enum": list(CATEGORIES)},
                       "description": "derived：同一句里这些类别的违规并入本规则的 also，由本规则作为这一处违规报出"
                                      "（如对未成年人的威胁首先是对未成年人施压）"}}

    def derives(self, rule: Rule, categories: set[str]) -> bool:
        """``categories`` holds the turn's finding categories and rule ids."""
        return bool(categories.intersection(rule.derive_from))
