"""Pattern checks: ``forbidden``, ``altered_term`` and ``order``.

Their patterns are judged turn by turn like every rule's (anchors, clause, context); they
need no hook.  ``altered_term``'s ``term:`` is in the rule's allow-list (``compile``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .base import CheckType


class Forbidden(CheckType):
    name = "forbidden"
    label = "禁用说法"


class AlteredTerm(CheckType):
    name = "altered_term"
    label = "规范用语被改动"
    needs = ("patterns", "term")
    schema: ClassVar[dict[str, Any]] = {
        "term": {"type": "string", "minLength": 1, "description": "altered_term：唯一认可的说法"}}


class Order(CheckType):
    name = "order"
    label = "通话顺序/对象"
    needs = ("patterns", "while")
