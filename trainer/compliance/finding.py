"""The finding: what the engine reports, as plain data (DESIGN.md "Finding")."""

from __future__ import annotations

from collections.abc import Mapping
from hashlib import sha256
from operator import itemgetter
from typing import Any, NotRequired, TypedDict

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
    spans: NotRequired[list[list[int]]]  # when the rule matched several places: every one, the first first
    title: str  # the rule's own title (CN-TP-003 reads as 核实本人之前谈欠款)
    also: NotRequired[list[dict[str, str]]]  # the same breach's other rules ({rule, category, title}): ``yields_to``


def finding(transcript: str, rule: Rule, turn: int | None = None, speaker: str | None = None,
            excerpt: str | None = None, start: int | None = None, end: int | None = None,
            low: bool = False) -> Finding:
    """A finding of ``rule``; ``low``: a homophone-only hit (its message says so)."""
    return {"transcript": transcript, "turn": turn, "speaker": speaker, "rule": rule.id,
            "category": rule.category, "severity": rule.severity,
            "message": rule.message + (LOW_CONFIDENCE if low else ""),
            "excerpt": excerpt, "start": start, "end": end, "title": rule.title}


REVIEW_NOTE = "（与示例相似度 {confidence}，疑似，请人工复核）"


def with_extra(f: Finding, extra: dict[str, Any]) -> Finding:
    """``f`` with an example-based rule's fields: ``confidence``, ``nearest``, and ``review``
    (its message then says it is for a person to check)."""
    out: dict[str, Any] = {**f, **extra}
    if extra.get("review"):
        out["message"] = f["message"] + REVIEW_NOTE.format(confidence=extra["confidence"])
    return out  # type: ignore[return-value]


def one_per_rule(findings: list[Finding]) -> list[Finding]:
    """One finding per rule per turn: the first place it matched in ``start``/``end``; when the
    rule matched several places, ``spans`` lists every one (the first first)."""
    if not findings:
        return findings
    kept: dict[tuple[str, int | None], Finding] = {}
    for f in findings:
        key = (f["rule"], f["turn"])
        first = kept.get(key)
        if first is None:
            kept[key] = f
        elif f["start"] is not None:
            # the candidates of one rule in a turn never overlap (auditor), so no span repeats
            first.setdefault("spans", [[first["start"], first["end"]]]).append([f["start"], f["end"]])
    return list(kept.values())


def fold_related(findings: list[Finding], yields: Mapping[str, frozenset[str]]) -> list[Finding]:
    """One finding per breach: a finding of a rule that ``yields_to`` a category present on the
    same turn is not reported on its own but named in that finding's ``also``.

    ``yields`` maps rule ids to the categories they yield to.  A finding yields only to one
    that does not itself yield on this turn (so two rules that would yield to each other both
    stay), and is folded into the first such finding of a category it yields to."""
    if len(findings) < 2 or not any(f["rule"] in yields for f in findings):
        return findings
    categories = {f["category"] for f in findings}

    def yields_here(f: Finding) -> frozenset[str]:
        return yields.get(f["rule"], frozenset()) & (categories - {f["category"]})

    primary = [f for f in findings if not yields_here(f)]
    kept: list[Finding] = []
    folded: list[tuple[Finding, Finding]] = []
    for f in findings:
        target = None if f in primary else next(
            (p for p in primary if p["category"] in yields_here(f)), None)
        if target is None:
            kept.append(f)
        else:
            folded.append((target, f))
    for target, f in folded:
        also = target.setdefault("also", [])
        if all(a["rule"] != f["rule"] for a in also):
            also.append({"rule": f["rule"], "category": f["category"], "title": f["title"]})
    return kept


ID_LENGTH = 12  # hex digits of a finding's stable id (48 bits: no collision in any real archive)


def finding_id(f: Mapping[str, Any]) -> str:
    """The stable id of a finding: a short hash of (transcript, turn, rule, span start, span end).

    The same call audited again gives its findings the same ids, so a review decision can follow
    them; the id is added as ``id`` to ``audit --format json`` (DESIGN.md allows added fields)."""
    try:  # (one C call; a finding without one of the keys reads it as None)
        transcript, turn, rule, start, end = _ID_FIELDS(f)
    except KeyError:
        transcript, turn, rule, start, end = map(f.get, _ID_KEYS)
    return id_of(transcript, turn, rule, start, end)


def id_of(transcript: Any, turn: Any, rule: Any, start: Any, end: Any) -> str:
    """:func:`finding_id` of a finding with these fields (for a writer that has them at hand):
    ``ID_LENGTH`` lowercase hex digits."""
    # one f-string: "\x1f".join of str() of each, None as ""
    key = (f"{'' if transcript is None else transcript}\x1f{'' if turn is None else turn}\x1f"
           f"{'' if rule is None else rule}\x1f{'' if start is None else start}\x1f{'' if end is None else end}")
    return sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def ids_of(findings: list[Mapping[str, Any]]) -> list[str]:
    """``[finding_id(f) for f in findings]``, with :func:`id_of`'s work inline (a writer's ids for
    a call's findings: one Python call a call instead of two a finding)."""
    try:
        fields = list(map(_ID_FIELDS, findings))
    except KeyError:  # (a finding without one of the keys: finding_id reads it as None)
        return [finding_id(f) for f in findings]
    return [sha256(f"{'' if transcript is None else transcript}\x1f{'' if turn is None else turn}\x1f"
                   f"{'' if rule is None else rule}\x1f{'' if start is None else start}\x1f"
                   f"{'' if end is None else end}".encode()).hexdigest()[:ID_LENGTH]
            for transcript, turn, rule, start, end in fields]


_ID_KEYS = ("transcript", "turn", "rule", "start", "end")
_ID_FIELDS = itemgetter(*_ID_KEYS)
