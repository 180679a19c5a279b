"""``include:`` — lexicons and events shared between script trees.

A tree (or an include file) may say ``include: [shared/common.yaml, first_contact]``: a path
relative to the file, or the id of a bundled / local tree (``./scripts/<id>.yaml``).  From each
included file it takes the ``lexicons`` and ``events`` (and, in turn, those of the files *it*
includes).  A file that holds only ``lexicons:``, ``events:`` and ``include:`` is an include file.
The including tree's own definitions win over included ones with the same name (a lexicon by its
name, an event by its ``id``, else its ``code``).

Included files are read with the same safe loader and caps as any script (:mod:`trainer.base.yamlio`).
Every problem is reported at the ``include`` entry of the file being checked:

====== ==========================================================
SV032  an included file that cannot be found
SV033  includes that form a cycle (a file that, through its includes, includes itself)
SV034  the same lexicon or event defined in two included files
SV035  an included file that has problems of its own
====== ==========================================================
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.base import schema as schema_mod
from trainer.base.errors import InputError, Problem, UsageError
from trainer.base.yamlio import Document, load_document
from trainer.zh.display import clip

MISSING_INCLUDE, INCLUDE_CYCLE, INCLUDE_TWICE, BAD_INCLUDE = "SV032", "SV033", "SV034", "SV035"
MAX_INCLUDE_FILES = 64  # files reached through includes from one tree
_SUFFIXES = (".yaml", ".yml")

INCLUDE_PROPERTY: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": "从其他文件引入同义词表 lexicons 和事件 events：写相对本文件的路径（如 shared/common.yaml）"
                   "或内置/本地脚本的 id；本文件自己定义的同名词表、事件优先",
}
SCRIPT_SCHEMA: dict[str, Any] = {
    **schema_mod.SCRIPT_SCHEMA,
    "properties": {**schema_mod.SCRIPT_SCHEMA["properties"], "include": INCLUDE_PROPERTY},
}
INCLUDE_SCHEMA: dict[str, Any] = {
    **schema_mod.SCRIPT_SCHEMA,
    "title": "共用的同义词表和事件",
    "description": "只放 lexicons、events（和 include）的文件，供多棵脚本树 include 共用。",
    "required": [],
    "properties": {key: value for key, value in SCRIPT_SCHEMA["properties"].items()
                   if key in ("lexicons", "events", "include")},
}
schema_mod.register("script", SCRIPT_SCHEMA)
schema_mod.register("include", INCLUDE_SCHEMA)


def is_include_file(data: object) -> bool:
    """A mapping with only ``lexicons`` / ``events`` / ``include`` (and at least one of them)."""
    return (isinstance(data, dict) and bool(data)
            and set(data) <= {"lexicons", "events", "include"})


def event_key(event: Mapping[str, Any]) -> str:
    """The name an event is known by: its ``id``, else its ``code``."""
    return str(event.get("id") or event.get("code"))


@dataclass
class Included:
    """What a file's includes bring in, and what went wrong finding them."""

    lexicons: dict[str, list[str]] = field(default_factory=dict)
    events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (include entry, event)
    files: list[str] = field(default_factory=list)  # resolved paths, in the order read
    problems: list[Problem] = field(default_factory=list)

    def fingerprint(self) -> str:
        """sha256 over the included files' bytes ('' when there are none)."""
        if not self.files:
            return ""
        digest = hashlib.sha256()
        for name in self.files:
            try:
                digest.update(Path(name).read_bytes())
            except OSError:
                digest.update(b"?")
        return digest.hexdigest()


def resolve_include(ref: str, base: Path) -> Path:
    """An include entry: a path relative to the including file's folder, or a tree id."""
    if ref.endswith(_SUFFIXES) or "/" in ref:
        path = base.parent / ref
        if not path.is_file():
            raise UsageError(f"找不到引用的文件 {clip(ref)}（按相对 {base.name} 所在目录的路径找的：{clip(str(path))}）")
        return path
    from trainer.content.script import resolve_script_path  # the tree ids live there

    return resolve_script_path(ref)


def gather(doc: Document) -> Included:
    """Every lexicon and event that ``doc``'s includes bring in (``doc``'s own not included)."""
    out = Included()
    data = doc.data if isinstance(doc.data, dict) else {}
    refs = data.get("include") or []
    if not isinstance(refs, list):
        return out
    me = _key(Path(doc.name))
    owner: dict[tuple[str, str], str] = {}  # (kind, name) -> the file that defined it first
    for name in data.get("lexicons") or {}:
        owner["词表", name] = doc.name
    for event in data.get("events") or []:
        if isinstance(event, dict):
            owner["事件", event_key(event)] = doc.name
    for i, ref in enumerate(refs):
        if isinstance(ref, str):
            _Walker(doc, i, out, owner).visit(ref, Path(doc.name), [me])
    return out


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


class _Walker:
    """Follows one top-level include entry depth-first; problems are placed at that entry."""

    def __init__(self, doc: Document, index: int, out: Included, owner: dict[tuple[str, str], str]):
        self.doc, self.index, self.out, self.owner = doc, index, out, owner

    def problem(self, code: str, message: str, hint: str) -> None:
        self.out.problems.append(Problem(self.doc.where(("include", self.index)), code, message, hint))

    def visit(self, ref: str, base: Path, chain: list[str]) -> None:
        try:
            path = resolve_include(ref, base)
        except UsageError as exc:
            via = f"（经由 {Path(chain[-1]).name}）" if len(chain) > 1 else ""
            self.problem(MISSING_INCLUDE, f"{exc}{via}",
                         "写相对本文件的 .yaml 路径（如 shared/common.yaml），或内置/本地脚本的 id（如 first_contact）")
            return
        key = _key(path)
        if key in chain:
            names = " → ".join(Path(k).name for k in [*chain, key])
            self.problem(INCLUDE_CYCLE, f"引用形成了循环：{names}",
                         "把共用的词表和事件挪到一个不再引用别人的文件里，让两边都 include 它")
            return
        if key in self.out.files:
            return  # reached twice along different branches: read once
        if len(self.out.files) >= MAX_INCLUDE_FILES:
            self.problem(BAD_INCLUDE, f"引用的文件太多（上限 {MAX_INCLUDE_FILES} 个）", "把共用内容合并到少数几个文件里")
            return
        self.out.files.append(str(path))
        try:
            sub = load_document(path)
        except InputError as exc:
            self.broken(ref, exc.problems)
            return
        problems = self.check(sub)
        if problems:
            self.broken(ref, problems)
            return
        for inner in sub.data.get("include") or []:
            self.visit(inner, path, [*chain, key])
        self.take(sub, path)

    def check(self, sub: Document) -> list[Problem]:
        if not isinstance(sub.data, dict):
            return [Problem(sub.where(), "SV004", "被引用的文件顶层必须是映射", "写 lexicons: 和/或 events:")]
        schema = INCLUDE_SCHEMA if is_include_file(sub.data) or "stages" not in sub.data else SCRIPT_SCHEMA
        return schema_mod.check(sub, schema)

    def broken(self, ref: str, problems: list[Problem]) -> None:
        first = problems[0] if problems else None
        self.problem(BAD_INCLUDE, f"引用的文件 {clip(ref)} 有 {len(problems)} 个问题"
                     + (f"，第一个：{first.location}: {first.code} {first.message}" if first else ""),
                     "先运行 trainer validate 检查并修好那个文件")

    def take(self, sub: Document, path: Path) -> None:
        data: dict[str, Any] = sub.data
        for name, words in (data.get("lexicons") or {}).items():
            if self.claim("词表", name, path):
                self.out.lexicons[name] = list(words)
        for event in data.get("events") or []:
            if self.claim("事件", event_key(event), path):
                self.out.events.append((self.index, event))

    def claim(self, kind: str, name: str, path: Path) -> bool:
        first = self.owner.get((kind, name))
        if first is None:
            self.owner[kind, name] = str(path)
            return True
        if first != str(path) and first != self.doc.name:  # the file's own definition wins quietly
            self.problem(INCLUDE_TWICE, f"{kind} '{name}' 在 {Path(first).name} 和 {path.name} 里都有定义",
                         f"只在一个文件里保留它；或在本文件里定义同名的{kind}（本文件的优先）")
        return False


def merged_lexicons(own: Mapping[str, Any], included: Included) -> dict[str, list[str]]:
    """Included lexicons overridden by the file's own."""
    return {**included.lexicons, **{k: list(v) for k, v in own.items()}}


def merged_events(own: list[dict[str, Any]], included: Included) -> list[tuple[int | None, dict[str, Any]]]:
    """The file's own events, then the included ones it does not redefine.

    Each comes with the include entry it came through (None for the file's own)."""
    names = {event_key(e) for e in own}
    return [*((None, e) for e in own),
            *((i, e) for i, e in included.events if event_key(e) not in names)]
