"""Check types of rules (the ``check:`` field), one module each, dispatched from here.

A check type says which fields a rule of its kind needs (:attr:`CheckType.needs`, RP009),
which fields it adds to the rule schema (:attr:`CheckType.schema`), its Chinese label, what
to compile for it (:meth:`CheckType.groups`, :meth:`CheckType.watches`) and how it judges a
call (the hooks :meth:`CheckType.heard`, :meth:`CheckType.owed` and :meth:`CheckType.missed`).
The auditor calls the hooks in both paths, turn by turn and in a batch, so they cannot
disagree.  Every rule's ``patterns`` are judged turn by turn whatever its check type
(forbidden, altered_term and order are pattern checks and need no hook).

To add a check type: write ``checks/<name>.py`` with a ``CheckType`` subclass and add it to
:data:`REGISTRY` below.  Rule packs, ``trainer validate`` and the schema pick it up from here.
"""

from __future__ import annotations

from typing import Any

from .answer import Answer
from .base import CheckType, Group, Said, said_in_turn
from .derived import Derived
from .forbidden import AlteredTerm, Forbidden, Order
from .metadata import Metadata
from .model import ModelCheck
from .required import Required
from .similar import Similar

# In this order: the schema's fields, and call-level findings (missed) of a call.
REGISTRY: dict[str, CheckType] = {c.name: c for c in (
    Forbidden(), AlteredTerm(), Required(), Answer(), Order(), Metadata(), Derived(), Similar(),
    ModelCheck())}


def schema_fields() -> dict[str, Any]:
    """The rule-schema properties that the check types add, in registry order."""
    fields: dict[str, Any] = {}
    for check in REGISTRY.values():
        for key, value in check.schema.items():
            fields.setdefault(key, value)
    return fields


__all__ = ["REGISTRY", "CheckType", "Group", "Said", "said_in_turn", "schema_fields"]
