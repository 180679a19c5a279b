"""``trainer audit --format html``: one self-contained page to work in, streamed as the audit runs.

The page is written in three parts of ``templates/audit.html.j2``: the head (title, the evidence
of how the audit was run: pack name, version and digest, settings, trainer version), then one
section per flagged call as it is audited, then the tail (the summary by category, severity, rule
and agent, the trend, the script-order notes when there are any, the skipped records, the filters
and the script).  The writer keeps
counters only, never the calls, so memory does not grow with the archive; CSS places the summary
and the filters above the calls, and the script builds the index of calls from the sections.

Nothing is loaded from elsewhere: styles and script are inline, and a Content-Security-Policy
meta tag forbids every other source.  Everything that came from a file is escaped by the
template environment, and personal data is masked unless the settings say to show it.
"""

from __future__ import annotations

from typing import Any

from trainer.base.templating import render_page
from trainer.base.vocab import (
    CATEGORIES,
    CATEGORY_LABELS,
    CONTACT_LABELS,
    SEVERITIES,
    SEVERITY_LABELS,
    SPEAKER_LABELS,
)
from trainer.report import masking
from trainer.report.audit import ORDER_NOTES, note_rows
from trainer.report.audit_data import AuditSettings, Summary, also_text, call_time, dedupe, marks_of, who
from trainer.report.writers import Page

TEMPLATE = "audit.html.j2"
TITLE = "通话合规质检报告"
CALLING_HOURS = "harassment"


def _common(settings: AuditSettings) -> dict[str, Any]:
    return {"title": TITLE, "settings": settings, "severities": list(SEVERITIES),
            "severity_labels": SEVERITY_LABELS, "categories": list(CATEGORIES),
            "category_labels": CATEGORY_LABELS}


def call_section(n: int, transcript: dict[str, Any], findings: list[dict[str, Any]],
                 settings: AuditSettings) -> dict[str, Any]:
    """What the template needs of one flagged call: metadata, findings, every turn marked."""
    show = settings.show_personal_data
    findings = [masking.masked_finding(f, show) for f in dedupe(findings)]
    meta = transcript.get("meta") if isinstance(transcript.get("meta"), dict) else {}
    agent, team = who(meta)
    local, zone = call_time(meta, settings.timezone)
    local_text = local.strftime("%Y-%m-%d %H:%M") if local else ""
    turns = transcript.get("turns") or []
    anchor = f"call-{n}"
    rows = []
    for f in sorted(findings, key=lambda f: (f["turn"] is not None, f["turn"] or 0)):
        turn = f["turn"]
        note = ""
        if turn is None and f["category"] == CALLING_HOURS and local_text:
            note = f"拨打时间：客户当地 {local_text}（{zone}）"
        note = "；".join(x for x in (note, also_text(f)) if x)
        rows.append({**f, "where": "整通电话" if turn is None else f"第 {turn + 1} 句",
                     "link": None if turn is None else f"{anchor}-t{turn + 1}",
                     "speaker_label": SPEAKER_LABELS.get(f.get("speaker"), ""), "note": note})
    shown = []
    for i, turn in enumerate(turns):
        text = str(turn.get("text", ""))
        mine = [f for f in findings if f["turn"] == i]
        shown.append({"index": i + 1, "anchor": f"{anchor}-t{i + 1}",
                      "speaker": SPEAKER_LABELS.get(turn.get("speaker"), ""),
                      "pieces": masking.pieces(text, marks_of(mine, text), show),
                      "rules": [f["rule"] for f in mine]})
    worst = next((s for s in SEVERITIES if any(f["severity"] == s for f in findings)), "minor")
    return {"n": n, "anchor": anchor, "id": str(transcript.get("id")), "agent": agent or "",
            "team": team or "", "contact": CONTACT_LABELS.get(meta.get("contact"), ""),
            "started_at": str(meta.get("started_at") or ""), "local": local_text,
            "zone": zone, "count": len(findings), "worst": worst, "findings": rows, "turns": shown,
            "categories": " ".join(sorted({f["category"] for f in findings}))}


class HtmlWriter:
    """``--format html``: the head first, each flagged call's section as it is audited, the
    summary and the filters in the tail (shown above the calls); the summary line to stderr."""

    def __init__(self, settings: AuditSettings | None = None) -> None:
        self.settings = settings or AuditSettings()
        self.count = 0

    def start(self) -> str:
        return render_page(TEMPLATE, part="head", **_common(self.settings))

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        self.count += 1
        call = call_section(self.count, transcript, findings, self.settings)
        return render_page(TEMPLATE, part="call", call=call, **_common(self.settings))

    def end(self, summary: Summary, problems: list[str]) -> Page:
        unit, trend = summary.trend()
        page = render_page(TEMPLATE, part="tail", summary=summary, matrix=summary.matrix(),
                           rules=summary.rules(), agents=summary.agent_rows(), trend=trend,
                           trend_unit=unit, problems=problems, notes=note_rows(summary, self.settings.show_personal_data),
                           notes_title=ORDER_NOTES, **_common(self.settings))
        return Page(page, summary.text() + "\n")
