"""Diagrams of script trees as Mermaid or Graphviz DOT text.

Stages are labelled with their Chinese titles, edges with the response
(debtor) or move (agent) that takes them, terminal stages are drawn as
rounded end nodes with their outcome, and events that can happen anywhere
hang off a single 「任意阶段」 node.  Everything from the file is escaped for
the target language.
"""

from __future__ import annotations

from trainer.base.vocab import OUTCOMES, RESPONSES
from trainer.content.script import Script

ANYWHERE = "_anywhere"


def _edges(script: Script) -> list[tuple[str, str, str, str]]:
    """(source, target, label, kind) with kind 'response', 'move' or 'event'."""
    edges: list[tuple[str, str, str, str]] = []
    for stage in script.stages.values():
        for resp in stage.responses:
            if resp.next:
                edges.append((stage.id, resp.next, RESPONSES.get(resp.code, resp.code), "response"))
        for move in stage.moves:
            edges.append((stage.id, move.next, "坐席：" + (move.title or move.id), "move"))
    for event in script.events:
        if event.next:
            edges.append((ANYWHERE, event.next, RESPONSES.get(event.code, event.code), "event"))
    return edges


def _label(script: Script, stage_id: str) -> str:
    stage = script.stages[stage_id]
    if stage.outcome:
        return f"{stage.title}\n[{stage.outcome} {OUTCOMES[stage.outcome]}]"
    return stage.title


def to_mermaid(script: Script) -> str:
    def esc(text: str) -> str:
        return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
                .replace(">", "#gt;").replace("|", "#124;").replace("\n", "<br/>"))

    out = ["flowchart TD", f"  %% {esc(script.title)}（{script.id}）"]
    for sid, stage in script.stages.items():
        label = esc(_label(script, sid))
        if stage.outcome:
            out.append(f'  {sid}(["{label}"])')
        elif sid == script.start:
            out.append(f'  {sid}[["{label}"]]')
        else:
            out.append(f'  {sid}["{label}"]')
    edges = _edges(script)
    if any(kind == "event" for *_, kind in edges):
        out.append(f'  {ANYWHERE}{{{{"任意阶段"}}}}')
    for src, dst, label, kind in edges:
        arrow = {"response": "-->", "move": "==>", "event": "-.->"}[kind]
        out.append(f'  {src} {arrow}|"{esc(label)}"| {dst}')
    terminals = [sid for sid, s in script.stages.items() if s.outcome]
    if terminals:
        out.append("  classDef terminal fill:#eef,stroke:#336")
        out.append(f"  class {','.join(terminals)} terminal")
    return "\n".join(out) + "\n"


def to_dot(script: Script) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    out = [f'digraph "{esc(script.id)}" {{',
           f'  label="{esc(script.title)}"; labelloc=t; rankdir=TB;',
           '  node [shape=box, style=rounded, fontname="Noto Sans CJK SC"];',
           '  edge [fontname="Noto Sans CJK SC", fontsize=10];']
    for sid, stage in script.stages.items():
        attrs = f'label="{esc(_label(script, sid))}"'
        if stage.outcome:
            attrs += ", shape=doubleoctagon"
        elif sid == script.start:
            attrs += ", penwidth=2"
        out.append(f'  "{esc(sid)}" [{attrs}];')
    edges = _edges(script)
    if any(kind == "event" for *_, kind in edges):
        out.append(f'  "{ANYWHERE}" [label="任意阶段", shape=diamond];')
    for src, dst, label, kind in edges:
        style = {"response": "solid", "move": "bold", "event": "dashed"}[kind]
        out.append(f'  "{esc(src)}" -> "{esc(dst)}" [label="{esc(label)}", style={style}];')
    out.append("}")
    return "\n".join(out) + "\n"
