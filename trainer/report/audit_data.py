"""What every audit writer shares: the report's settings, de-duplicated findings and the summary.

The summary keeps counters only (by category and severity, rule, agent, day), never the calls,
so a report's memory does not grow with the number of calls audited.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from trainer.base.vocab import CATEGORIES, CATEGORY_LABELS, SEVERITIES
from trainer.compliance.calltime import local_time_of

_VERSION_LINE = re.compile(r"^version:\s*['\"]?([^\s'\"#]+)", re.MULTILINE)
_PACK_LINE = re.compile(r"^pack:\s*['\"]?([^\s'\"#]+)", re.MULTILINE)
DEFAULT_ZONE = "Asia/Shanghai"
DAYS_SHOWN_BY_DAY = 31  # a longer span is shown by ISO week


@dataclass(frozen=True)
class AuditSettings:
    """How a report is written, and what it prints as evidence of how the audit was run."""

    show_personal_data: bool = False
    packs: tuple[tuple[str, str], ...] = ()      # (name, version) of each pack loaded
    digest: str = ""                             # sha256 of the merged pack
    quiet_hours: str = "22:00–08:00"
    timezone: str = DEFAULT_ZONE
    fail_on: str = "minor"
    trainer_version: str = ""

    @property
    def pack_text(self) -> str:
        return "、".join(f"{name} 第 {version} 版" if version else name for name, version in self.packs)


def audit_settings(pack: Any, *, show_personal_data: bool = False, fail_on: str = "minor",
                   rule_files: list[str] | tuple[str, ...] = ()) -> AuditSettings:
    """The settings of a report on an audit run with ``pack`` (from ``load_pack(rule_files)``)."""
    from trainer import __version__
    from trainer.compliance.pack import bundled_pack_paths

    packs = []
    for path in [*bundled_pack_paths(), *map(Path, rule_files)]:
        try:
            head = path.read_text("utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        name = _PACK_LINE.search(head)
        version = _VERSION_LINE.search(head)
        packs.append((name.group(1) if name else path.stem, version.group(1) if version else ""))
    quiet = pack.settings.get("quiet_hours") or {}
    return AuditSettings(show_personal_data=show_personal_data, packs=tuple(packs), digest=pack.digest,
                         quiet_hours=f"{quiet.get('start', '22:00')}–{quiet.get('end', '08:00')}",
                         timezone=str(pack.settings.get("timezone") or DEFAULT_ZONE), fail_on=fail_on,
                         trainer_version=__version__)


def dedupe(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One finding per rule per turn (DESIGN.md): later matches of the same rule in the same turn
    go into ``spans`` (every ``[start, end]``; ``start``/``end`` stay the first)."""
    if len(findings) < 2:  # ``audit --format json`` writes one finding at a time
        return list(findings)
    out: dict[tuple[Any, str], dict[str, Any]] = {}
    for f in findings:
        key = (f["turn"], f["rule"])
        first = out.get(key)
        if first is None:
            out[key] = f
            continue
        if f.get("start") is None:
            continue
        spans = first.get("spans") or [[first["start"], first["end"]]]
        for span in f.get("spans") or [[f["start"], f["end"]]]:
            if list(span) not in spans:
                spans = [*spans, list(span)]
        out[key] = {**first, "spans": sorted(spans)}
    return list(out.values())


def also_text(finding: dict[str, Any]) -> str:
    """What a finding stands for besides its own rule (``also``: the rules folded into it, one
    finding per breach), as a person reads it: 「同时涉及：CN-TP-001 向第三人透露欠款（向第三方透露）」;
    "" when there is nothing."""
    also = finding.get("also")
    if not isinstance(also, list) or not also:
        return ""
    items = []
    for a in also:
        if isinstance(a, dict):
            label = CATEGORY_LABELS.get(str(a.get("category")), str(a.get("category") or ""))
            items.append(f"{a.get('rule', '')} {a.get('title') or ''}（{label}）".replace(" （", "（"))
    return "同时涉及：" + "；".join(items) if items else ""


def who(meta: Any) -> tuple[str | None, str | None]:
    """``meta.agent`` and ``meta.team`` as text (None when absent)."""
    meta = meta if isinstance(meta, dict) else {}
    agent, team = meta.get("agent"), meta.get("team")
    return (None if agent in (None, "") else str(agent)), (None if team in (None, "") else str(team))


def call_time(meta: Any, default_zone: str = DEFAULT_ZONE) -> tuple[datetime | None, str]:
    """When the call started in the debtor's time zone, and that zone (None when unknown or out
    of range: the same reading as the calling-hours rule, :func:`trainer.compliance.calltime.local_time`)."""
    meta = meta if isinstance(meta, dict) else {}
    zone = str(meta.get("timezone") or default_zone)
    raw = meta.get("started_at")
    if not isinstance(raw, str):
        return None, zone
    return local_time_of(raw, zone), zone  # (remembered: the calling-hours rule read it just before)


def _period(day: date, by_week: bool) -> str:
    if not by_week:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_KIND = itemgetter("category", "severity", "rule")  # a finding's key in Summary.by_kind
_CATEGORY = itemgetter("category")
_TURN_RULE = itemgetter("turn", "rule")  # what dedupe keeps one finding of


def _one_per_turn(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``dedupe(findings)`` for counting: the list itself when no rule repeats on a turn (the
    engine's findings are one per rule per turn already; one set in C to make sure)."""
    if len(findings) < 2 or len({*map(_TURN_RULE, findings)}) == len(findings):
        return findings
    return dedupe(findings)


@dataclass
class AgentRow:
    team: str | None = None
    calls: int = 0
    flagged: int = 0
    findings: int = 0
    by_category: Counter[str] = field(default_factory=Counter)


@dataclass
class Summary:
    """Counts for the closing line, the per-agent summary, the trend and the HTML tables."""

    files: int = 0
    read: int = 0
    skipped: int = 0
    flagged: int = 0
    findings: int = 0
    # the findings by (category, severity, rule), in the order each was first counted: the
    # counts by category, severity, both, and rule are read from it (one count a finding)
    by_kind: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    agents: dict[str, AgentRow] = field(default_factory=dict)
    days: dict[date, list[int]] = field(default_factory=dict)  # day -> [calls, flagged, findings]
    withdrawn: list[dict[str, Any]] = field(default_factory=list)  # rule findings the model's second opinion withdrew
    notes: list[dict[str, Any]] = field(default_factory=list)  # script-order notes (scriptorder.py): no finding

    def add(self, findings: list[dict[str, Any]], meta: Any = None,
            withdrawn: list[dict[str, Any]] | None = None, notes: list[dict[str, Any]] | None = None) -> None:
        if withdrawn:
            self.withdrawn += withdrawn
        if notes:
            self.notes += notes
        findings = _one_per_turn(findings)
        self.read += 1
        found = len(findings)
        if found:
            self.flagged += 1
            self.findings += found
            self.by_kind.update(map(_KIND, findings))
        agent, team = who(meta)
        if agent is not None:
            row = self.agents.get(agent)
            if row is None:  # (not setdefault: it would build a row, and its Counter, for every call)
                row = self.agents[agent] = AgentRow(team)
            row.team = row.team or team
            row.calls += 1
            if found:
                row.flagged += 1
                row.findings += found
                row.by_category.update(map(_CATEGORY, findings))
        started, _zone = call_time(meta)
        if started is not None:
            counts = self.days.get(day := started.date())
            if counts is None:
                counts = self.days[day] = [0, 0, 0]
            counts[0] += 1
            if found:
                counts[1] += 1
                counts[2] += found

    def merge(self, other: Summary) -> None:
        """Add the counts of ``other``, the summary of the calls that follow these (a worker's
        share of ``audit --jobs``): the same as if they had been added here one by one."""
        self.read += other.read
        self.flagged += other.flagged
        self.findings += other.findings
        self.by_kind.update(other.by_kind)
        self.withdrawn += other.withdrawn
        self.notes += other.notes
        for agent, theirs in other.agents.items():
            row = self.agents.setdefault(agent, AgentRow(theirs.team))
            row.team = row.team or theirs.team
            row.calls += theirs.calls
            row.flagged += theirs.flagged
            row.findings += theirs.findings
            row.by_category.update(theirs.by_category)
        for day, theirs in other.days.items():
            counts = self.days.setdefault(day, [0, 0, 0])
            for i, n in enumerate(theirs):
                counts[i] += n

    @property
    def by_category(self) -> Counter[str]:
        return self._counts(lambda kind: kind[0])

    @property
    def by_severity(self) -> Counter[str]:
        return self._counts(lambda kind: kind[1])

    @property
    def by_cell(self) -> Counter[tuple[str, str]]:
        return self._counts(lambda kind: kind[:2])

    def _counts(self, key: Any) -> Counter[Any]:
        counts: Counter[Any] = Counter()
        for kind, n in self.by_kind.items():
            counts[key(kind)] += n
        return counts

    def table(self) -> list[dict[str, Any]]:
        totals = self.by_category  # (counted from by_kind: read once)
        return [{"category": cat, "label": CATEGORY_LABELS[cat], "total": totals[cat]} for cat in CATEGORIES]

    def matrix(self) -> list[dict[str, Any]]:
        cells, totals = self.by_cell, self.by_category
        return [{"category": cat, "label": CATEGORY_LABELS[cat],
                 "counts": {s: cells[cat, s] for s in SEVERITIES}, "total": totals[cat]}
                for cat in CATEGORIES]

    def rules(self) -> list[dict[str, Any]]:
        """Each rule's count, with the category and severity of its first finding."""
        info: dict[str, tuple[str, str]] = {}
        for category, severity, rule in self.by_kind:
            info.setdefault(rule, (category, severity))
        by_rule = self._counts(lambda kind: kind[2])
        return [{"rule": rule, "count": n, "category": info[rule][0], "severity": info[rule][1]}
                for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]

    def agent_rows(self) -> list[dict[str, Any]]:
        return [{"agent": name, "team": row.team, "calls": row.calls, "flagged": row.flagged,
                 "findings": row.findings, "by_category": dict(row.by_category)}
                for name, row in sorted(self.agents.items(), key=lambda kv: (kv[1].team or "", kv[0]))]

    def trend(self) -> tuple[str, list[dict[str, Any]]]:
        """Findings over time: ``("day"|"week", rows)``, by ISO week when the calls span over
        :data:`DAYS_SHOWN_BY_DAY` days."""
        if not self.days:
            return "day", []
        by_week = (max(self.days) - min(self.days)).days >= DAYS_SHOWN_BY_DAY
        rows: dict[str, list[int]] = {}
        for day in sorted(self.days):
            counts = rows.setdefault(_period(day, by_week), [0, 0, 0])
            for i, n in enumerate(self.days[day]):
                counts[i] += n
        return ("week" if by_week else "day"), [
            {"period": p, "calls": c[0], "flagged": c[1], "findings": c[2]} for p, c in rows.items()]

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (``audit --summary FILE``): totals, by category, severity and
        rule, per agent and team, and the trend over time."""
        grain, rows = self.trend()
        return {"calls": self.read, "skipped": self.skipped, "flagged": self.flagged, "findings": self.findings,
                "by_category": dict(self.by_category), "by_severity": dict(self.by_severity),
                "rules": self.rules(), "agents": self.agent_rows(), "trend": {"by": grain, "rows": rows},
                **({"withdrawn_by_model": len(self.withdrawn)} if self.withdrawn else {})}

    def text(self) -> str:
        by_severity = self.by_severity
        sev = "，".join(f"{s} {by_severity[s]}" for s in SEVERITIES)
        withdrawn = f"；模型复核撤回 {len(self.withdrawn)} 条规则命中（--show-withdrawn 列出）" if self.withdrawn else ""
        return (f"汇总：读取 {self.read} 个通话，跳过 {self.skipped} 条无法使用的记录，"
                f"{self.flagged} 个通话有问题，共 {self.findings} 条（{sev}）{withdrawn}")


def marks_of(items: list[dict[str, Any]], text: str) -> list[tuple[int, int]]:
    """The disjoint spans to mark in a turn for its findings (a whole-turn finding gives way
    to precise marks)."""
    spans = sorted({tuple(sp) for f in items if f.get("start") is not None
                    for sp in (f.get("spans") or [[f["start"], f["end"]]])})
    if len(spans) > 1:
        spans = [sp for sp in spans if sp != (0, len(text))]
    return _disjoint([(int(s), int(e)) for s, e in spans])


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
