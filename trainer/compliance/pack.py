"""Rule packs: the YAML format, its schema, validation with located problems, and merging.

The bundled pack lives in ``trainer/data/rules/*.yaml``; a local pack (``--rules PACK``)
may add lexicon terms and rules, switch rules off, change severities and settings.
Problems are reported as ``path:line:col: RPnnn message``; the codes are stable:

=====  ===========================================================
RP001  shape problem (wrong type, missing or unknown field …)
RP002  duplicate rule id
RP003  unknown lexicon in a pattern (with a did-you-mean)
RP004  pattern that cannot be compiled
RP005  unknown rule id in ``disable``/``severity`` (with a did-you-mean)
RP006  a rule without two violating and two compliant examples
RP007  an example that cannot be read (bad speaker prefix …)
RP008  a setting with a bad value (time of day, time zone)
RP009  a rule whose check type lacks the fields it needs
RP010  the file cannot be read at all (YAML, encoding …)
RP011  an evasion term too long to spell every way (validate only; matched as written)
=====  ===========================================================
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from trainer.base.errors import InputError, Location, Problem
from trainer.base.schema import check, register
from trainer.base.vocab import CATEGORIES, SEVERITIES, SPEAKERS
from trainer.base.yamlio import Document, load_document

from . import arbitrate, second_opinion
from .checks import REGISTRY, schema_fields
from .context import DEFAULT_CUES
from .patterns import PatternError, tokens

SHAPE, DUP_ID, UNKNOWN_LEXICON, BAD_PATTERN, UNKNOWN_RULE, FEW_EXAMPLES, BAD_EXAMPLE, BAD_SETTING, \
    INCOMPLETE, UNREADABLE, EVASION_CAP = (f"RP{n:03d}" for n in range(1, 12))

RULE_ID = r"^[A-Z]{2,4}-[A-Z]{2,5}-[0-9]{3}$"
CHECKS = tuple(REGISTRY)  # check types: one module each in checks/
STATES = ("unverified", "third_party", "debtor", "minor", "bereaved", "ill", "asked_state", "claimed", "distressed")

_TEXTS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_EXAMPLE = {
    "description": "一句坐席的话；或一组「坐席：/客户：/第三方：」开头的多轮对话；"
                   "或带 meta 的完整通话 {meta: {...}, turns: [...]}",
    "type": ["string", "array", "object"],
    "items": {"type": "string", "minLength": 1},
    "properties": {"meta": {"type": "object"}, "turns": _TEXTS},
    "additionalProperties": False,
}
_PATTERN = {
    "description": "模式：文字、@词表、~N（最多隔 N 个字）；或 {re: 正则}",
    "type": ["string", "object"],
    "properties": {"re": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}

RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "category", "severity", "message", "sources", "check", "examples"],
    "properties": {
        "id": {"type": "string", "pattern": RULE_ID, "description": "稳定编号，如 CN-IMP-002"},
        "title": {"type": "string", "minLength": 1, "description": "规则名称"},
        "category": {"enum": list(CATEGORIES), "description": "DESIGN.md 里的类别之一"},
        "severity": {"enum": list(SEVERITIES), "description": "critical 一票否决 / major / minor"},
        "message": {"type": "string", "minLength": 1, "description": "给坐席和质检看的中文说明"},
        "sources": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {"text": {"type": "string", "minLength": 1, "description": "法规条文或课程出处"},
                           "verified": {"type": "boolean", "description": "是否已核对原文"}}}},
        "speakers": {"type": "array", "minItems": 1, "items": {"enum": list(SPEAKERS)},
                     "description": "适用于谁说的话，默认只管坐席 agent"},
        "check": {"enum": list(CHECKS), "description": "检查方式"},
        "patterns": {"type": "array", "minItems": 1, "items": _PATTERN},
        "unless": {**_TEXTS, "description": "例外：命中的字落在这些词里面时不算（如 办公安排）"},
        "unless_clause": {**_TEXTS, "description": "例外：命中所在的分句里有这些词时不算（如 传票 ← 寄到户籍地：那是虚假陈述，不是扬言找老家）"},
        "unless_sentence": {**_TEXTS, "description": "例外：命中所在的整句（到句号、问号、叹号为止）里有这些词时不算（如 系统里都有记录 ← 前一分句说的是短信提醒）"},
        "context": {
            "type": "object", "additionalProperties": False,
            "description": "哪些语境下命中不算违规",
            "properties": {k: {"type": "boolean"} for k in
                           ("negation", "quote", "question", "lawful_conditional", "lawful_process", "fresh_sum",
                             "read_back")},
        },
        "while": {"type": "array", "minItems": 1, "items": {"enum": list(STATES)},
                  "description": "只在这些通话状态下检查：unverified 未核实本人 / third_party 第三人在线 / "
                                 "debtor 已核实本人 / minor 未成年人 / bereaved 家属告知去世 / ill 重病住院 / "
                                 "distressed 情绪崩溃、流露轻生念头 / "
                                 "asked_state 对方刚问是不是公检法 / claimed 坐席此前已有虚假陈述"},
        "yields_to": {"type": "array", "minItems": 1, "items": {"enum": list(CATEGORIES)},
                      "description": "一处违规只报一条：同一句坐席话里已有这些类别的违规时，本规则不单独成条，"
                                     "并入那条的 also（附带规则）里，如重复透露欠款 ← 同一句的威胁"},
        "once_told": {"type": "boolean",
                      "description": "同一位听者已被告知欠款后不再单独成条：此前已向对方报过透露欠款的，"
                                     "转达「再不还就…」之类的话不算又一次透露（威胁、虚假陈述照报）"},
        "except_while": {"type": "array", "minItems": 1, "items": {"enum": list(STATES)},
                         "description": "在这些通话状态下不检查（如 bereaved：与去世者家属谈遗产清偿）"},
        **schema_fields(),  # term, require, within, trigger, metadata: see checks/
        "examples": {
            "type": "object", "additionalProperties": False, "required": ["violating", "compliant"],
            "properties": {"violating": {"type": "array", "items": _EXAMPLE},
                           "compliant": {"type": "array", "items": _EXAMPLE}},
        },
    },
}

PACK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "trainer/rules.schema.json",
    "title": "合规规则包",
    "description": "催收通话合规规则：词表、规则、设置；本地规则包可以增加、停用、调整规则。",
    "type": "object",
    "additionalProperties": False,
    "required": ["pack"],
    "properties": {
        "pack": {"type": "string", "minLength": 1, "description": "规则包名称"},
        "version": {"type": ["string", "integer", "number"]},
        "description": {"type": "string"},
        "settings": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "quiet_hours": {"type": "object", "additionalProperties": False,
                                "required": ["start", "end"],
                                "description": "禁止拨打的时段（债务人当地时间），默认 22:00–08:00",
                                "properties": {"start": {"type": "string"}, "end": {"type": "string"}}},
                "timezone": {"type": "string", "description": "通话没写时区时用的默认时区"},
                "max_attempts_per_day": {"type": "integer", "minimum": 1},
                "identify_within": {"type": "integer", "minimum": 1},
                "second_opinion": {"description": "模型复核：模型认为规则所报类别的概率低于 withdraw_below 时撤回该命中；"
                                                  "off 关闭（见 second_opinion.py）"},
                "arbitration": {"description": "一处违规只报一个类别：同一句里几个类别的命中只报最贴切的一类，"
                                               "其余写进它的「同时涉及」；off 关闭（见 arbitrate.py）"},
                "cues": {"type": "object", "additionalProperties": False,
                         "properties": {name: _TEXTS for name in DEFAULT_CUES},
                         "description": "语境提示词：" + "、".join(DEFAULT_CUES)},
            },
        },
        "lexicons": {
            "type": "object",
            "description": "词表：规则里用 @名字 引用",
            "additionalProperties": {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "terms": {**_TEXTS, "description": "词条（新词表，或替换同名词表）"},
                    "add": {**_TEXTS, "description": "给已有词表追加词条"},
                    "include": {**_TEXTS, "description": "并入其他词表的全部词条（写词表名）"},
                    "unless": {**_TEXTS, "description": "含这些词时不算命中（如 公安 ← 办公安排）"},
                    "evasion": {"type": "boolean", "description": "同时匹配叠字和同音字规避写法"},
                    "weak": {"type": "boolean", "description": "常见词（你、我、马上），不作为检索锚点"},
                },
            },
        },
        "rules": {"type": "array", "items": RULE_SCHEMA},
        "disable": {**_TEXTS, "description": "停用的规则编号或类别"},
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)},
                     "description": "调整严重程度：规则编号: critical|major|minor"},
    },
}

register("rules", PACK_SCHEMA)

DEFAULT_SETTINGS: dict[str, Any] = {
    "quiet_hours": {"start": "22:00", "end": "08:00"},
    "timezone": "Asia/Shanghai",
    "max_attempts_per_day": 6,
    "identify_within": 3,
    "cues": {},
}


@dataclass(frozen=True)
class Rule:
    """One rule, as plain data (what ``trainer rules`` shows)."""

    id: str
    title: str
    category: str
    severity: str
    message: str
    sources: tuple[dict[str, Any], ...]
    check: str
    speakers: tuple[str, ...] = ("agent",)
    patterns: tuple[Any, ...] = ()
    unless: tuple[str, ...] = ()
    unless_clause: tuple[str, ...] = ()
    unless_sentence: tuple[str, ...] = ()
    context: dict[str, bool] = field(default_factory=dict)
    while_: tuple[str, ...] = ()
    except_while: tuple[str, ...] = ()
    term: str | None = None
    require: tuple[tuple[str, ...], ...] = ()
    within: int | None = None
    trigger: tuple[str, ...] = ()
    metadata: str | None = None
    derive_from: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    takes_over: tuple[str, ...] = ()
    once_told: bool = False
    like: tuple[str, ...] = ()
    concepts: tuple[tuple[str, ...], ...] = ()
    threshold: float | None = None
    review_below: float | None = None
    examples: dict[str, list[Any]] = field(default_factory=dict)
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "category": self.category,
                "severity": self.severity, "message": self.message,
                "sources": [dict(s) for s in self.sources], "check": self.check,
                "speakers": list(self.speakers), "examples": self.examples, "origin": self.origin}


@dataclass
class PackData:
    """Merged content of the bundled pack and any local packs, before compilation."""

    names: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=lambda: {k: (dict(v) if isinstance(v, dict) else v)
                                                             for k, v in DEFAULT_SETTINGS.items()})
    lexicons: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    digest: str = ""


def bundled_pack_paths() -> list[Path]:
    folder = resources.files("trainer").joinpath("data", "rules")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def _rule_from(raw: dict[str, Any], origin: str) -> Rule:
    return Rule(
        id=raw["id"], title=raw["title"], category=raw["category"], severity=raw["severity"],
        message=raw["message"].strip(), sources=tuple(raw.get("sources", ())), check=raw["check"],
        speakers=tuple(raw.get("speakers", ("agent",))), patterns=tuple(raw.get("patterns", ())),
        unless=tuple(raw.get("unless", ())), unless_clause=tuple(raw.get("unless_clause", ())),
        unless_sentence=tuple(raw.get("unless_sentence", ())), context=dict(raw.get("context", {})),
        while_=tuple(raw.get("while", ())), except_while=tuple(raw.get("except_while", ())),
        term=raw.get("term"),
        require=tuple(tuple(g) for g in raw.get("require", ())), within=raw.get("within"),
        trigger=tuple(raw.get("trigger", ())), metadata=raw.get("metadata"),
        derive_from=tuple(raw.get("from", ())), yields_to=tuple(raw.get("yields_to", ())),
        takes_over=tuple(raw.get("takes_over", ())), once_told=bool(raw.get("once_told", False)),
        like=tuple(raw.get("like", ())),
        concepts=tuple(tuple(c) for c in raw.get("concepts", ())),
        threshold=raw.get("threshold"), review_below=raw.get("review_below"),
        examples={"violating": list(raw.get("examples", {}).get("violating", [])),
                  "compliant": list(raw.get("examples", {}).get("compliant", []))},
        origin=origin,
    )


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def check_document(doc: Document, known: PackData | None = None) -> list[Problem]:
    """Every problem of one pack document (shape, references, patterns, examples, settings).

    ``known`` is what earlier packs defined (the bundled one, for a local pack).
    """
    problems = [Problem(p.location, SHAPE, p.message, p.hint) for p in check(doc, PACK_SCHEMA)]
    data = doc.data if isinstance(doc.data, dict) else {}
    if problems:
        return problems
    lexicon_names = set(known.lexicons) if known else set()
    lexicon_names |= set((data.get("lexicons") or {}).keys())
    rule_ids = set(known.rules) if known else set()
    settings = data.get("settings") or {}
    if "quiet_hours" in settings:
        for key in ("start", "end"):
            if not _TIME.match(str(settings["quiet_hours"][key])):
                problems.append(Problem(doc.where(("settings", "quiet_hours", key)), BAD_SETTING,
                                        f"时间 '{settings['quiet_hours'][key]}' 格式不对", "写成 HH:MM，如 21:00"))
    if "timezone" in settings:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(str(settings["timezone"]))
        except Exception:  # noqa: BLE001 - any failure means an unusable zone name
            problems.append(Problem(doc.where(("settings", "timezone")), BAD_SETTING,
                                    f"未知时区 '{settings['timezone']}'", "写 IANA 时区名，如 Asia/Shanghai"))
    problems += second_opinion.problems(doc)
    problems += arbitrate.problems(doc)
    for name, lex in (data.get("lexicons") or {}).items():
        if "add" in lex and name not in (known.lexicons if known else {}) and "terms" not in lex:
            problems.append(_did_you_mean(doc.where_key(("lexicons", name)), UNKNOWN_LEXICON,
                                          f"词表 '{name}' 不存在，无法追加词条", name,
                                          known.lexicons if known else {}))
    for name, lex in (data.get("lexicons") or {}).items():
        for k, other in enumerate(lex.get("include") or ()):
            if other not in lexicon_names:
                found = _did_you_mean(doc.where(("lexicons", name, "include", k)), UNKNOWN_LEXICON,
                                      f"词表 '{name}' 要并入的词表 '{other}' 不存在", other, lexicon_names - {name})
                problems.append(found if found.hint else Problem(found.location, found.code, found.message,
                                                                 "先在 lexicons 里定义它，或写已有词表的名字"))
    seen: dict[str, int] = {}
    for i, raw in enumerate(data.get("rules") or []):
        rid = raw["id"]
        path: tuple[str | int, ...] = ("rules", i)
        if rid in seen or rid in rule_ids:
            problems.append(Problem(doc.where(path + ("id",)), DUP_ID, f"规则编号 {rid} 重复",
                                    "本地规则包要改已有规则，请用 severity 或 disable，新规则另起编号"))
        seen[rid] = i
        problems += _check_rule(doc, raw, path, lexicon_names, known, data)
    for i, rid in enumerate(data.get("disable") or []):
        if rid not in rule_ids | set(seen) and rid not in CATEGORIES:
            problems.append(_did_you_mean(doc.where(("disable", i)), UNKNOWN_RULE,
                                          f"要停用的规则 '{rid}' 不存在", rid, rule_ids | set(seen)))
    for rid in (data.get("severity") or {}):
        if rid not in rule_ids | set(seen):
            problems.append(_did_you_mean(doc.where_key(("severity", rid)), UNKNOWN_RULE,
                                          f"要调整的规则 '{rid}' 不存在", rid, rule_ids | set(seen)))
    return problems


def _did_you_mean(where: Location, code: str, message: str, name: str, options: Any) -> Problem:
    guess = difflib.get_close_matches(name, list(options), n=1, cutoff=0.5)
    return Problem(where, code, message, f"是不是想写 '{guess[0]}'？" if guess else None)


def _check_rule(doc: Document, raw: dict[str, Any], path: tuple[str | int, ...],
                lexicon_names: set[str], known: PackData | None, data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    kind = raw["check"]
    needs = REGISTRY[kind].needs
    for key in needs:
        if key not in raw:
            problems.append(Problem(doc.where(path), INCOMPLETE,
                                    f"规则 {raw['id']} 的检查方式 {kind} 需要字段 '{key}'"))
    dummy = {name: (frozenset({"x"}), False) for name in lexicon_names}
    refs: list[tuple[tuple[str | int, ...], str]] = []
    for j, pat in enumerate(raw.get("patterns", ())):
        if isinstance(pat, dict):
            try:
                re.compile(pat["re"])
            except re.error as exc:
                problems.append(Problem(doc.where(path + ("patterns", j, "re")), BAD_PATTERN,
                                        f"正则写错了：{exc}"))
                continue
            if catastrophic(pat["re"]):
                problems.append(Problem(doc.where(path + ("patterns", j, "re")), BAD_PATTERN,
                                        f"正则有嵌套的重复（如 (a+)+、(a*)*、(a|a)*），长文本上会卡死：{pat['re']}",
                                        "去掉内层或外层的 + / *，或改用 {m,n} 限定次数"))
            continue
        refs.append((path + ("patterns", j), pat))
    for group_i, group in enumerate(raw.get("require", ())):
        for k, item in enumerate(group):
            refs.append((path + ("require", group_i, k), item))
    for k, item in enumerate(raw.get("trigger", ())):
        refs.append((path + ("trigger", k), item))
    for where_path, source in refs:
        try:
            tokens(source, dummy)
        except LookupError as exc:
            name = str(exc.args[0])
            problems.append(_did_you_mean(doc.where(where_path), UNKNOWN_LEXICON,
                                          f"未定义的词表 '@{name}'", name, lexicon_names))
        except PatternError as exc:
            problems.append(Problem(doc.where(where_path), BAD_PATTERN, str(exc)))
    examples = raw.get("examples", {})
    for kind_name in ("violating", "compliant"):
        items = examples.get(kind_name, [])
        if len(items) < 2:
            label = "违规" if kind_name == "violating" else "合规"
            problems.append(Problem(doc.where(path + ("examples",)), FEW_EXAMPLES,
                                    f"规则 {raw['id']} 至少需要 2 条{label}示例（现有 {len(items)} 条）"))
        for k, item in enumerate(items):
            try:
                example_transcript(item, f"{raw['id']}-{kind_name}-{k}")
            except ValueError as exc:
                problems.append(Problem(doc.where(path + ("examples", kind_name, k)), BAD_EXAMPLE, str(exc)))
    return problems


def catastrophic(pattern: str) -> bool:
    """A regex that can backtrack exponentially: an unbounded repeat (``*``, ``+``, ``{n,}``)
    around another repeat of more than one, or around an alternation (``(a+)+``, ``(a*)*``,
    ``(a|a)*``).  A structural check, on the side of caution; unsure (another Python): False."""
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P

        tree = P.parse(pattern)
    except Exception:  # noqa: BLE001 - internals of another Python version, or a bad regex
        return False
    repeats = (C.MAX_REPEAT, C.MIN_REPEAT)

    def risky_inside(items: Any) -> bool:
        for op, av in items:
            if op in repeats and (av[1] > 1 or risky_inside(av[2])):
                return True
            if op is C.BRANCH:
                return True
            if op is C.SUBPATTERN and risky_inside(av[3]):
                return True
            if op in (C.ASSERT, C.ASSERT_NOT) and risky_inside(av[1]):
                return True
        return False

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in repeats:
                if av[1] == C.MAXREPEAT and risky_inside(av[2]):
                    return True
                if walk(av[2]):
                    return True
            elif op is C.SUBPATTERN:
                if walk(av[3]):
                    return True
            elif op is C.BRANCH:
                if any(walk(b) for b in av[1]):
                    return True
            elif op in (C.ASSERT, C.ASSERT_NOT, C.ATOMIC_GROUP):
                if walk(av[1] if op is not C.ATOMIC_GROUP else av):
                    return True
        return False

    return walk(tree.data)


_PREFIXES = {"坐席": "agent", "客户": "debtor", "第三方": "third_party", "a": "agent", "b": "debtor"}
_PREFIX = re.compile(r"^\s*(坐席|客户|第三方|[ABab])\s*[：:]\s*(.*)$", re.S)


def example_transcript(example: Any, tid: str) -> dict[str, Any]:
    """A rule example as a transcript dict; the checked turn is the last agent turn.

    A plain string is one agent line (or one prefixed line); a list is a dialogue of
    「坐席：/客户：/第三方：」 lines; a mapping has ``meta`` and ``turns``.
    """
    meta: dict[str, Any] = {}
    if isinstance(example, str):
        if not _PREFIX.match(example):
            return {"id": tid, "meta": meta, "turns": [{"speaker": "agent", "text": example}]}
        lines = [example]
    elif isinstance(example, dict):
        meta = dict(example.get("meta") or {})
        lines = list(example.get("turns") or [])
    else:
        lines = list(example)
    turns = []
    for line in lines:
        m = _PREFIX.match(str(line))
        if not m:
            raise ValueError(f"多轮示例的每一句要以「坐席：」「客户：」「第三方：」开头：{line}")
        turns.append({"speaker": _PREFIXES[m.group(1).lower()], "text": m.group(2)})
    return {"id": tid, "meta": meta, "turns": turns}


def merge(data: PackData, doc: Document) -> None:
    """Fold one (already checked) pack document into ``data``."""
    raw = doc.data
    data.names.append(str(raw["pack"]))
    settings = raw.get("settings") or {}
    for key, value in settings.items():
        if key == "cues":
            data.settings["cues"] = {**data.settings.get("cues", {}), **value}
        else:
            data.settings[key] = value
    for name, lex in (raw.get("lexicons") or {}).items():
        current = data.lexicons.get(name)
        if current is None or "terms" in lex:
            current = {"title": lex.get("title", name), "terms": list(lex.get("terms", ())),
                       "unless": list(lex.get("unless", ())), "include": list(lex.get("include", ())),
                       "evasion": bool(lex.get("evasion", False)),
                       "weak": bool(lex.get("weak", False))}
        current["terms"] = current["terms"] + list(lex.get("add", ()))
        if "unless" in lex and "terms" not in lex:
            current["unless"] = current["unless"] + list(lex["unless"])
        for flag in ("evasion", "weak"):
            if flag in lex:
                current[flag] = bool(lex[flag])
        data.lexicons[name] = current
    for item in raw.get("rules") or []:
        data.rules[item["id"]] = _rule_from(item, doc.name)
    for rid in raw.get("disable") or []:
        data.disabled.add(rid)
    for rid, sev in (raw.get("severity") or {}).items():
        rule = data.rules[rid]
        data.rules[rid] = Rule(**{**rule.__dict__, "severity": sev})


def _load_checked(path: Path | str, known: PackData | None) -> Document:
    doc = load_document(path)
    problems = check_document(doc, known)
    if problems:
        raise InputError(sorted(problems, key=Problem.sort_key))
    return doc


def read_packs(extra: tuple[str, ...] = ()) -> PackData:
    """Bundled packs, then the local ones in order; raises :class:`InputError` with every problem."""
    data = PackData()
    digest = hashlib.sha256()
    for path in bundled_pack_paths() + [Path(p) for p in extra]:
        doc = _load_checked(path, data if data.names else None)
        merge(data, doc)
        digest.update(Path(path).read_bytes())
    data.digest = digest.hexdigest()
    return data


def validate_pack_file(path: str | Path) -> list[Problem]:
    """All problems of one rule-pack file (a local pack is checked against the bundled one)."""
    path = Path(path)
    known = None
    bundled = {p.resolve() for p in bundled_pack_paths()}
    if path.resolve() not in bundled:
        try:
            known = _bundled_data()
        except InputError:
            known = None
    try:
        doc = load_document(path)
    except InputError as exc:
        return list(exc.problems)
    return sorted(check_document(doc, known) + _evasion_warnings(doc, known), key=Problem.sort_key)


def _evasion_warnings(doc: Document, known: PackData | None) -> list[Problem]:
    """Evasion terms too long to spell every way: matched as written (``trainer validate`` only:
    the pack still loads)."""
    from trainer.zh.text import fold

    from .compile import MAX_VARIANTS, variant_count

    out: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    lexicons = data.get("lexicons") if isinstance(data.get("lexicons"), dict) else {}
    for name, lex in lexicons.items():
        if not isinstance(lex, dict):
            continue
        evasion = lex.get("evasion", bool(known and known.lexicons.get(name, {}).get("evasion")))
        if not evasion:
            continue
        for key in ("terms", "add"):
            for k, term in enumerate(lex.get(key) or ()):
                if isinstance(term, str) and variant_count(fold(term)) > MAX_VARIANTS:
                    out.append(Problem(doc.where(("lexicons", name, key, k)), EVASION_CAP,
                                       f"词条 '{term[:30]}' 太长，叠字和同音字写法超过 {MAX_VARIANTS} 种，"
                                       "只按原词精确匹配", "缩短词条，或把它放进不带 evasion 的词表"))
    return out


@functools.lru_cache(maxsize=1)
def _bundled_data() -> PackData:
    return read_packs(())
