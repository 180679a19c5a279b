"""Warnings: things in a well-formed file that are probably not what the author meant.

A warning never stops a file from loading; ``trainer validate`` prints it with 「警告」
and exits 0 unless ``--strict`` is given (then 1).  Codes (``docs/authoring.md``):

====== ==================================================================
SW001  a response no persona ever gives (its weight is 0 for every persona)
SW002  a key point that none of its stage's recommended lines satisfies
SW003  the same tree id in two of the files checked
CW001  the scenario's objection or request is in the tree, but its weight is 0 for
       the scenario's persona everywhere (the debtor can never say it)
====== ==================================================================

Warnings are :class:`~trainer.base.errors.Problem` objects whose message starts with
「警告：」; :func:`is_warning` tells them apart by their code (second letter ``W``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trainer.base.errors import Problem
from trainer.base.templating import TemplateProblem
from trainer.base.vocab import PERSONAS, RESPONSES
from trainer.base.yamlio import Document
from trainer.content.script import SAMPLE_FACTS, Line, build_matcher, tidy_spaces
from trainer.zh.text import fold

NO_PERSONA, KEY_POINT_UNMET, DUPLICATE_TREE = "SW001", "SW002", "SW003"
PERSONA_NEVER_SAYS = "CW001"
WARNING_PREFIX = "警告："


def is_warning(problem: Problem) -> bool:
    return problem.code[1:2] == "W"


def warning(where: Any, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(where, code, WARNING_PREFIX + message, hint)


def script_warnings(doc: Document) -> list[Problem]:
    """Warnings of a script document that has no errors."""
    data: dict[str, Any] = doc.data
    out: list[Problem] = []
    for j, event in enumerate(data.get("events", [])):
        out += _unweighted(doc, ("events", j), event)
    lexicons = data.get("lexicons", {})
    for i, stage in enumerate(data["stages"]):
        for j, resp in enumerate(stage.get("responses", [])):
            out += _unweighted(doc, ("stages", i, "responses", j), resp)
        rendered = [_render(ln["text"]) for ln in stage.get("lines", [])]
        rendered = [fold(text) for text in rendered if text]
        if not rendered:
            continue
        for j, kp in enumerate(stage.get("key_points", [])):
            matcher = build_matcher(kp["match"], lexicons)
            if not any(matcher.matches(text) for text in rendered):
                out.append(warning(doc.where(("stages", i, "key_points", j, "match")), KEY_POINT_UNMET,
                                   f"阶段 {stage['id']} 的推荐话术没有一句满足要点 {kp['id']}（{kp['title']}）",
                                   "学员照着推荐话术说也会被判漏讲：改匹配规则，或在推荐话术里讲到这一点"))
    return out


def _render(text: str) -> str:
    try:
        return Line("_", text).render(SAMPLE_FACTS)
    except TemplateProblem:
        return tidy_spaces(text)


def _unweighted(doc: Document, path: tuple[str | int, ...], resp: dict[str, Any]) -> list[Problem]:
    weights = resp.get("weights") or {}
    if not weights or any(float(weights.get(p, 1.0)) > 0 for p in PERSONAS):
        return []
    code = resp["code"]
    return [warning(doc.where(path + ("weights",)), NO_PERSONA,
                    f"回应 {code}（{RESPONSES.get(code, code)}）对所有客户类型的权重都是 0，模拟客户永远不会这样说",
                    "给会这样说的客户类型写一个大于 0 的权重（没写的类型默认 1），或删掉这条回应")]


def scenario_warnings(doc: Document) -> list[Problem]:
    """CW001: the scenario's objection or a request that its persona never says in this tree."""
    from trainer.content.scenario import REQUEST_CODES, REQUEST_LABELS, _script_ref
    from trainer.content.script import load_script

    data: dict[str, Any] = doc.data
    debtor = data.get("debtor") or {}
    persona = data["persona"]
    try:
        script = load_script(_script_ref(data["script"], doc.name))
    except Exception:  # noqa: BLE001 - the errors were reported already (SC001/SC002)
        return []
    said: dict[str, float] = {}
    for resp in [*script.events, *(r for s in script.stages.values() for r in s.responses)]:
        said[resp.code] = max(said.get(resp.code, 0.0), resp.weight(persona))
    asks: list[tuple[tuple[str | int, ...], tuple[str, ...], str]] = []
    if debtor.get("objection"):
        code = debtor["objection"]
        asks.append((("debtor", "objection"), (code,), f"真实难处 {code}（{RESPONSES[code]}）"))
    for i, req in enumerate(debtor.get("requests") or []):
        asks.append((("debtor", "requests", i), REQUEST_CODES[req], f"想问的「{REQUEST_LABELS[req]}」（{req}）"))
    out: list[Problem] = []
    for path, codes, what in asks:
        present = [c for c in codes if c in said]
        if present and all(said[c] == 0 for c in present):
            out.append(warning(doc.where(path), PERSONA_NEVER_SAYS,
                               f"{what}在脚本 {script.id} 里对客户类型 {persona}（{PERSONAS[persona]}）的权重都是 0，"
                               "模拟客户不会说出来",
                               f"在脚本相应回应的 weights 里给 {persona} 一个大于 0 的值，或从场景里删掉它"))
    return out


def duplicate_tree_ids(docs: Iterable[tuple[Path, Document]]) -> list[Problem]:
    """SW003 for each script whose id another checked file already uses."""
    first: dict[str, Path] = {}
    out: list[Problem] = []
    for path, doc in docs:
        tree_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        if not isinstance(tree_id, str):
            continue
        if tree_id in first:
            out.append(warning(doc.where(("id",)), DUPLICATE_TREE,
                               f"脚本 id '{tree_id}' 与 {first[tree_id]} 重复，按 id 引用时只会用到其中一个",
                               "给这棵树换一个 id（小写字母、数字、下划线），场景的 script 也跟着改"))
        else:
            first[tree_id] = path
    return out


__all__ = ["is_warning", "warning", "script_warnings", "scenario_warnings", "duplicate_tree_ids", "WARNING_PREFIX"]
