"""Script trees: the data model, and the checks that make a YAML file one.

A script tree (``scripts/*.yaml``, format in ``docs/authoring.md``)
becomes a frozen :class:`Script` through :meth:`Script.from_yaml`, which
refuses a file with any problem — so a typo never surfaces mid-call.
:func:`check_script` returns every problem of a loaded document at once
(``path:line:col: CODE message``); ``trainer validate`` prints them.

Codes owned here (the YAML-level ones, SV001–SV015, live in yamlio/schema):

====== ==========================================================
SV004  the file is not a mapping
SV020  duplicate id
SV021  a target (start, next, key point) that does not exist
SV022  a stage that cannot be reached from ``start``
SV023  a non-terminal stage with no way forward (dead end)
SV024  a terminal stage that still has responses or moves
SV025  template syntax error in a line
SV026  template variable that is not an account fact
SV027  invalid regular expression
SV028  a matcher example that does not behave as declared
SV029  unknown lexicon in ``@name`` / empty ``when`` of a move
SV030  no terminal stage: no call on this tree can ever end
SV031  an empty matcher (``match: {}``, or only ``none``): the key point could never be met
SV032–SV035  ``include``: missing file, cycle, a name defined twice, a broken included file
       (:mod:`trainer.content.includes`)
====== ==========================================================

Warnings (``trainer validate`` prints them with 「警告」; ``--strict`` fails on them) are
in :mod:`trainer.content.lint` (SW001–SW003).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.base import cache
from trainer.base import schema as schema_mod
from trainer.base.errors import InputError, Location, Problem, UsageError
from trainer.base.gcutil import paused_gc
from trainer.base.vocab import FACTS
from trainer.base.yamlio import (
    FULLWIDTH_COLON,
    NOT_MAPPING,
    Document,
    YamlPath,
    fullwidth_key_hint,
    load_document,
    read_text,
)
from trainer.content import includes as includes_mod
from trainer.content.bundled import bundled_paths, local_paths
from trainer.zh.text import fold

DUPLICATE_ID, DANGLING, UNREACHABLE, DEAD_END, TERMINAL_LEADS = (
    "SV020", "SV021", "SV022", "SV023", "SV024")
TEMPLATE_SYNTAX, TEMPLATE_UNDEFINED, BAD_REGEX, EXAMPLE_FAILS, BAD_LEXICON = (
    "SV025", "SV026", "SV027", "SV028", "SV029")
NO_TERMINAL, EMPTY_MATCHER = "SV030", "SV031"

SAMPLE_FACTS: dict[str, Any] = {
    "bank": "安信银行", "agent_surname": "王", "agent_id": "A1024", "name": "张伟", "surname": "张",
    "honorific": "先生", "card_tail": "6688", "balance": 12580.0, "min_due": 1258.0,
    "days_overdue": 45, "due_date": "10月15日", "promise_amount": 3000.0, "promise_date": "11月20日",
    "paid_amount": 1000.0, "callback_number": "400-000-0000",
}


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\n]+|[ \t\n]+(?=[{_CJK}])")


def tidy_spaces(text: str) -> str:
    """Drop the spaces YAML's folded scalars (``>-``) leave between Chinese lines.

    Chinese is written without spaces, so a space next to a Chinese character or
    full-width punctuation mark is an artefact of line folding; spaces between
    Latin words or numbers stay."""
    return _SPACE_NEXT_TO_CJK.sub("", text).strip()

@dataclass(frozen=True)
class Matcher:
    """Deterministic phrase matching over folded text (see ``trainer.zh.text.fold``).

    Attributes:
        any: alternatives, one of which must appear (empty: no condition).
        all: groups of alternatives; each group must appear.
        regex: compiled patterns, one of which must match (empty: no condition).
        none: phrases that must not appear.
    """

    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    regex: tuple[re.Pattern[str], ...] = ()
    none: tuple[str, ...] = ()

    def explain(self, folded: str) -> str | None:
        """What made ``folded`` match (e.g. ``「司法调查组」+「银行」``), or None."""
        found: list[str] = []
        if self.any:
            hit = next((w for w in self.any if w in folded), None)
            if hit is None:
                return None
            found.append(hit)
        for group in self.all:
            hit = next((w for w in group if w in folded), None)
            if hit is None:
                return None
            found.append(hit)
        if self.regex:
            m = next((m for p in self.regex if (m := p.search(folded))), None)
            if m is None:
                return None
            found.append(m.group(0))
        if any(w in folded for w in self.none):
            return None
        return "+".join(f"「{w}」" for w in dict.fromkeys(found))

    def matches(self, folded: str) -> bool:
        return self.explain(folded) is not None


@dataclass(frozen=True)
class Line:
    """A recommended line of the agent; ``text`` is a Jinja template over account facts."""

    id: str
    text: str
    standard: bool = False
    note: str | None = None

    def render(self, facts: Mapping[str, Any]) -> str:
        from trainer.base.templating import render_line  # lazy: jinja2 costs start-up time

        return tidy_spaces(render_line(self.text, dict(facts)))


@dataclass(frozen=True)
class KeyPoint:
    """Something the agent must cover at a stage, and how to recognise it."""

    id: str
    title: str
    matcher: Matcher
    required: bool = True
    hint: str | None = None


@dataclass(frozen=True)
class Response:
    """A common answer of the debtor (or an event anywhere) and where it leads."""

    code: str
    examples: tuple[str, ...]
    weights: Mapping[str, float] = field(default_factory=dict)
    next: str | None = None
    advice: str | None = None
    id: str | None = None

    def weight(self, persona: str) -> float:
        return float(self.weights.get(persona, 1.0))


@dataclass(frozen=True)
class Move:
    """An agent-led transition: when the line shows these acts / key points, go to ``next``."""

    id: str
    next: str
    acts: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class Stage:
    """One stage of the call."""

    id: str
    title: str
    contact: str = "unknown"
    verified: bool = False
    why: str | None = None
    lines: tuple[Line, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    responses: tuple[Response, ...] = ()
    moves: tuple[Move, ...] = ()
    outcome: str | None = None
    part: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.outcome is not None

    def response(self, code: str) -> Response | None:
        return next((r for r in self.responses if r.code == code), None)


@dataclass(frozen=True)
class Script:
    """A whole script tree, validated.  Build it with :meth:`from_yaml`."""

    id: str
    title: str
    start: str
    stages: Mapping[str, Stage]
    events: tuple[Response, ...] = ()
    chapter: str | None = None
    version: str | None = None
    summary: str | None = None
    contact: str = "unknown"
    lexicons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    path: str = ""
    digest: str = ""
    includes: tuple[str, ...] = ()  # files read through ``include`` (their lexicons and events)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Script:
        """Load and check a script file; raise :class:`InputError` listing every problem."""
        text = read_text(path)
        checked = _known_data(text)
        if checked is not None:  # this very text passed every check before: no YAML parsing
            with paused_gc():
                return _build(Document(str(path), checked), hashlib.sha256(Path(path).read_bytes()).hexdigest())
        doc = load_document(path, text=text)
        with paused_gc():
            shared = isinstance(doc.data, dict) and "include" in doc.data
            included = includes_mod.gather(doc) if shared else None
            if shared or not _known_good(text):  # a verdict on the text alone misses its includes
                problems = check_script(doc, included)
                if problems:
                    raise InputError(problems)
                if not shared:
                    _remember_good(text, doc.data)
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            if included is not None and included.files:
                digest = hashlib.sha256((digest + included.fingerprint()).encode()).hexdigest()
            return _build(doc, digest, included)

    def stage(self, stage_id: str) -> Stage:
        return self.stages[stage_id]

    def lines(self) -> Iterator[tuple[Stage, Line]]:
        for stage in self.stages.values():
            for line in stage.lines:
                yield stage, line

    def line(self, line_id: str) -> Line:
        for _, line in self.lines():
            if line.id == line_id:
                return line
        ids = [ln.id for _, ln in self.lines()]
        guess = difflib.get_close_matches(line_id, ids, n=1)
        raise UsageError(f"脚本 {self.id} 里没有话术 '{line_id}'"
                         + (f"，是不是 '{guess[0]}'？" if guess else ""))

    def standard_line(self) -> Line | None:
        return next((line for _, line in self.lines() if line.standard), None)


# ---------------------------------------------------------------------------
# Finding bundled and named scripts
# ---------------------------------------------------------------------------

def bundled_script_paths() -> list[Path]:
    return bundled_paths("scripts")


def local_script_paths() -> list[Path]:
    return local_paths("scripts")


def resolve_script_path(name: str | Path) -> Path:
    """A path, the id of a bundled script (``first_contact``), or the id of a local one
    (``./scripts/<id>.yaml``).  Bundled ids come first: ``trainer validate`` warns (SW003)
    about a local file that a bundled id shadows."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise UsageError(f"找不到脚本文件 {path}")
        return path
    for candidate in [*bundled_script_paths(), *local_script_paths()]:
        if candidate.stem == str(name):
            return candidate
    names = list(dict.fromkeys(p.stem for p in [*bundled_script_paths(), *local_script_paths()]))
    guess = difflib.get_close_matches(str(name), names, n=1)
    raise UsageError(f"没有名为 '{name}' 的脚本"
                     + (f"，是不是 '{guess[0]}'？" if guess else f"。可用：{'、'.join(names)}"))


# The code whose verdict the cache keeps: a change to any of them is a new key.
_CHECKERS = ("content/script.py", "content/hints.py", "base/schema.py", "base/vocab.py",
             "base/yamlio.py", "base/templating.py", "zh/text.py")
cache.enable_fold_table_cache()


def checker_sources() -> list[str]:
    root = Path(__file__).resolve().parents[1]
    return [str(root / rel) for rel in _CHECKERS]


def _verdict(text: str) -> tuple[str, str]:
    data = text.encode("utf-8", "surrogatepass")
    name = "script-" + hashlib.sha256(data).hexdigest()[:40]
    return name, cache.key([b"script", data], code=checker_sources())


def _known_good(text: str) -> bool:
    """Whether a file with exactly this text passed :func:`check_script` before (cached)."""
    entry = cache.load(*_verdict(text))
    return isinstance(entry, dict) and entry.get("ok") is True


def _known_data(text: str) -> dict[str, Any] | None:
    """The parsed data of a file with exactly this text that passed :func:`check_script` before
    and includes nothing (cached with the verdict), or None."""
    entry = cache.load(*_verdict(text))
    if isinstance(entry, dict) and entry.get("ok") is True and isinstance(entry.get("data"), dict) \
            and "include" not in entry["data"]:
        return entry["data"]
    return None


def _remember_good(text: str, data: Any = None) -> None:
    """Keep the verdict, and the parsed data where JSON gives it back exactly."""
    if data is None or not cache.round_trips(data) or not cache.store(*_verdict(text), {"ok": True, "data": data}):
        cache.store(*_verdict(text), {"ok": True})


_LOADED: dict[str, tuple[tuple[float, ...], Script]] = {}


def _stamp(paths: Iterable[str]) -> tuple[float, ...]:
    out: list[float] = []
    for name in paths:
        try:
            out.append(Path(name).stat().st_mtime)
        except OSError:
            out.append(-1.0)
    return tuple(out)


def load_script(name: str | Path) -> Script:
    """Load a bundled script by id, or a script file by path (cached while it and its includes
    are unchanged)."""
    path = str(resolve_script_path(name))
    kept = _LOADED.get(path)
    if kept is not None and kept[0] == _stamp([path, *kept[1].includes]):
        return kept[1]
    script = Script.from_yaml(path)
    if len(_LOADED) >= 32:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[path] = (_stamp([path, *script.includes]), script)
    return script


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def check_script(doc: Document, included: includes_mod.Included | None = None) -> list[Problem]:
    """Every problem of a script document, in file order (its includes read unless given)."""
    if not isinstance(doc.data, dict):
        if fullwidth_key_hint(doc.data):
            return [Problem(doc.where(), FULLWIDTH_COLON, "键后面用了全角冒号「：」",
                            "YAML 的键和值之间要用半角冒号加空格「: 」")]
        return [Problem(doc.where(), NOT_MAPPING, "脚本文件的顶层必须是映射（id、title、stages…）",
                        "文件开头应该是一行行「键: 值」，如 id: first_contact、title: 首次联系，而不是列表或一段文字")]
    problems = schema_mod.check(doc, includes_mod.SCRIPT_SCHEMA)
    if not problems:  # graph checks only make sense on a well-shaped file
        if included is None:
            included = includes_mod.gather(doc)
        problems += included.problems
        problems += _Checker(doc, included).run()
    return sorted(problems, key=Problem.sort_key)


class _Checker:
    def __init__(self, doc: Document, included: includes_mod.Included) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.out: list[Problem] = []
        self.stages: list[dict[str, Any]] = self.data.get("stages", [])
        self.stage_ids = {s["id"] for s in self.stages}
        self.lexicons = includes_mod.merged_lexicons(self.data.get("lexicons", {}), included)
        self.events = includes_mod.merged_events(self.data.get("events", []), included)
        self.include_failed = bool(included.problems)  # its lexicons are unknown: no cascade of SV029

    def problem(self, path: YamlPath, code: str, message: str, hint: str | None = None,
                key: bool = False) -> None:
        where = self.doc.where_key(path) if key else self.doc.where(path)
        self.out.append(Problem(where, code, message, hint))

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_targets()
        if not any(p.code == DANGLING for p in self.out):  # avoid a cascade of "unreachable"
            self.check_reachability()
        if not any("outcome" in stage for stage in self.stages):
            self.problem(("stages",), NO_TERMINAL, "脚本树没有终止阶段：任何通话都结束不了",
                         "至少加一个写了 outcome 的阶段，如 {id: closed_ptp, title: 承诺还款, outcome: ptp}，"
                         "并让某个回应或转移的 next 指向它", key=True)
        for i, stage in enumerate(self.stages):
            base: YamlPath = ("stages", i)
            for j, line in enumerate(stage.get("lines", [])):
                self.check_template(base + ("lines", j, "text"), line["text"])
            for j, kp in enumerate(stage.get("key_points", [])):
                self.check_key_point(base + ("key_points", j), kp)
        return self.out

    def check_ids(self) -> None:
        seen: dict[tuple[str, str], int] = {}
        for path, kind, value in self._ids():
            where = self.doc.where(path)
            if (kind, value) in seen:
                self.problem(path, DUPLICATE_ID, f"重复的{kind} id '{value}'（第一次出现在第 {seen[kind, value]} 行）",
                             f"给其中一个换个不重复的 id，如 '{value}_2'，并改掉指向它的 next")
            else:
                seen[kind, value] = where.line

    def _ids(self) -> Iterator[tuple[YamlPath, str, str]]:
        for i, stage in enumerate(self.stages):
            yield ("stages", i, "id"), "阶段", stage["id"]
        for i, stage in enumerate(self.stages):
            for part, kind in (("lines", "话术"), ("key_points", "要点"), ("moves", "转移"),
                               ("responses", "回应")):
                for j, item in enumerate(stage.get(part, [])):
                    if "id" in item:
                        yield ("stages", i, part, j, "id"), kind, item["id"]
            codes: dict[str, int] = {}
            for j, resp in enumerate(stage.get("responses", [])):
                if resp["code"] in codes and "id" not in resp:
                    self.problem(("stages", i, "responses", j, "code"), DUPLICATE_ID,
                                 f"阶段 {stage['id']} 里回应 {resp['code']} 出现了两次",
                                 "合并成一条，或给每条加不同的 id")
                codes[resp["code"]] = j

    def _target(self, path: YamlPath, target: str) -> None:
        if target not in self.stage_ids:
            guess = difflib.get_close_matches(target, sorted(self.stage_ids), n=1, cutoff=0.5)
            self.problem(path, DANGLING, f"目标阶段 '{target}' 不存在",
                         f"是不是想写 '{guess[0]}'？" if guess else
                         "写本文件里某个阶段的 id：" + "、".join(sorted(self.stage_ids)[:12]))

    def _edges(self) -> Iterator[tuple[int | None, YamlPath, str]]:
        """(stage index or None for events, path of the target, target id)."""
        for i, stage in enumerate(self.stages):
            for part in ("responses", "moves"):
                for j, item in enumerate(stage.get(part, [])):
                    if item.get("next"):
                        yield i, ("stages", i, part, j, "next"), item["next"]
        for j, (entry, event) in enumerate(self.events):
            if event.get("next"):  # an included event is placed at the include entry it came by
                yield None, ("events", j, "next") if entry is None else ("include", entry), event["next"]

    def check_targets(self) -> None:
        self._target(("start",), self.data["start"])
        for _, path, target in self._edges():
            self._target(path, target)
        for i, stage in enumerate(self.stages):
            kp_ids = {kp["id"] for kp in stage.get("key_points", [])}
            for j, move in enumerate(stage.get("moves", [])):
                for k, kp in enumerate(move["when"].get("key_points", [])):
                    if kp not in kp_ids:
                        guess = difflib.get_close_matches(kp, sorted(kp_ids), n=1)
                        self.problem(("stages", i, "moves", j, "when", "key_points", k), DANGLING,
                                     f"阶段 {stage['id']} 没有要点 '{kp}'",
                                     f"是不是想写 '{guess[0]}'？" if guess else
                                     "写本阶段 key_points 里某个要点的 id" + (
                                         "：" + "、".join(sorted(kp_ids)) if kp_ids else "（本阶段还没有要点）"))
                if not move["when"]:
                    self.problem(("stages", i, "moves", j, "when"), BAD_LEXICON,
                                 "转移条件 when 为空", "写 acts 或 key_points")

    def check_reachability(self) -> None:
        graph: dict[str, set[str]] = {s["id"]: set() for s in self.stages}
        event_targets = {t for i, _, t in self._edges() if i is None}
        for i, _, target in self._edges():
            if i is not None:
                graph[self.stages[i]["id"]].add(target)
        seen = _reach([self.data["start"]], graph, set())
        if seen:  # events can fire from any reached stage
            seen = _reach(list(event_targets), graph, seen)
        for i, stage in enumerate(self.stages):
            sid = stage["id"]
            terminal = "outcome" in stage
            if sid not in seen:
                self.problem(("stages", i, "id"), UNREACHABLE, f"阶段 '{sid}' 从起点 '{self.data['start']}' 无法到达",
                             "检查是否有回应或转移的 next 指向它")
            leads_on = bool(graph[sid] - {sid})
            if terminal and (stage.get("responses") or stage.get("moves")):
                self.problem(("stages", i, "outcome"), TERMINAL_LEADS,
                             f"终止阶段 '{sid}'（outcome: {stage['outcome']}）不应再有 responses 或 moves",
                             "通话到这里就结束了：删掉 responses/moves，或删掉 outcome 让它成为普通阶段")
            elif not terminal and not leads_on:
                self.problem(("stages", i, "id"), DEAD_END,
                             f"阶段 '{sid}' 不是终止阶段，却没有通往其他阶段的回应或转移",
                             "加上带 next 的回应/转移，或写上 outcome 使其成为终止阶段")

    def check_template(self, path: YamlPath, source: str) -> None:
        from trainer.base.templating import TemplateProblem, template_variables
        from trainer.content.hints import template_problem_zh

        try:
            names = template_variables(source)
        except TemplateProblem as exc:
            where = self.doc.where(path)
            line = where.line + (exc.line - 1 if exc.line else 0)
            message, hint = template_problem_zh(exc.message)
            self.out.append(Problem(Location(where.path, line, where.col), TEMPLATE_SYNTAX, message, hint))
            return
        for name in sorted(names - set(FACTS)):
            guess = difflib.get_close_matches(name, list(FACTS), n=1)
            self.problem(path, TEMPLATE_UNDEFINED, f"模板变量 '{name}' 未定义",
                         f"是不是想写 '{guess[0]}'？" if guess else "可用变量：" + "、".join(FACTS))

    def check_key_point(self, path: YamlPath, kp: dict[str, Any]) -> None:
        match = kp["match"]
        if not any(match.get(k) for k in ("any", "all", "regex")):
            self.problem(path + ("match",), EMPTY_MATCHER,
                         f"要点 {kp['id']} 的匹配规则是空的，学员怎么说都不会算讲到",
                         "至少写 any、all 或 regex 之一，如 match: {any: [司法调查组]}")
            return
        for part in ("any", "all", "none"):
            for k, word in enumerate(match.get(part, [])):
                if word.startswith("@") and word[1:] not in self.lexicons and not self.include_failed:
                    guess = difflib.get_close_matches(word[1:], list(self.lexicons), n=1)
                    self.problem(path + ("match", part, k), BAD_LEXICON, f"未定义的词表 '{word}'",
                                 f"是不是想写 '@{guess[0]}'？" if guess else "在顶层 lexicons 里定义它")
        bad_regex = False
        from trainer.content.hints import regex_problem_zh

        for k, pattern in enumerate(match.get("regex", [])):
            try:
                re.compile(pattern)
            except re.error as exc:
                bad_regex = True
                message, hint = regex_problem_zh(exc)
                self.problem(path + ("match", "regex", k), BAD_REGEX, message, hint)
        if bad_regex or self.include_failed or any(p.code == BAD_LEXICON for p in self.out):
            return
        matcher = build_matcher(match, self.lexicons)
        examples = kp.get("examples", {})
        for k, sentence in enumerate(examples.get("hit", [])):
            if not matcher.matches(fold(sentence)):
                self.problem(path + ("examples", "hit", k), EXAMPLE_FAILS,
                             f"要点 {kp['id']} 的例句应当命中却没有命中：{sentence}",
                             "在 match 的 any 里加上这句话里的关键词，或把这句移到 miss")
        for k, sentence in enumerate(examples.get("miss", [])):
            if matcher.matches(fold(sentence)):
                self.problem(path + ("examples", "miss", k), EXAMPLE_FAILS,
                             f"要点 {kp['id']} 的例句不应命中却命中了：{sentence}",
                             "在 match 的 none 里加上排除词，或把这句移到 hit")


def _reach(todo: list[str], graph: Mapping[str, set[str]], seen: set[str]) -> set[str]:
    """``seen`` plus every stage reachable from ``todo`` along ``graph``."""
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in graph:
            continue
        seen.add(sid)
        todo.extend(graph[sid])
    return seen


# ---------------------------------------------------------------------------
# Building the model from a checked document
# ---------------------------------------------------------------------------

def _words(items: Iterable[str], lexicons: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        source = lexicons.get(item[1:], ()) if item.startswith("@") else (item,)
        out.extend(fold(w) for w in source)
    return tuple(w for w in dict.fromkeys(out) if w)


def build_matcher(match: Mapping[str, Any], lexicons: Mapping[str, Iterable[str]]) -> Matcher:
    return Matcher(
        any=_words(match.get("any", []), lexicons),
        all=tuple(_words([w], lexicons) for w in match.get("all", [])),
        regex=tuple(re.compile(p) for p in match.get("regex", [])),
        none=_words(match.get("none", []), lexicons),
    )


def _response(item: Mapping[str, Any]) -> Response:
    return Response(code=item["code"], examples=tuple(tidy_spaces(e) for e in item["examples"]),
                    weights={k: float(v) for k, v in item.get("weights", {}).items()},
                    next=item.get("next"), advice=item.get("advice"), id=item.get("id"))


def _build(doc: Document, digest: str, included: includes_mod.Included | None = None) -> Script:
    data = doc.data
    included = included or includes_mod.Included()
    lexicons = {k: tuple(v) for k, v in includes_mod.merged_lexicons(data.get("lexicons", {}), included).items()}
    events = [e for _, e in includes_mod.merged_events(data.get("events", []), included)]
    default_contact = data.get("contact", "unknown")
    stages: dict[str, Stage] = {}
    for s in data["stages"]:
        stages[s["id"]] = Stage(
            id=s["id"], title=s["title"], contact=s.get("contact", default_contact),
            verified=bool(s.get("verified", False)), why=s.get("why"),
            lines=tuple(Line(ln["id"], ln["text"], bool(ln.get("standard", False)), ln.get("note"))
                        for ln in s.get("lines", [])),
            key_points=tuple(KeyPoint(kp["id"], kp["title"], build_matcher(kp["match"], lexicons),
                                      bool(kp.get("required", True)), kp.get("hint"))
                             for kp in s.get("key_points", [])),
            responses=tuple(_response(r) for r in s.get("responses", [])),
            moves=tuple(Move(m["id"], m["next"], tuple(m["when"].get("acts", [])),
                             tuple(m["when"].get("key_points", [])), m.get("title"))
                        for m in s.get("moves", [])),
            outcome=s.get("outcome"), part=s.get("part"),
        )
    version = data.get("version")
    return Script(
        id=data["id"], title=data["title"], start=data["start"], stages=stages,
        events=tuple(_response(e) for e in events),
        chapter=data.get("chapter"), version=None if version is None else str(version),
        summary=data.get("summary"), contact=default_contact, lexicons=lexicons,
        path=doc.name, digest=digest, includes=tuple(included.files),
    )
