"""What a call missed: required key points never covered and debtor responses left unanswered.

The key points come from :func:`trainer.sim.scoring.missed_key_points`, the same count the scorer
deducts for; the simulator is imported only when a call is judged, so opening the records stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def misses_from_result(result: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """What a call's result says the trainee missed: ``(kind, code, title)``.

    Reads ``result["missed"]`` (``{"key_points": [...], "responses": [...]}``, items either ids
    or dicts with ``id``/``code`` and ``title``) and, failing that, the score's deductions that
    name a ``key_point`` or a ``response``."""
    out: dict[tuple[str, str], str | None] = {}

    def add(kind: str, item: Any) -> None:
        if isinstance(item, dict):
            code = item.get("id") or item.get("code") or item.get(kind)
            title = item.get("title") or item.get("label")
        else:
            code, title = item, None
        if code:
            key = (kind, str(code))
            out[key] = out.get(key) or (str(title) if title else None)

    missed = result.get("missed")
    if isinstance(missed, dict):
        for item in missed.get("key_points") or []:
            add("key_point", item)
        for item in missed.get("responses") or []:
            add("response", item)
    score = result.get("score")
    deductions = score.get("deductions") if isinstance(score, dict) else None
    for item in deductions or []:
        if not isinstance(item, dict):
            continue
        if item.get("key_point"):
            add("key_point", {"id": item["key_point"], "title": item.get("title")})
        elif item.get("response"):
            add("response", {"id": item["response"], "title": item.get("title")})
    if not isinstance(missed, dict) or "responses" not in missed:
        turns = (result.get("transcript") or {}).get("turns") or []
        for code in missed_responses(turns):
            add("response", code)
    return [(kind, code, title) for (kind, code), title in out.items()]


def missed_responses(turns: Iterable[dict[str, Any]]) -> list[str]:
    """Debtor response types the agent's next line did not answer.

    A reply with a known answer (``trainer.sim.session.ANSWERS``: ``NO_MONEY`` → probe the reason or
    show understanding, ``ASK_WHO`` → identify yourself …) is *missed* when the agent's very next
    line has none of those acts.  Uses the ``response`` and ``acts`` annotations of the turns."""
    try:
        from trainer.sim.session import ANSWERS
    except Exception:  # the engine cannot be loaded: nothing to judge against, still record the call
        return []
    out: list[str] = []
    pending: str | None = None
    for turn in turns:
        if turn.get("speaker") == "agent":
            if pending and not set(turn.get("acts") or ()) & set(ANSWERS[pending]):
                out.append(pending)
            pending = None
        else:
            code = turn.get("response")
            pending = code if code in ANSWERS else None
    return out


def missed_from_call(call: Any) -> dict[str, list[dict[str, Any]]]:
    """What a finished :class:`trainer.sim.session.Call` missed: the required key points of every
    stage it went through that the agent never covered there (as the scorer counts them), and
    the debtor responses left unanswered (:func:`missed_responses`)."""
    from trainer.sim.scoring import missed_key_points

    missed = missed_key_points(call.script, getattr(call, "visits", ()) or (), getattr(call, "covered", {}) or {},
                               getattr(call, "memory", None))
    key_points = [{"id": kp.id, "title": kp.title, "stage": stage.id} for stage, kp, _first in missed]
    turns = list(getattr(call, "turns", ()) or ())
    return {"key_points": key_points, "responses": [{"code": c} for c in missed_responses(turns)]}

