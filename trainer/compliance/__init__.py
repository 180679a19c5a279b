"""The compliance engine: rule packs, one-scan matching in context, plain-data findings.

Public API (see docs/internals.md and docs/compliance.md)::

    pack = load_pack(["bank.yaml"])            # bundled pack + local packs, compiled once per process
    auditor = pack.auditor(meta, "call-0001")  # one call, turn by turn
    auditor.add_turn(0, "agent", "您好……")      # -> [finding dict, …]
    auditor.finish()                           # call-level findings
    audit_transcript(transcript_dict)          # pure: plain dicts in, plain dicts out

This package judges text and call context only; it never imports the session,
the debtor simulator or the flow machine.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from .auditor import Auditor
from .examples import ExampleResult, run_examples
from .finding import Finding
from .pack import Rule, bundled_pack_paths, example_transcript, validate_pack_file
from .rulepack import RulePack

__all__ = ["load_pack", "RulePack", "Auditor", "Rule", "audit_transcript", "validate_pack_file",
           "run_examples", "ExampleResult", "bundled_pack_paths", "example_transcript", "Finding"]


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> RulePack:
    # once per process; what compiling derives from the files is kept as JSON (packcache.py)
    from . import packcache

    return packcache.load(extra)


def load_pack(extra: Any = ()) -> RulePack:
    """The bundled pack plus local packs, compiled once per distinct list of paths.

    Raises :class:`trainer.base.errors.InputError` listing every problem of a bad pack.
    """
    if isinstance(extra, (str, Path)):
        extra = [extra]
    return _load(tuple(str(Path(p).resolve()) for p in extra))


def audit_transcript(transcript: dict[str, Any], rules: RulePack | None = None) -> list[Finding]:
    """All findings of one transcript (DESIGN.md formats in and out). Pure and picklable-friendly:
    safe to map over Dask/Spark partitions; the pack is compiled once per worker process."""
    pack = rules if rules is not None else load_pack()
    return pack.audit(transcript)
