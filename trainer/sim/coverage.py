"""Transition coverage: which parts of a script tree a set of calls exercised — UI-free.

A script tree offers four kinds of things a call can exercise:

* **stages** — every stage of the tree (a terminal stage counts once the call reaches it);
* **responses** — each ``stage × response code`` a stage lists (with or without ``next``): the
  debtor gave that response *at that stage*;
* **moves** — each ``stage × move`` (agent-led transitions);
* **events** — the script's anywhere-events (hang-up, complaint…).

Calls arrive as DESIGN.md transcripts with the annotations :meth:`trainer.sim.session.Call.transcript`
stores per turn: an agent turn carries the ``stage`` it was said in, its ``acts`` and ``key_points``;
a reply carries its ``response`` code and the ``stage`` the call was in *after* it.  The stage a
response was given at (after any move the agent's line triggered) is reconstructed the way the
session decides it: the first move of the stage whose acts and key points the line shows.  So the
same count works for calls just played (``trainer coverage`` over the scenario tests) and calls read
back from the records (``--from records``).  Transcripts of another script, or turns naming stages
the current tree no longer has, are skipped rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trainer.content.script import Script, Stage

KINDS = ("stages", "responses", "moves", "events")


@dataclass
class ScriptCoverage:
    """Hit counts of everything one script offers (zero = never exercised)."""

    script: Script
    stages: dict[str, int] = field(default_factory=dict)
    responses: dict[tuple[str, str], int] = field(default_factory=dict)
    moves: dict[tuple[str, str], int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    calls: int = 0

    @classmethod
    def empty(cls, script: Script) -> ScriptCoverage:
        cov = cls(script)
        for stage in script.stages.values():
            cov.stages[stage.id] = 0
            for resp in stage.responses:
                cov.responses[(stage.id, resp.code)] = 0
            for move in stage.moves:
                cov.moves[(stage.id, move.id)] = 0
        for event in script.events:
            cov.events[event.code] = 0
        return cov

    def table(self, kind: str) -> dict[Any, int]:
        return {"stages": self.stages, "responses": self.responses, "moves": self.moves,
                "events": self.events}[kind]

    def counts(self, kind: str) -> tuple[int, int]:
        """(exercised, total) of one kind."""
        table = self.table(kind)
        return sum(1 for n in table.values() if n), len(table)

    def missed(self, kind: str) -> list[Any]:
        """The never-exercised items of one kind, in file order."""
        return [key for key, n in self.table(kind).items() if not n]

    def add(self, transcript: dict[str, Any]) -> bool:
        """Count one call; False (and nothing counted) when it is a call of another script."""
        if (transcript.get("meta") or {}).get("script") != self.script.id:
            return False
        self.calls += 1
        for step in walk(self.script, transcript):
            kind, key = step
            table = self.table(kind)
            if key in table:
                table[key] += 1
        return True


def _move_taken(stage: Stage, turn: dict[str, Any]) -> Any:
    acts, points = set(turn.get("acts") or ()), set(turn.get("key_points") or ())
    for move in stage.moves:
        if all(a in acts for a in move.acts) and all(k in points for k in move.key_points):
            return move
    return None


def _reply_step(script: Script, stage: Stage, reply: dict[str, Any]) -> tuple[str, Any] | None:
    """What a reply given at ``stage`` exercised: a stage response or an anywhere-event."""
    code = reply.get("response")
    after = reply.get("stage")
    own = [r for r in stage.responses if r.code == code]
    events = [e for e in script.events if e.code == code]
    if own and (not events or any((r.next or stage.id) == after for r in own)):
        return ("responses", (stage.id, code))
    if events:
        return ("events", code)
    return None


def walk(script: Script, transcript: dict[str, Any]) -> list[tuple[str, Any]]:
    """The (kind, key) steps one call took through ``script``, in order (stages included)."""
    steps: list[tuple[str, Any]] = []
    turns = transcript.get("turns") or []
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict) or turn.get("speaker") != "agent":
            continue
        stage = script.stages.get(str(turn.get("stage")))
        if stage is None:
            continue
        steps.append(("stages", stage.id))
        move = _move_taken(stage, turn)
        if move is not None and move.next in script.stages:
            steps.append(("moves", (stage.id, move.id)))
            stage = script.stages[move.next]
            steps.append(("stages", stage.id))
        reply = turns[i + 1] if i + 1 < len(turns) else None
        if stage.is_terminal or not isinstance(reply, dict) or reply.get("speaker") == "agent":
            continue
        step = _reply_step(script, stage, reply)
        if step is not None:
            steps.append(step)
        after = script.stages.get(str(reply.get("stage")))
        if after is not None and after.id != stage.id:
            steps.append(("stages", after.id))
    return steps


def stage_path(script: Script, transcript: dict[str, Any]) -> list[str]:
    """The stages a call passed through, in order, each once per stay (moves and terminals included)."""
    path: list[str] = []
    for kind, key in walk(script, transcript):
        if kind == "stages" and (not path or path[-1] != key):
            path.append(key)
    return path


def measure(scripts: Iterable[Script], transcripts: Iterable[dict[str, Any]]) -> list[ScriptCoverage]:
    """Coverage of each script by the calls (each call counts for the script it was played on)."""
    covs = [ScriptCoverage.empty(s) for s in scripts]
    by_id = {c.script.id: c for c in covs}
    for transcript in transcripts:
        cov = by_id.get(str((transcript.get("meta") or {}).get("script")))
        if cov is not None:
            cov.add(transcript)
    return covs


def percent(done: int, total: int) -> float:
    """A share as a percentage (an empty set counts as fully covered)."""
    return 100.0 if total == 0 else round(100.0 * done / total, 1)


def totals(covs: Iterable[ScriptCoverage]) -> dict[str, tuple[int, int]]:
    """(exercised, total) of each kind over several scripts."""
    out = {kind: (0, 0) for kind in KINDS}
    for cov in covs:
        for kind in KINDS:
            done, total = cov.counts(kind)
            out[kind] = (out[kind][0] + done, out[kind][1] + total)
    return out


def by_chapter(covs: Iterable[ScriptCoverage]) -> list[tuple[str, list[ScriptCoverage]]]:
    """Scripts grouped by their course chapter (file order of first appearance)."""
    groups: dict[str, list[ScriptCoverage]] = {}
    for cov in covs:
        groups.setdefault(cov.script.chapter or cov.script.title, []).append(cov)
    return list(groups.items())


def as_dict(covs: list[ScriptCoverage]) -> dict[str, Any]:
    """Plain data for ``--format json``."""
    def one(cov: ScriptCoverage) -> dict[str, Any]:
        entry: dict[str, Any] = {"script": cov.script.id, "title": cov.script.title,
                                 "chapter": cov.script.chapter, "calls": cov.calls}
        for kind in KINDS:
            done, total = cov.counts(kind)
            entry[kind] = {"covered": done, "total": total, "percent": percent(done, total),
                           "missed": [_key_text(kind, k) for k in cov.missed(kind)]}
        return entry

    chapters = []
    for chapter, group in by_chapter(covs):
        sums = totals(group)
        chapters.append({"chapter": chapter, "scripts": [c.script.id for c in group],
                         **{k: {"covered": d, "total": t, "percent": percent(d, t)}
                            for k, (d, t) in sums.items()}})
    overall = totals(covs)
    return {"scripts": [one(c) for c in covs], "chapters": chapters,
            "total": {k: {"covered": d, "total": t, "percent": percent(d, t)} for k, (d, t) in overall.items()}}


def _key_text(kind: str, key: Any) -> str:
    return f"{key[0]}:{key[1]}" if isinstance(key, tuple) else str(key)


def response_percent(covs: Iterable[ScriptCoverage]) -> float:
    """Response coverage over several scripts (what ``--fail-under`` compares)."""
    done, total = totals(covs)["responses"]
    return percent(done, total)
