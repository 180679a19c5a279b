"""Audit reports: findings as text, JSON, CSV (Excel-friendly) and one self-contained HTML page.

Each renderer returns strings; the CLI writes them.  Text, JSON and CSV are
produced per transcript as the audit streams; the HTML page needs the summary
first, so it is rendered at the end from the flagged transcripts only.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from trainer.base.templating import render_page
from trainer.base.vocab import CATEGORIES, CATEGORY_LABELS, SEVERITIES, SEVERITY_LABELS, SPEAKER_LABELS
from trainer.report.writers import Page
from trainer.zh.display import visible

FIELDS = ("transcript", "turn", "speaker", "rule", "category", "severity", "message", "excerpt",
          "start", "end")



@dataclass
class Summary:
    """Counts for the closing line and the HTML summary."""

    files: int = 0
    read: int = 0
    skipped: int = 0
    flagged: int = 0
    findings: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)

    def add(self, findings: list[dict[str, Any]]) -> None:
        self.read += 1
        if findings:
            self.flagged += 1
        self.findings += len(findings)
        for f in findings:
            self.by_category[f["category"]] += 1
            self.by_severity[f["severity"]] += 1

    def table(self) -> list[dict[str, Any]]:
        rows = []
        for cat in CATEGORIES:
            rows.append({"category": cat, "label": CATEGORY_LABELS[cat], "total": self.by_category[cat]})
        return rows

    def text(self) -> str:
        sev = "，".join(f"{s} {self.by_severity[s]}" for s in SEVERITIES)
        return (f"汇总：读取 {self.read} 个通话，跳过 {self.skipped} 条无法使用的记录，"
                f"{self.flagged} 个通话有问题，共 {self.findings} 条（{sev}）")


def marked(text: str, start: int | None, end: int | None) -> str:
    """The turn with the offending characters between 【 and 】."""
    if start is None or end is None:
        return text
    return f"{text[:start]}【{text[start:end]}】{text[end:]}"


def render_text(transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    """One transcript's findings, grouped by turn, with the excerpt marked in the turn."""
    if not findings:
        return ""
    turns = transcript.get("turns") or []
    lines = [f"{transcript.get('id')}（{len(findings)} 条）"]
    by_turn: dict[int | None, list[dict[str, Any]]] = {}
    for f in findings:
        by_turn.setdefault(f["turn"], []).append(f)
    for turn in sorted(by_turn, key=lambda t: (t is None, t or 0)):
        items = by_turn[turn]
        if turn is None:
            lines.append("  整通电话：")
        else:
            text = str(turns[turn]["text"]) if turn < len(turns) else ""
            spans = sorted({(f["start"], f["end"]) for f in items if f["start"] is not None})
            if len(spans) > 1:  # a whole-turn finding would hide the precise marks
                spans = [sp for sp in spans if sp != (0, len(text))]
            shown = text
            for s, e in reversed(_disjoint(spans)):
                shown = marked(shown, s, e)
            lines.append(f"  第 {turn + 1} 句 {SPEAKER_LABELS.get(items[0]['speaker'], '')}：{shown}")
        for f in items:
            lines.append(f"    {f['rule']} [{f['severity']}] {CATEGORY_LABELS[f['category']]}：{f['message']}")
    # every line is one line of the terminal: what came from the transcript (its id, a turn's
    # text) cannot send a control sequence nor start a line of its own
    return "".join(visible(line, one_line=True) + "\n" for line in lines)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


class JsonArray:
    """Streams a JSON array of findings: ``start()``, ``items(findings)``, ``end()``."""

    def __init__(self) -> None:
        self.first = True

    def start(self) -> str:
        return "["

    def items(self, findings: list[dict[str, Any]]) -> str:
        parts = []
        for f in findings:
            parts.append(("\n" if self.first else ",\n") + json.dumps({k: f[k] for k in FIELDS}, ensure_ascii=False))
            self.first = False
        return "".join(parts)

    def end(self) -> str:
        return "]\n" if self.first else "\n]\n"


class CsvRows:
    """Streams CSV rows; the first chunk starts with a UTF-8 BOM so Excel shows Chinese."""

    HEADER = ("通话", "句序", "说话人", "规则", "类别", "严重程度", "说明", "原文片段", "起", "止")

    def start(self) -> str:
        return "\ufeff" + self._row(self.HEADER)

    def items(self, findings: list[dict[str, Any]]) -> str:
        return "".join(self._row([_csv_cell(f[k]) for k in FIELDS]) for f in findings)

    def end(self) -> str:
        return ""

    @staticmethod
    def _row(values: Any) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(values)
        return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # no formula injection when opened in Excel (OWASP: = + - @ TAB CR)
    return value


def html_entry(transcript: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, Any]:
    """What the HTML page needs of one flagged transcript: its findings in turn context."""
    turns = transcript.get("turns") or []
    flagged = {f["turn"] for f in findings if f["turn"] is not None}
    shown = []
    for i, turn in enumerate(turns):
        near = any(abs(i - j) <= 1 for j in flagged)
        if not near:
            continue
        mine = [f for f in findings if f["turn"] == i]
        text = str(turn["text"])
        spans = sorted({(f["start"], f["end"]) for f in mine if f["start"] is not None})
        if len(spans) > 1:
            spans = [sp for sp in spans if sp != (0, len(text))]
        spans = _disjoint(spans)
        pieces = []
        pos = 0
        for s, e in spans:
            pieces.append({"text": text[pos:s], "mark": False})
            pieces.append({"text": text[s:e], "mark": True})
            pos = e
        pieces.append({"text": text[pos:], "mark": False})
        shown.append({"index": i + 1, "speaker": SPEAKER_LABELS.get(turn.get("speaker"), ""),
                      "pieces": pieces, "findings": mine})
    return {"id": str(transcript.get("id")), "turns": shown,
            "call_level": [f for f in findings if f["turn"] is None], "count": len(findings)}


def render_html(entries: list[dict[str, Any]], summary: Summary, problems: list[str],
                title: str = "通话合规质检报告") -> str:
    matrix = []
    for cat in CATEGORIES:
        counts = {s: 0 for s in SEVERITIES}
        for entry in entries:
            for f in [f for t in entry["turns"] for f in t["findings"]] + entry["call_level"]:
                if f["category"] == cat:
                    counts[f["severity"]] += 1
        matrix.append({"label": CATEGORY_LABELS[cat], "category": cat, "counts": counts,
                       "total": sum(counts.values())})
    return render_page("audit.html.j2", title=title, summary=summary, matrix=matrix,
                       severities=list(SEVERITIES), severity_labels=SEVERITY_LABELS,
                       category_labels=CATEGORY_LABELS, entries=entries, problems=problems)


# --------------------------------------------------------------------------- the --format writers


class TextWriter:
    """``--format text``: each flagged transcript as it is audited, the summary last (stdout)."""

    def start(self) -> str:
        return ""

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        return render_text(transcript, findings)

    def end(self, summary: Summary, problems: list[str]) -> Page:
        return Page(visible(("\n" if summary.findings else "") + summary.text() + "\n"))


class JsonWriter:
    """``--format json``: a JSON array of findings, streamed; the summary goes to stderr."""

    def __init__(self) -> None:
        self.array = JsonArray()

    def start(self) -> str:
        return self.array.start()

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        return self.array.items(findings)

    def end(self, summary: Summary, problems: list[str]) -> Page:
        return Page(self.array.end(), summary.text() + "\n")


class CsvWriter(JsonWriter):
    """``--format csv``: one row per finding (Excel-friendly), streamed; the summary goes to stderr."""

    def __init__(self) -> None:
        self.array = CsvRows()  # type: ignore[assignment]


class HtmlWriter:
    """``--format html``: one page rendered at the end (it opens with the summary)."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def start(self) -> str:
        return ""

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        self.entries.append(html_entry(transcript, findings))
        return ""

    def end(self, summary: Summary, problems: list[str]) -> Page:
        return Page(render_html(self.entries, summary, problems), summary.text() + "\n")
