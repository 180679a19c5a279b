"""Scorecards on screen and on paper: a ``play``/``practice`` result as text or HTML.

:func:`render_text` gives the readable transcript followed by the scorecard
(what ``trainer play --format text`` prints); :func:`render_html` the same as a
self-contained page (everything that came from a file or a trainee is
escaped).  Both go through :func:`trainer.base.templating.render_page` with
``trainer/report/templates/scorecard.txt.j2`` and ``scorecard.html.j2``.  The input is
the plain ``play --format json`` dict, so a stored call renders the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from trainer.base.templating import render_page
from trainer.base.vocab import ACTS, MOOD_LEVELS, OUTCOMES, PERSONAS, RESPONSES, SPEAKER_LABELS
from trainer.report.writers import shown
from trainer.sim.scoring import CATEGORY_LABELS, PART_LABELS, SEVERITY_LABELS, WEIGHTS
from trainer.zh.display import money, visible

SPEAKERS, MOOD_STATES = SPEAKER_LABELS, MOOD_LEVELS


def _clock(at: str | None) -> str:
    if not at:
        return ""
    try:
        return datetime.fromisoformat(at).strftime("%H:%M:%S")
    except ValueError:
        return at


def _date(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        d = datetime.fromisoformat(iso)
        return f"{d.month}月{d.day}日"
    except ValueError:
        return iso


def _findings_by_turn(result: Mapping[str, Any]) -> dict[int | None, list[dict[str, Any]]]:
    """The findings with their labels, one line per rule and turn (the excerpts joined)."""
    findings_by_turn: dict[int | None, list[dict[str, Any]]] = {}
    for f in result.get("findings", []):
        same = next((g for g in findings_by_turn.get(f.get("turn"), []) if g.get("rule") == f.get("rule")), None)
        if same is not None:   # one line per rule and turn; the excerpts are joined
            if f.get("excerpt") and f["excerpt"] not in same["excerpt"].split("」「"):
                same["excerpt"] = f"{same['excerpt']}」「{f['excerpt']}" if same["excerpt"] else f["excerpt"]
            continue
        findings_by_turn.setdefault(f.get("turn"), []).append({
            **f, "excerpt": f.get("excerpt") or "",
            "severity_label": SEVERITY_LABELS.get(f.get("severity", ""), f.get("severity", "")),
            "category_label": CATEGORY_LABELS.get(f.get("category", ""), f.get("category", ""))})
    return findings_by_turn


def _stage_titles(scenario: Any) -> dict[str, str]:
    if scenario is None:
        return {}
    try:
        return {sid: st.title for sid, st in scenario.script().stages.items()}
    except Exception:  # noqa: BLE001 - a missing script must not stop a scorecard
        return {}


def _turns(transcript: Mapping[str, Any], findings_by_turn: dict[int | None, list[dict[str, Any]]],
           stages: dict[str, str]) -> list[dict[str, Any]]:
    turns = []
    for i, t in enumerate(transcript.get("turns", [])):
        mood = t.get("mood") or {}
        turns.append({
            "n": i + 1, "speaker": SPEAKERS.get(t.get("speaker", ""), t.get("speaker", "")),
            "is_agent": t.get("speaker") == "agent", "text": t.get("text", ""), "clock": _clock(t.get("at")),
            "stage": stages.get(t.get("stage", ""), t.get("stage", "")),
            "acts": [ACTS.get(a, a) for a in t.get("acts", ())],
            "response": RESPONSES.get(t.get("response", ""), t.get("response", "")) if t.get("response") else "",
            "mood": ({"state": MOOD_STATES.get(mood.get("state", ""), mood.get("state", "")),
                      "anger": mood.get("anger"), "trust": mood.get("trust"),
                      "willingness": mood.get("willingness")} if mood else None),
            "findings": findings_by_turn.get(i, []),
            "why": t.get("why") or "",  # the debtor's reason for this reply (what it heard, what it wants)
        })
    return turns


def _promise(meta: Mapping[str, Any]) -> dict[str, Any] | None:
    promise = meta.get("promise") or {}
    recap = promise.get("recap") or {}
    if promise.get("amount") is None:
        return None
    return {"amount": money(float(promise["amount"])), "date": _date(promise.get("date")),
            "channel": promise.get("channel") or "—", "recapped": bool(recap),
            "confirmed": promise.get("confirmed") is not None}


def view(result: Mapping[str, Any], scenario: Any = None) -> dict[str, Any]:
    """Plain data for the templates: turns with labels, findings per turn, parts, deductions."""
    transcript = result.get("transcript") or {}
    meta = transcript.get("meta") or {}
    findings_by_turn = _findings_by_turn(result)
    turns = _turns(transcript, findings_by_turn, _stage_titles(scenario))
    score = result.get("score") or {}
    parts = [{"name": PART_LABELS[p], "value": score.get(p, 0), "weight": round(w * 100)}
             for p, w in WEIGHTS.items()]
    deductions = [{**d, "n": (d["turn"] + 1) if d.get("turn") is not None else None,
                   "part_label": PART_LABELS.get(d.get("part", ""), d.get("part", ""))
                   + (f"·{CATEGORY_LABELS.get(d['category'], d['category'])}" if d.get("category") else "")}
                  for d in score.get("deductions", [])]
    account = result.get("account") or {}
    promise_view = _promise(meta)
    outcome = result.get("outcome", "incomplete")
    return {
        "scenario_id": result.get("scenario", ""),
        "title": getattr(scenario, "title", "") if scenario is not None else "",
        "difficulty": getattr(scenario, "difficulty", None),
        "persona": PERSONAS.get(getattr(scenario, "persona", ""), "") if scenario is not None else "",
        "account": account,
        "balance": money(float(account["balance"])) if "balance" in account else "—",
        "min_due": money(float(account["min_due"])) if "min_due" in account else "—",
        "call_time": account.get("call_time") or meta.get("started_at", ""),
        "timezone": meta.get("timezone", "Asia/Shanghai"),
        "turns": turns,
        "call_findings": findings_by_turn.get(None, []),
        "outcome": outcome, "outcome_label": OUTCOMES.get(outcome, outcome),
        "judged_label": (OUTCOMES.get(judged, judged) if (judged := score.get("judged_outcome", outcome)) != outcome
                         else ""),
        "passed": bool(result.get("passed")), "gate": score.get("gate", ""),
        "total": score.get("total", 0), "pass_mark": score.get("pass_mark", 0),
        "parts": parts, "deductions": deductions, "promise": promise_view,
        "seed": meta.get("seed"), "transcript_id": transcript.get("id", ""),
    }


def render_text(result: Mapping[str, Any], scenario: Any = None) -> str:
    """The readable transcript followed by the scorecard (plain text; every string from the call,
    the scenario or the trainee shown as one visible line)."""
    return visible(render_page("scorecard.txt.j2", v=shown(view(result, scenario))).rstrip() + "\n")


def render_html(result: Mapping[str, Any], scenario: Any = None) -> str:
    """The same as a self-contained HTML page (autoescaped)."""
    return render_page("scorecard.html.j2", v=view(result, scenario))


def play_text(result: Mapping[str, Any], scenario: Any, unused: int) -> str:
    """``play --format text``: the scorecard, and how many input lines the call left unused."""
    text = render_text(result, scenario)
    if unused > 0:
        text += f"（通话已结束，输入里还有 {unused} 句没有用到）\n"
    return text


def play_json(result: Mapping[str, Any], scenario: Any, unused: int) -> str:
    """``play --format json``: the result dict of DESIGN.md."""
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
