"""Writers of ``trainer coverage``: tables (text), plain data (JSON), and the tree drawn with its
exercised edges solid and its never-exercised edges dashed red (Graphviz DOT, Mermaid).

The drawings take the edge list of :mod:`trainer.content.graph` (the same edges ``trainer graph``
draws, same node labels) and add only the coverage styling, so the two diagrams stay alike.
Everything from a file is escaped for the target language.
"""

from __future__ import annotations

import json
from typing import Any

from trainer.base.vocab import OUTCOMES, RESPONSES
from trainer.content import graph
from trainer.report.writers import Page
from trainer.sim.coverage import KINDS, ScriptCoverage, as_dict, by_chapter, percent, totals
from trainer.zh.display import pad, visible

KIND_LABELS = {"stages": "阶段", "responses": "回应", "moves": "坐席推进", "events": "事件"}
MISSED_COLOUR = "#c0392b"
UNVISITED_FILL = "#f4f4f4"


def _cell(done: int, total: int) -> str:
    return f"{done}/{total} {percent(done, total):5.1f}%"


def _row(name: str, sums: dict[str, tuple[int, int]], calls: str) -> str:
    return pad(name, 26, minimum=1) + pad(calls, 6, minimum=1) + "".join(
        pad(_cell(*sums[k]), 18, minimum=1) for k in KINDS).rstrip()


def _missed_lines(cov: ScriptCoverage) -> list[str]:
    script = cov.script
    out: list[str] = []
    stages = cov.missed("stages")
    if stages:
        out.append("  未到过的阶段：" + "、".join(f"{s}（{script.stages[s].title}）" for s in stages))
    by_stage: dict[str, list[str]] = {}
    for stage_id, code in cov.missed("responses"):
        by_stage.setdefault(stage_id, []).append(code)
    if by_stage:
        out.append("  没练到的回应：")
        out += [f"    {sid}：" + "、".join(f"{c}（{RESPONSES.get(c, c)}）" for c in codes)
                for sid, codes in by_stage.items()]
    moves = cov.missed("moves")
    if moves:
        out.append("  没走过的坐席推进：" + "、".join(f"{s}:{m}" for s, m in moves))
    events = cov.missed("events")
    if events:
        out.append("  没发生过的事件：" + "、".join(f"{e}（{RESPONSES.get(e, e)}）" for e in events))
    return out


def coverage_text(covs: list[ScriptCoverage], source: str) -> Page:
    """``coverage --format text``: a table per script and per chapter, then what was never exercised."""
    header = pad("脚本", 26, minimum=1) + pad("通话", 6, minimum=1) + "".join(
        pad(KIND_LABELS[k], 18, minimum=1) for k in KINDS).rstrip()
    lines = [f"覆盖率（来源：{source}）", "", header]
    lines += [_row(f"{c.script.id}", {k: c.counts(k) for k in KINDS}, str(c.calls)) for c in covs]
    lines += ["", pad("章节", 26, minimum=1) + pad("通话", 6, minimum=1) + "".join(
        pad(KIND_LABELS[k], 18, minimum=1) for k in KINDS).rstrip()]
    for chapter, group in by_chapter(covs):
        lines.append(_row(chapter, totals(group), str(sum(c.calls for c in group))))
    overall = totals(covs)
    lines += ["", _row("合计", overall, str(sum(c.calls for c in covs)))]
    for cov in covs:
        missed = _missed_lines(cov)
        if missed:
            lines += ["", f"{cov.script.id}（{cov.script.title}）从未练到的部分："] + missed
    return Page("".join(visible(line) + "\n" for line in lines))


def coverage_json(covs: list[ScriptCoverage], source: str) -> Page:
    """``coverage --format json``."""
    return Page(json.dumps({"source": source, **as_dict(covs)}, ensure_ascii=False, indent=2) + "\n")


def _edge_hits(cov: ScriptCoverage) -> list[tuple[str, str, str, str, bool]]:
    """graph's merged edges, each with whether a call took any of the ways it stands for."""
    out = []
    for edge in graph.edges(cov.script):
        if edge.kind == "event":
            hit = any(cov.events.get(code) for code in edge.responses)
        else:
            hit = (any(cov.responses.get((edge.source, code)) for code in edge.responses)
                   or any(cov.moves.get((edge.source, move)) for move in edge.moves))
        kind = edge.kind if edge.kind in ("event", "move") else "response"
        out.append((edge.source, edge.target, edge.label(), kind, bool(hit)))
    return out


def _stage_label(script: Any, sid: str) -> str:
    stage = script.stages[sid]
    if stage.outcome:
        return f"{stage.title}\n[{stage.outcome} {OUTCOMES.get(stage.outcome, stage.outcome)}]"
    return stage.title


def coverage_dot(covs: list[ScriptCoverage], source: str) -> Page:
    """``coverage --format dot``: one digraph per script."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    out: list[str] = []
    for cov in covs:
        script = cov.script
        done, total = cov.counts("responses")
        out += [f'digraph "{esc(script.id)}" {{',
                f'  label="{esc(script.title)}：回应覆盖 {done}/{total}（{esc(source)}）"; labelloc=t; rankdir=TB;',
                '  node [shape=box, style=rounded, fontname="Noto Sans CJK SC"];',
                '  edge [fontname="Noto Sans CJK SC", fontsize=10];']
        for sid, stage in script.stages.items():
            attrs = f'label="{esc(_stage_label(script, sid))}"'
            if stage.outcome:
                attrs += ", shape=doubleoctagon"
            if not cov.stages.get(sid):
                attrs += f', style="rounded,dashed,filled", fillcolor="{UNVISITED_FILL}", color="{MISSED_COLOUR}"'
            out.append(f'  "{esc(sid)}" [{attrs}];')
        edges = _edge_hits(cov)
        if any(kind == "event" for _, _, _, kind, _ in edges):
            out.append(f'  "{graph.ANYWHERE}" [label="任意阶段", shape=diamond];')
        for src, dst, label, kind, hit in edges:
            style = ("bold" if kind == "move" else "solid") if hit else \
                f'dashed, color="{MISSED_COLOUR}", fontcolor="{MISSED_COLOUR}"'
            out.append(f'  "{esc(src)}" -> "{esc(dst)}" [label="{esc(label)}", style={style}];')
        out.append("}")
    return Page("\n".join(out) + "\n")


def coverage_mermaid(covs: list[ScriptCoverage], source: str) -> Page:
    """``coverage --format mermaid``: one flowchart per script, separated by a blank line."""
    def esc(text: str) -> str:
        return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
                .replace(">", "#gt;").replace("|", "#124;").replace("\n", "<br/>"))

    charts: list[str] = []
    for cov in covs:
        script = cov.script
        done, total = cov.counts("responses")
        out = ["flowchart TD", f"  %% {esc(script.title)}（{script.id}）：回应覆盖 {done}/{total}（{esc(source)}）"]
        for sid, stage in script.stages.items():
            label = esc(_stage_label(script, sid))
            out.append(f'  {sid}(["{label}"])' if stage.outcome else f'  {sid}["{label}"]')
        edges = _edge_hits(cov)
        if any(kind == "event" for _, _, _, kind, _ in edges):
            out.append(f'  {graph.ANYWHERE}{{{{"任意阶段"}}}}')
        missed_links = []
        for n, (src, dst, label, kind, hit) in enumerate(edges):
            arrow = ("==>" if kind == "move" else "-->") if hit else "-.->"
            out.append(f'  {src} {arrow}|"{esc(label)}"| {dst}')
            if not hit:
                missed_links.append(str(n))
        if missed_links:
            out.append(f"  linkStyle {','.join(missed_links)} stroke:{MISSED_COLOUR},color:{MISSED_COLOUR}")
        unvisited = [sid for sid in script.stages if not cov.stages.get(sid)]
        if unvisited:
            out.append(f"  classDef unvisited fill:{UNVISITED_FILL},stroke:{MISSED_COLOUR},stroke-dasharray:4 3")
            out.append(f"  class {','.join(unvisited)} unvisited")
        charts.append("\n".join(out) + "\n")
    return Page("\n".join(charts))
