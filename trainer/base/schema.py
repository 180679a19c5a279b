"""JSON Schemas of the file kinds instructors write, and a small checker for them.

The schema is the single description of a file's shape: editors use the
published copy (``trainer schema script``) to complete and check files, and
:func:`check` walks a loaded :class:`~trainer.base.yamlio.Document` against the same
dict to report wrong types, missing keys and unknown keys (with a
did-you-mean) at their line and column.  Only the JSON Schema keywords used
here are interpreted: ``type``, ``properties``, ``required``,
``additionalProperties``, ``items``, ``enum``, ``pattern``, ``minLength``,
``minItems``, ``minimum``, ``maximum``, ``$ref`` to ``#/$defs/…``,
``propertyNames`` (with ``enum``) and ``oneOf`` over types.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from trainer.base.errors import Problem
from trainer.base.vocab import ACTS, CONTACT_LABELS, OUTCOMES, PERSONAS, RESPONSES
from trainer.base.yamlio import FULLWIDTH_COLON, Document, YamlPath, fullwidth_key_hint

UNKNOWN_KEY, WRONG_TYPE, MISSING_KEY, BAD_VALUE, EMPTY_TEXT, BAD_OUTCOME = (
    "SV010", "SV011", "SV012", "SV013", "SV014", "SV015")
# Enum values whose mistakes get their own code (the key that holds them -> code).
_ENUM_CODES = {"outcome": BAD_OUTCOME}

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
LINE_ID_PATTERN = r"^[a-z][a-z0-9_.]*$"

_TEXT = {"type": "string", "minLength": 1}


def labelled_enum(labels: dict[str, str], description: str | None = None) -> dict[str, Any]:
    """An ``enum`` with each value's Chinese label, as editors show them (VS Code's YAML
    extension reads ``enumDescriptions``/``markdownEnumDescriptions``)."""
    out: dict[str, Any] = {"enum": list(labels), "enumDescriptions": list(labels.values()),
                           "markdownEnumDescriptions": [f"**{k}** {v}" for k, v in labels.items()]}
    if description:
        out["description"] = description
    return out


SMART_QUOTES = "“”‘’"
QUOTE_HINT = "把中文引号 “ ” ‘ ’ 换成英文（半角）引号 \" \" 或 ' '，或者干脆不加引号"
# What may be typed for a pattern, and how to turn a wrong value into a right one.
PATTERN_HINTS: dict[str, tuple[str, str, str]] = {
    # pattern: (what is allowed, character to replace, replacement)
    ID_PATTERN: ("只能用小写字母、数字和下划线「_」，并以字母开头", "-", "_"),
    LINE_ID_PATTERN: ("只能用小写字母、数字、下划线「_」和点「.」，并以字母开头", "-", "_"),
}


def register_pattern_hint(pattern: str, allowed: str, wrong: str = "", right: str = "") -> None:
    """Say what a pattern allows (and which character to swap) when a value does not fit."""
    PATTERN_HINTS[pattern] = (allowed, wrong, right)


def pattern_hint(pattern: str, value: str) -> str:
    """A fix hint for a value that does not match ``pattern``, with a corrected value if one fits."""
    if value[:1] in SMART_QUOTES or value[-1:] in SMART_QUOTES:
        return QUOTE_HINT
    if pattern == r"^\d{4}$":
        return "写 4 位数字并加英文引号，如 card_tail: \"6688\""
    allowed, wrong, right = PATTERN_HINTS.get(pattern, (f"要符合格式 {pattern}", "", ""))
    guess = value.strip().lower().replace(" ", right or "_")
    if wrong:
        guess = guess.replace(wrong, right)
    if re.match(pattern, guess) and guess != value:
        return f"{allowed}；是不是想写 '{guess}'？"
    return allowed
_TEXT_LIST = {"type": "array", "items": _TEXT}

MATCHER = {
    "type": "object",
    "description": "判断坐席的话是否覆盖了这个要点。写法：任一词 any、全部词 all、正则 regex、排除词 none；"
                   "词条以 @ 开头表示引用顶层 lexicons 里的同义词表。",
    "additionalProperties": False,
    "properties": {
        "any": {**_TEXT_LIST, "description": "出现其中任意一个词即算命中"},
        "all": {**_TEXT_LIST, "description": "这些词都要出现（每一项也可以是 @词表）"},
        "regex": {**_TEXT_LIST, "description": "Python 正则，任意一个匹配即算命中"},
        "none": {**_TEXT_LIST, "description": "出现其中任意一个词就不算命中（如否定说法）"},
    },
}

SCRIPT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "trainer/script.schema.json",
    "title": "催收话术脚本树",
    "description": "《直催基础话术》的一棵脚本树：通话的各个阶段、推荐话术、必讲要点、客户常见回应及去向。",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "start", "stages"],
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN, "description": "脚本编号（小写字母、数字、下划线）"},
        "title": {**_TEXT, "description": "脚本标题，如「首次联系」"},
        "chapter": {**_TEXT, "description": "对应课程章节"},
        "version": {"type": ["string", "integer", "number"], "description": "版本号"},
        "summary": {**_TEXT, "description": "这棵脚本树教什么"},
        "contact": labelled_enum(CONTACT_LABELS, "默认通话对象：debtor 本人 / third_party 第三人 / unknown 尚未核实"),
        "start": {"type": "string", "pattern": ID_PATTERN, "description": "起始阶段的 id"},
        "lexicons": {
            "type": "object",
            "description": "同义词表，匹配规则里用 @名字 引用",
            "additionalProperties": _TEXT_LIST,
        },
        "stages": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/stage"},
                   "description": "通话的各个阶段（顺序即画图和列表的顺序）；带 outcome 的是终止阶段"},
        "events": {"type": "array", "items": {"$ref": "#/$defs/response"},
                   "description": "任何阶段都可能发生的事件（挂断、旁人接电话、投诉…）"},
    },
    "$defs": {
        "stage": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title"],
            "properties": {
                "id": {"type": "string", "pattern": ID_PATTERN, "description": "阶段编号（小写字母、数字、下划线），next 用它指向本阶段"},
                "title": {**_TEXT, "description": "阶段名称（中文）"},
                "part": {**_TEXT, "description": "画图时把阶段归入哪一组（如「开场与核实」）；不写则按通话对象和是否已核实自动分组"},
                "contact": labelled_enum(CONTACT_LABELS, "此阶段坐席在和谁说话"),
                "verified": {"type": "boolean", "description": "到此阶段时已核实是本人，可以谈欠款"},
                "why": {**_TEXT, "description": "讲师说明：为什么这样说"},
                "lines": {"type": "array", "items": {"$ref": "#/$defs/line"}, "description": "推荐话术"},
                "key_points": {"type": "array", "items": {"$ref": "#/$defs/key_point"},
                               "description": "本阶段必讲的要点，评分和提示用"},
                "responses": {"type": "array", "items": {"$ref": "#/$defs/response"},
                              "description": "客户在本阶段可能的回应；模拟客户按权重从中选，next 决定通话去向"},
                "moves": {"type": "array", "items": {"$ref": "#/$defs/move"},
                          "description": "坐席主导的转移：坐席做到某些动作或讲到某些要点时转入下一阶段"},
                "outcome": labelled_enum(OUTCOMES, "终止阶段的通话结果代码：写了它，通话到这里就结束"),
            },
        },
        "line": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "text"],
            "properties": {
                "id": {"type": "string", "pattern": LINE_ID_PATTERN, "description": "话术编号，全文件唯一"},
                "text": {**_TEXT, "description": "推荐话术（Jinja 模板，可用账户信息变量，如 {{ name }}）"},
                "standard": {"type": "boolean", "description": "是否为需要背诵的标准话术"},
                "note": {**_TEXT, "description": "使用说明"},
            },
        },
        "key_point": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "match"],
            "properties": {
                "id": {"type": "string", "pattern": LINE_ID_PATTERN, "description": "要点编号，如 opening.department"},
                "title": {**_TEXT, "description": "要点（中文）"},
                "required": {"type": "boolean", "description": "是否必讲（默认 true）"},
                "hint": {**_TEXT, "description": "提示学员怎么说"},
                "match": {"$ref": "#/$defs/matcher"},
                "examples": {
                    "type": "object",
                    "additionalProperties": False,
                    "description": "匹配规则的自测例句：hit 必须命中，miss 必须不命中",
                    "properties": {"hit": _TEXT_LIST, "miss": _TEXT_LIST},
                },
            },
        },
        "matcher": MATCHER,
        "response": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "examples"],
            "properties": {
                "code": labelled_enum(RESPONSES, "客户回应类型代码"),
                "id": {"type": "string", "pattern": LINE_ID_PATTERN,
                       "description": "回应编号（可选；同一阶段同一代码出现两次时必填）"},
                "examples": {**_TEXT_LIST, "minItems": 1, "description": "客户的典型说法（模拟客户从中选用）"},
                "weights": {
                    "type": "object",
                    "description": "各类客户做出此回应的相对权重（0 表示不会）",
                    "propertyNames": labelled_enum(PERSONAS),
                    "additionalProperties": {"type": "number", "minimum": 0},
                },
                "next": {"type": "string", "pattern": ID_PATTERN, "description": "客户这样回应后进入的阶段；不写则留在本阶段"},
                "advice": {**_TEXT, "description": "坐席应对要点"},
            },
        },
        "move": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "when", "next"],
            "properties": {
                "id": {"type": "string", "pattern": LINE_ID_PATTERN, "description": "转移编号"},
                "title": {**_TEXT, "description": "转移的名称，画图时标在箭头上，如「道别结束」"},
                "when": {
                    "type": "object",
                    "additionalProperties": False,
                    "description": "坐席做了这些动作/讲到这些要点时转入 next",
                    "properties": {
                        "acts": {"type": "array", "minItems": 1, "items": labelled_enum(ACTS),
                                 "description": "坐席的动作：同一句话里全部出现才转移"},
                        "key_points": {"type": "array", "minItems": 1, "items": {"type": "string"},
                                       "description": "本阶段要点的 id，全部讲到才转移"},
                    },
                },
                "next": {"type": "string", "pattern": ID_PATTERN, "description": "转入的阶段 id"},
            },
        },
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {"script": SCRIPT_SCHEMA}

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}
_TYPE_NAMES = {"object": "映射", "array": "列表", "string": "文字", "boolean": "true/false",
               "integer": "整数", "number": "数字", "null": "空值"}


def register(kind: str, schema: dict[str, Any]) -> None:
    """Publish another file kind's schema (scenarios, rule packs register theirs)."""
    SCHEMAS[kind] = schema


def check(doc: Document, schema: dict[str, Any]) -> list[Problem]:
    """All shape problems of ``doc`` against ``schema``, each at its line and column."""
    problems: list[Problem] = []
    _check(doc, schema, schema, doc.data, (), problems)
    return problems


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[name])


def _check(doc: Document, root: dict[str, Any], schema: dict[str, Any], value: Any,
           path: YamlPath, out: list[Problem]) -> None:
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, t) for t in names):
            where = doc.where(path)
            if fullwidth_key_hint(value) and "object" in names:
                out.append(Problem(where, FULLWIDTH_COLON, "键后面用了全角冒号「：」",
                                   "YAML 的键和值之间要用半角冒号加空格「: 」"))
            else:
                wanted = "或".join(_TYPE_NAMES[t] for t in names)
                out.append(Problem(where, WRONG_TYPE, f"{_describe(path)} 应该是{wanted}，"
                                   f"实际是{_kind(value)}", _type_hint(names, value)))
            return
    if "enum" in schema and value not in schema["enum"]:
        out.append(_enum_problem(doc.where(path), path, value, schema["enum"]))
        return
    if isinstance(value, str):
        if len(value.strip()) < schema.get("minLength", 0):
            out.append(Problem(doc.where(path), EMPTY_TEXT, f"{_describe(path)} 不能为空",
                               "写上内容，或者整行删掉（可选字段可以不写）"))
        elif "pattern" in schema and not re.match(schema["pattern"], value):
            out.append(Problem(doc.where(path), BAD_VALUE, f"{_describe(path)} 的值 '{value}' 格式不对",
                               pattern_hint(schema["pattern"], value)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(Problem(doc.where(path), BAD_VALUE, f"{_describe(path)} 不能小于 {schema['minimum']}",
                               f"改成 {schema['minimum']} 或更大的数"))
        if "maximum" in schema and value > schema["maximum"]:
            out.append(Problem(doc.where(path), BAD_VALUE, f"{_describe(path)} 不能大于 {schema['maximum']}",
                               f"改成 {schema['maximum']} 或更小的数"))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(Problem(doc.where(path), BAD_VALUE, f"{_describe(path)} 至少要有 {schema['minItems']} 项",
                               "在列表里再写几项，如 [甲, 乙]；不需要就把这个字段整个删掉"))
        if "items" in schema:
            for i, item in enumerate(value):
                _check(doc, root, schema["items"], item, path + (i,), out)
    if isinstance(value, dict):
        _check_object(doc, root, schema, value, path, out)


def _check_object(doc: Document, root: dict[str, Any], schema: dict[str, Any],
                  value: dict[str, Any], path: YamlPath, out: list[Problem]) -> None:
    props: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames", {}).get("enum")
    guesses = {difflib.get_close_matches(k, list(props), n=1, cutoff=0.6)[0]
               for k in value if k not in props and difflib.get_close_matches(k, list(props), n=1, cutoff=0.6)}
    for key in schema.get("required", []):
        if key not in value and key not in guesses:  # a misspelt key is reported once, as unknown
            out.append(Problem(doc.where(path), MISSING_KEY, f"{_describe(path) or '文件'}缺少必填字段 '{key}'",
                               f"在这一层加上一行「{key}: …」（和同层的键左对齐）"))
    for key, item in value.items():
        child = path + (key,)
        if key in props:
            _check(doc, root, props[key], item, child, out)
        elif names is not None and key not in names:
            out.append(_enum_problem(doc.where_key(child), child, key, names, what="名称"))
        elif extra is False:
            if "：" in key:
                out.append(Problem(doc.where_key(child), FULLWIDTH_COLON, "键后面用了全角冒号「：」",
                                   "YAML 的键和值之间要用半角冒号加空格「: 」"))
                continue
            guess = difflib.get_close_matches(key, list(props), n=1, cutoff=0.6)
            hint = f"是不是想写 '{guess[0]}'？" if guess else "可用的字段：" + "、".join(props)
            out.append(Problem(doc.where_key(child), UNKNOWN_KEY, f"未知字段 '{key}'", hint))
        elif isinstance(extra, dict):
            _check(doc, root, extra, item, child, out)


def _type_hint(names: list[str], value: Any) -> str:
    if "boolean" in names:
        return "写 true 或 false（不加引号），不要写「是」「否」"
    if "integer" in names or "number" in names:
        return "写阿拉伯数字，不加引号和单位，如 3000"
    if "array" in names:
        return "写成列表：[甲, 乙]，或每项一行「- 甲」"
    if "object" in names:
        return "写成「键: 值」，下一层的键比这一层多缩进两个空格"
    if "string" in names and isinstance(value, (int, float)):
        return "要当文字的数字请加英文引号，如 \"6688\""
    return "按字段说明改写（trainer schema 可查看每个字段的写法）"


def _enum_problem(where: Any, path: YamlPath, value: Any, allowed: list[Any],
                  what: str = "取值") -> Problem:
    guess = difflib.get_close_matches(str(value).strip(SMART_QUOTES + "\"' "), [str(a) for a in allowed],
                                      n=1, cutoff=0.5)
    hint = f"是不是想写 '{guess[0]}'？" if guess else None
    if isinstance(value, str) and (value[:1] in SMART_QUOTES or value[-1:] in SMART_QUOTES):
        hint = QUOTE_HINT + (f"，写成 {guess[0]}" if guess else "")
    if hint is None and len(allowed) <= 12:
        hint = "可选：" + "、".join(str(a) for a in allowed)
    if hint is None:
        hint = "全部可选值见 docs/authoring.md 的代码表，或用 trainer schema 生成的 Schema 让编辑器提示"
    code = _ENUM_CODES.get(str(path[-1]) if path else "", BAD_VALUE)
    return Problem(where, code, f"{_describe(path)} 的{what} '{value}' 无效", hint)


def _describe(path: YamlPath) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[")


def _kind(value: Any) -> str:
    for name in ("boolean", "integer", "number", "string", "array", "object", "null"):
        if _is_type(value, name):
            return _TYPE_NAMES[name]
    return type(value).__name__
