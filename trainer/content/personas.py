"""Personas: how each type of person on the line behaves, from ``trainer/data/personas.yaml``.

Everything persona-specific lives in that file — opening moods and traits, what
they want answered, their objection and stalls, their negotiation numbers, the
few behaviour switches (``suspects_scam``, ``refuses_when_pressed``) and the hint
on the case card — so a new persona is a YAML entry (plus its name in
:data:`trainer.base.vocab.PERSONAS`).  The simulated debtor
(:mod:`trainer.sim.debtor`) and the console's case card read it.

Cheap to import: the file is read (with :mod:`trainer.base.yamlio`) on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

FALLBACK = "honest"     # the persona whose moods and traits an unknown persona gets


@dataclass(frozen=True)
class PersonaBook:
    personas: Mapping[str, Mapping[str, Any]]
    objections: Mapping[str, Mapping[str, Any]]    # objections needing special handling
    default_stalls: tuple[str, ...]

    def settings(self, persona: str) -> Mapping[str, Any]:
        """The persona's settings ({} when unknown)."""
        return self.personas.get(persona, {})

    def stalls(self, persona: str) -> tuple[str, ...]:
        return tuple(self.settings(persona).get("stalls", self.default_stalls))

    def hint(self, persona: str) -> str | None:
        value = self.settings(persona).get("hint")
        return str(value) if value else None


@functools.lru_cache(maxsize=1)
def book() -> PersonaBook:
    """The personas of ``trainer/data/personas.yaml`` (loaded once)."""
    from trainer.base.vocab import PERSONAS
    from trainer.base.yamlio import load_document

    source = resources.files("trainer").joinpath("data", "personas.yaml")
    data = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/personas.yaml").data
    unknown = set(data["personas"]) - set(PERSONAS)
    if unknown:  # pragma: no cover - guarded by tests
        raise ValueError(f"personas.yaml: unknown personas {sorted(unknown)}")
    return PersonaBook(data["personas"], data.get("objections", {}), tuple(data["default_stalls"]))
