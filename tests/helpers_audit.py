"""Shared by the paraphrase tests of the rule pack: what the audit finds on a call's last line."""

from __future__ import annotations

from trainer.compliance import audit_transcript


def findings(opening: list[dict], line: str, contact: str = "debtor") -> list[dict]:
    """The findings on ``line``, said by the agent after the turns ``opening``."""
    turns = [*opening, {"speaker": "agent", "text": line}]
    transcript = {"id": "t", "meta": {"contact": contact}, "turns": turns}
    return [f for f in audit_transcript(transcript) if f["turn"] == len(turns) - 1]


def categories(opening: list[dict], line: str, contact: str = "debtor") -> set[str]:
    """The categories of :func:`findings`."""
    return {f["category"] for f in findings(opening, line, contact)}
