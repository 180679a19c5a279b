"""The finding: what the engine reports, as plain data (DESIGN.md "Finding")."""

from __future__ import annotations

from typing import TypedDict

from .pack import Rule

LOW_CONFIDENCE = "（疑似谐音规避，置信度较低，请人工复核）"


class Finding(TypedDict):
    """One finding, in this key order (it is the order of ``audit --format json``).

    ``turn`` is the 0-based turn index, None for call-level findings (then ``speaker``,
    ``excerpt``, ``start`` and ``end`` are None too); ``start``/``end`` are offsets into the
    turn's original text."""

    transcript: str
    turn: int | None
    speaker: str | None
    rule: str
    category: str
    severity: str
    message: str
    excerpt: str | None
    start: int | None
    end: int | None


def finding(transcript: str, rule: Rule, turn: int | None = None, speaker: str | None = None,
            excerpt: str | None = None, start: int | None = None, end: int | None = None,
            low: bool = False) -> Finding:
    """A finding of ``rule``; ``low``: a homophone-only hit (its message says so)."""
    return {"transcript": transcript, "turn": turn, "speaker": speaker, "rule": rule.id,
            "category": rule.category, "severity": rule.severity,
            "message": rule.message + (LOW_CONFIDENCE if low else ""),
            "excerpt": excerpt, "start": start, "end": end}
