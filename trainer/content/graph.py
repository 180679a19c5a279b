"""Diagrams of script trees as Mermaid, Graphviz DOT or a self-contained HTML page.

A script tree has many more answers than stage pairs: the bundled ``first_contact``
has 281 responses and moves but only 104 distinct pairs of stages.  A readable
diagram therefore draws

* **one edge per stage pair** (:func:`edges`), labelled with the Chinese labels of
  the response codes and the titles of the moves that take it, capped at
  :data:`LABEL_CAP` labels and 「等N项」;
* **answers that stay in the stage** (no ``next``, or ``next`` = the stage itself)
  as a 「↺」 note in the node (:func:`stays`), not as self-loops;
* events that can happen anywhere hanging off a single 「任意阶段」 node;
* stages grouped by part (:func:`part_of`: the stage's ``part`` field, else
  接通与核实 / 与本人沟通 / 第三人接听 / 通话结束), a legend, terminal stages
  drawn with their outcome.

:func:`edges` is the public edge list other views build on (coverage styling):
``Edge.source``/``Edge.target`` are stage ids (``ANYWHERE`` for events),
``Edge.responses`` the response codes and ``Edge.moves`` the move ids on that pair.
:func:`to_dot` takes optional ``edge_attrs``/``node_attrs`` callables to add
Graphviz attributes (colour, pen width) per edge or stage.
Everything from the file is escaped for the target language.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trainer.base.vocab import OUTCOMES, RESPONSES
from trainer.content.script import Script, Stage

ANYWHERE = "_anywhere"
LABEL_CAP = 3  # labels shown on an edge or a stay note before 「等N项」
BUNDLE_MIN = 4  # stages leading into one stage before their edges are drawn as one bundle
FONT = "Noto Sans CJK SC"

# Parts when a stage names none (a stage may say ``part: 第一节 开场``).
PART_OPENING, PART_DEBTOR, PART_THIRD, PART_END = "接通与核实", "与本人沟通", "第三人接听", "通话结束"


@dataclass(frozen=True)
class Edge:
    """Every way from one stage to another, merged: one per (source, target) pair.

    Attributes:
        source: stage id, or :data:`ANYWHERE` for events that can happen in any stage.
        target: stage id.
        responses: response (or event) codes that lead there, in file order.
        moves: move ids that lead there, in file order.
        labels: the Chinese labels shown (response labels, then move titles).
    """

    source: str
    target: str
    responses: tuple[str, ...] = ()
    moves: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """'event', 'response', 'move' or 'mixed' (both responses and moves)."""
        if self.source == ANYWHERE:
            return "event"
        if self.responses and self.moves:
            return "mixed"
        return "move" if self.moves else "response"

    def label(self, cap: int = LABEL_CAP, sep: str = "、") -> str:
        return capped(self.labels, cap, sep)


def capped(labels: tuple[str, ...] | list[str], cap: int = LABEL_CAP, sep: str = "、") -> str:
    """``A、B、C 等5项`` — at most ``cap`` labels, then how many there are in all."""
    labels = list(dict.fromkeys(labels))
    if len(labels) <= cap:
        return sep.join(labels)
    return sep.join(labels[:cap]) + f" 等{len(labels)}项"


def edges(script: Script) -> list[Edge]:
    """The merged edge list: one :class:`Edge` per stage pair, in file order; no self-loops."""
    found: dict[tuple[str, str], dict[str, list[str]]] = {}

    def add(src: str, dst: str, part: str, code: str, label: str) -> None:
        entry = found.setdefault((src, dst), {"responses": [], "moves": [], "labels": []})
        entry[part].append(code)
        entry["labels"].append(label)

    for stage in script.stages.values():
        for resp in stage.responses:
            if resp.next and resp.next != stage.id:
                add(stage.id, resp.next, "responses", resp.code, RESPONSES.get(resp.code, resp.code))
        for move in stage.moves:
            if move.next != stage.id:
                add(stage.id, move.next, "moves", move.id, "坐席：" + (move.title or move.id))
    for event in script.events:
        if event.next:
            add(ANYWHERE, event.next, "responses", event.code, RESPONSES.get(event.code, event.code))
    return [Edge(src, dst, tuple(dict.fromkeys(e["responses"])), tuple(e["moves"]),
                 tuple(dict.fromkeys(e["labels"])))
            for (src, dst), e in found.items()]


@dataclass(frozen=True)
class Bundle:
    """Edges from many stages into one target, drawn as one edge from a 「多个阶段」 note."""

    target: str
    edges: tuple[Edge, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(e.source for e in self.edges)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(label for e in self.edges for label in e.labels))


def bundled(script: Script, min_sources: int = BUNDLE_MIN) -> tuple[list[Edge], list[Bundle]]:
    """Split :func:`edges` into edges drawn one by one and bundles of ``min_sources`` or more
    stages leading into the same stage (what makes a dense tree unreadable)."""
    into: dict[str, list[Edge]] = {}
    for e in edges(script):
        if e.kind != "event":
            into.setdefault(e.target, []).append(e)
    big = {t for t, es in into.items() if len(es) >= min_sources}
    single = [e for e in edges(script) if e.kind == "event" or e.target not in big]
    return single, [Bundle(t, tuple(into[t])) for t in into if t in big]


def stays(script: Script) -> dict[str, tuple[str, ...]]:
    """Per stage, the Chinese labels of the answers that keep the call in it."""
    out: dict[str, tuple[str, ...]] = {}
    for stage in script.stages.values():
        labels = [RESPONSES.get(r.code, r.code) for r in stage.responses if r.next in (None, stage.id)]
        labels += ["坐席：" + (m.title or m.id) for m in stage.moves if m.next == stage.id]
        if labels:
            out[stage.id] = tuple(dict.fromkeys(labels))
    return out


def anywhere_stays(script: Script) -> tuple[str, ...]:
    """Labels of the events that can happen anywhere and leave the call where it is."""
    return tuple(dict.fromkeys(RESPONSES.get(e.code, e.code) for e in script.events if not e.next))


def part_of(stage: Stage) -> str:
    """The group a stage is drawn in."""
    if stage.part:
        return stage.part
    if stage.is_terminal:
        return PART_END
    if stage.contact == "third_party":
        return PART_THIRD
    return PART_DEBTOR if stage.verified else PART_OPENING


def parts(script: Script) -> dict[str, list[str]]:
    """Part name -> stage ids, in order of first appearance (the end part last)."""
    groups: dict[str, list[str]] = {}
    for sid, stage in script.stages.items():
        groups.setdefault(part_of(stage), []).append(sid)
    if PART_END in groups:
        groups[PART_END] = groups.pop(PART_END)
    return groups


def direction(script: Script) -> str:
    """'TB' or 'LR', whichever fits a portrait A4 page better.

    Stages are ranked by their distance from the start; a long chain of few stages per
    rank reads best top-to-bottom, a short, wide tree left-to-right."""
    rank = {script.start: 0}
    todo = [script.start]
    nexts: dict[str, set[str]] = {}
    for e in edges(script):
        nexts.setdefault(e.source, set()).add(e.target)
    while todo:
        sid = todo.pop(0)
        for nxt in sorted(nexts.get(sid, ())):
            if nxt not in rank:
                rank[nxt] = rank[sid] + 1
                todo.append(nxt)
    widths: dict[int, int] = {}
    for r in rank.values():
        widths[r] = widths.get(r, 0) + 1
    depth, width = len(widths), max(widths.values(), default=1)
    # a box is about three times as wide as it is tall
    return "TB" if width * 3 <= depth * 2 * 1.41 or width <= 4 else "LR"


def _node_text(script: Script, stage: Stage, stay: tuple[str, ...]) -> list[str]:
    lines = [stage.title]
    if stage.outcome:
        lines.append(f"[{stage.outcome} {OUTCOMES[stage.outcome]}]")
    if stay:
        lines.append("↺ " + capped(stay, 2))
    return lines


# ---------------------------------------------------------------------------
# Mermaid
# ---------------------------------------------------------------------------

# Words Mermaid reads as syntax; a stage with such an id gets a prefixed node id.
_MERMAID_WORDS = frozenset({"end", "graph", "subgraph", "flowchart", "style", "class", "classdef",
                            "click", "linkstyle", "direction", "default"})


def _mid(sid: str) -> str:
    return f"stage__{sid}" if sid.lower() in _MERMAID_WORDS else sid


def _mesc(text: str) -> str:
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;").replace("|", "#124;").replace("\n", "<br/>"))


def to_mermaid(script: Script) -> str:
    """A Mermaid flowchart: one subgraph per part, a legend, merged edges."""
    dirn = "TD" if direction(script) == "TB" else "LR"
    out = [f"flowchart {dirn}", f"  %% {_mesc(script.title)}（{script.id}）"]
    stay = stays(script)
    for i, (part, ids) in enumerate(parts(script).items()):
        out.append(f'  subgraph part{i}["{_mesc(part)}"]')
        for sid in ids:
            stage = script.stages[sid]
            label = _mesc("\n".join(_node_text(script, stage, stay.get(sid, ()))))
            if stage.outcome:
                out.append(f'    {_mid(sid)}(["{label}"])')
            elif sid == script.start:
                out.append(f'    {_mid(sid)}[["{label}"]]')
            else:
                out.append(f'    {_mid(sid)}["{label}"]')
        out.append("  end")
    single, bundles = bundled(script)
    if any(e.kind == "event" for e in single) or anywhere_stays(script):
        note = capped(anywhere_stays(script))
        text = "任意阶段" + (f"\n↺ {note}" if note else "")
        out.append(f'  {ANYWHERE}{{{{"{_mesc(text)}"}}}}')
    for e in single:
        arrow = {"response": "-->", "move": "==>", "mixed": "==>", "event": "-.->"}[e.kind]
        out.append(f'  {_mid(e.source)} {arrow}|"{_mesc(e.label(sep=chr(10)))}"| {_mid(e.target)}')
    for b in bundles:
        arrow = "==>" if all(e.kind == "move" for e in b.edges) else "-->"
        out.append(f'  _from_{b.target}>"{_mesc(_bundle_text(script, b))}"]')
        out.append(f'  _from_{b.target} {arrow}|"{_mesc(capped(b.labels, sep=chr(10)))}"| {_mid(b.target)}')
    out += ['  subgraph legend["图例"]',
            '    legend_stage["阶段"] -->|"客户回应"| legend_next["下一阶段"]',
            '    legend_move["阶段"] ==>|"坐席转移"| legend_next',
            '    legend_any{{"任意阶段"}} -.->|"事件"| legend_end(["终止阶段<br/>[结果代码]"])',
            '    legend_stay["阶段<br/>↺ 留在本阶段的回应"]',
            "  end"]
    terminals = [sid for sid, s in script.stages.items() if s.outcome]
    out.append("  classDef terminal fill:#eef,stroke:#336")
    out.append(f"  class {','.join([*map(_mid, terminals), 'legend_end'])} terminal")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Graphviz DOT
# ---------------------------------------------------------------------------

def _desc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


_EDGE_STYLE = {"response": 'style=solid, color="#555555"',
               "move": 'style=bold, color="#1f5fa8", fontcolor="#1f5fa8"',
               "mixed": 'style=bold, color="#1f5fa8"',
               "event": 'style=dashed, color="#a0522d", fontcolor="#a0522d"'}

Attrs = Mapping[str, str]


def _attrs(extra: Attrs | None) -> str:
    return "".join(f', {k}="{_desc(str(v))}"' for k, v in (extra or {}).items())


def _bundle_text(script: Script, b: Bundle) -> str:
    titles = [script.stages[sid].title for sid in b.sources]
    return f"{len(titles)} 个阶段"


def to_dot(script: Script, *, rankdir: str | None = None, bundle: bool = True,
           edge_attrs: Callable[[Edge], Attrs] | None = None,
           node_attrs: Callable[[Stage], Attrs] | None = None) -> str:
    """Graphviz DOT text: a cluster per part, merged edges, stay notes, a legend.

    ``edge_attrs(edge)`` / ``node_attrs(stage)`` may return extra Graphviz attributes
    (e.g. ``{"color": "red"}``) that override the defaults."""
    rankdir = rankdir or direction(script)
    title = script.title + (f"（{script.chapter}）" if script.chapter else "")
    out = [f'digraph "{_desc(script.id)}" {{',
           f'  label="{_desc(title)}"; labelloc=t; fontsize=18; rankdir={rankdir};',
           f'  fontname="{FONT}"; newrank=true; nodesep=0.25; ranksep=0.45; concentrate=false;',
           f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="{FONT}", fontsize=11];',
           f'  edge [fontname="{FONT}", fontsize=9, arrowsize=0.7];']
    stay = stays(script)
    for i, (part, ids) in enumerate(parts(script).items()):
        out.append(f'  subgraph "cluster_{i}" {{ label="{_desc(part)}"; style="rounded,dashed"; '
                   'color="#999999";')
        for sid in ids:
            stage = script.stages[sid]
            attrs = f'label="{_desc(chr(10).join(_node_text(script, stage, stay.get(sid, ()))))}"'
            if stage.outcome:
                attrs += ', shape=box, style="rounded,filled,bold", fillcolor="#eeeeff"'
            elif sid == script.start:
                attrs += ", penwidth=2.5"
            attrs += _attrs(node_attrs(stage) if node_attrs else None)
            out.append(f'    "{_desc(sid)}" [{attrs}];')
        out.append("  }")
    single, bundles = bundled(script) if bundle else (edges(script), [])
    if any(e.kind == "event" for e in single) or anywhere_stays(script):
        note = capped(anywhere_stays(script))
        text = "任意阶段" + (f"\n↺ {note}" if note else "")
        out.append(f'  "{ANYWHERE}" [label="{_desc(text)}", shape=hexagon, fillcolor="#fff4e6"];')
    for e in single:
        extra = _attrs(edge_attrs(e) if edge_attrs else None)
        out.append(f'  "{_desc(e.source)}" -> "{_desc(e.target)}" '
                   f'[label="{_desc(e.label(sep=chr(10)))}", {_EDGE_STYLE[e.kind]}{extra}];')
    for b in bundles:
        node = _desc(f"_from_{b.target}")
        sources = "、".join(script.stages[sid].title for sid in b.sources)
        out.append(f'  "{node}" [label="{_desc(_bundle_text(script, b))}", shape=note, '
                   f'fillcolor="#f6f6f6", fontsize=9, tooltip="{_desc("来自：" + sources)}"];')
        kind = "move" if all(e.kind == "move" for e in b.edges) else "response"
        extra = "".join(_attrs(edge_attrs(e)) for e in b.edges[:1]) if edge_attrs else ""
        out.append(f'  "{node}" -> "{_desc(b.target)}" [label="{_desc(capped(b.labels, sep=chr(10)))}", '
                   f'{_EDGE_STYLE[kind]}{extra}];')
    out.append(_DOT_LEGEND)
    out.append("}")
    return "\n".join(out) + "\n"


_DOT_LEGEND = """  subgraph cluster_legend { label="图例"; style="rounded"; color="#999999"; fontsize=10;
    node [fontsize=9]; edge [fontsize=8];
    legend_a [label="阶段\\n↺ 留在本阶段的回应"]; legend_b [label="下一阶段"];
    legend_c [label="任意阶段", shape=hexagon, fillcolor="#fff4e6"];
    legend_d [label="终止阶段\\n[结果代码]", style="rounded,filled,bold", fillcolor="#eeeeff"];
    legend_a -> legend_b [label="客户回应", color="#555555"];
    legend_a -> legend_b [label="坐席转移", style=bold, color="#1f5fa8", fontcolor="#1f5fa8"];
    legend_c -> legend_d [label="事件", style=dashed, color="#a0522d", fontcolor="#a0522d"];
  }"""


# ---------------------------------------------------------------------------
# One self-contained HTML page
# ---------------------------------------------------------------------------

def render_svg(dot_source: str, timeout: float = 20.0) -> str | None:
    """SVG drawn by Graphviz ``dot`` when it is installed, else None (never raises)."""
    exe = shutil.which("dot")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    svg = done.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None


def to_html(script: Script) -> str:
    """One page, nothing loaded from outside: the diagram as inline SVG (drawn by ``dot``), or
    the Mermaid source with a note when Graphviz is not installed; the edge table below it."""
    esc = html.escape
    svg = render_svg(to_dot(script))
    if svg is not None:
        figure = f'<div class="figure">{svg}</div>'
    else:
        figure = ('<p class="note">本机没有安装 Graphviz（dot 命令），无法直接画图。下面是 Mermaid 源码，'
                  '可以粘贴到 Mermaid 编辑器里查看；或安装 graphviz 后重新运行本命令。</p>'
                  f'<pre>{esc(to_mermaid(script))}</pre>')
    rows = []
    for e in edges(script):
        src = "任意阶段" if e.source == ANYWHERE else script.stages[e.source].title
        rows.append(f"<tr><td>{esc(src)}</td><td>{esc(script.stages[e.target].title)}</td>"
                    f"<td>{esc('、'.join(e.labels))}</td></tr>")
    title = esc(f"{script.title}（{script.id}）")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_CSS}</style></head><body><h1>{title}</h1>"
            + (f"<p>{esc(script.chapter)}</p>" if script.chapter else "")
            + figure
            + "<h2>全部去向</h2><table><tr><th>从</th><th>到</th><th>客户回应 / 坐席转移</th></tr>"
            + "".join(rows) + "</table></body></html>\n")


_CSS = ("body{font-family:'Noto Sans CJK SC',sans-serif;margin:1.5em;color:#222}"
        ".figure svg{max-width:100%;height:auto}.note{background:#fff4e6;padding:.5em}"
        "pre{background:#f6f6f6;padding:1em;overflow:auto}table{border-collapse:collapse;font-size:90%}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
        "@media print{.figure svg{width:100%}}")


__all__ = ["ANYWHERE", "Edge", "edges", "stays", "parts", "part_of", "direction", "capped",
           "to_mermaid", "to_dot", "to_html", "render_svg", "Bundle", "bundled"]
