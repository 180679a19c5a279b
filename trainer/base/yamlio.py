"""Safe YAML loading that remembers where every value came from.

:func:`load_document` reads a YAML file (or text) into plain Python data —
dicts, lists, strings, numbers, booleans, ``None`` — and a side table of
positions, so later checks can say ``path:line:col`` for any value.

It is deliberately stricter than ``yaml.safe_load``:

* tags that build objects (``!!python/...``) or any unknown tag are refused,
  without constructing anything;
* duplicate keys are reported (PyYAML would silently keep the last one);
* alias expansion, nesting depth, the number of values and file size are bounded;
* bytes that are not UTF-8 are reported with their line and column;
* a full-width colon ``：`` where a key separator was meant gets its own hint, and so do
  the other marks a Chinese input method slips in: a full-width space ``U+3000`` in the
  indentation or after a colon (SV016), Chinese quotes “ ” ‘ ’ used as YAML quotes (SV017);
* PyYAML's syntax messages are said in Chinese with what to type instead;
* dates stay strings (``2026-03-05`` is a string, not a ``datetime.date``),
  keys are always strings.

All problems come back as :class:`trainer.base.errors.InputError` with codes
``SV001``–``SV009``, ``SV016``, ``SV017``; callers never see a PyYAML exception.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from trainer.base.errors import InputError, Location, Problem
from trainer.base.gcutil import paused_gc

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIAS_NODES = 100_000  # nodes built again through aliases (a "billion laughs" bound)
MAX_DEPTH = 64
MAX_NODES = 200_000  # values in one file (the bundled scripts hold a few thousand)

YamlPath = tuple[str | int, ...]

# PyYAML, imported when a first file is parsed (:func:`_pyyaml`): an audit whose rule pack comes
# from the start-up cache reads no YAML, and importing it costs 10–20 ms of every start
yaml: Any = None
_Loader: Any = None
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*：")

# Problem codes owned by this module (documented in docs/authoring.md).
SYNTAX, EMPTY, ENCODING, NOT_MAPPING, DUPLICATE_KEY, BAD_TAG, TOO_BIG, FULLWIDTH_COLON = (
    "SV001", "SV002", "SV003", "SV004", "SV005", "SV006", "SV007", "SV008",
)
FULLWIDTH_SPACE, SMART_QUOTE = "SV016", "SV017"
IDEOGRAPHIC_SPACE = "\u3000"
# A full-width space in the indentation before a key or list item, or right after ``key:``.
_FULLWIDTH_INDENT = re.compile(r"^[ \u3000]*\u3000[ \u3000]*(?:-[ \u3000]+)?[A-Za-z_\-]")
_FULLWIDTH_AFTER_COLON = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][\w-]*:\u3000")
# A value or list item that opens with a Chinese quote.
_SMART_QUOTED = re.compile(r"(?:^[ ]*-[ ]+|:[ ]+)([“‘])")
SPACE_HINT = "全角空格「　」（中文输入法打出的空格）要换成半角空格；缩进和冒号后面都只能用半角空格"
QUOTE_HINT = "把中文引号 “ ” ‘ ’ 换成英文（半角）引号 \" \" 或 ' '"


@dataclass
class Document:
    """Plain data from one YAML file plus where each value and key starts.

    Attributes:
        name: the path (or label) used in messages.
        data: the parsed value (usually a dict).
        marks: ``path -> (line, col)`` of each value, 1-based.
        key_marks: ``path -> (line, col)`` of the key that holds the value.
    """

    name: str
    data: Any
    marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: YamlPath = ()) -> Location:
        """Location of the value at ``path``, or of its nearest known parent."""
        return self._lookup(self.marks, tuple(path))

    def where_key(self, path: YamlPath) -> Location:
        """Location of the key holding ``path`` (falls back to the value)."""
        path = tuple(path)
        if path in self.key_marks:
            line, col = self.key_marks[path]
            return Location(self.name, line, col)
        return self.where(path)

    def _lookup(self, table: dict[YamlPath, tuple[int, int]], path: YamlPath) -> Location:
        while path and path not in table:
            path = path[:-1]
        line, col = table.get(path, (1, 1))
        return Location(self.name, line, col)


def read_text(path: str | FsPath, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file (BOM allowed) or raise a located :class:`InputError`.

    Only a regular file is read (a link to one is fine): a device such as ``/dev/zero`` or a FIFO
    named ``*.yaml`` is refused before a byte is read, and never more than ``max_bytes`` + 1
    bytes are read, even from a file that grows while it is read.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise InputError(Problem(Location(name), "SV000", "不是普通文件（设备、管道或套接字不能当作脚本读取）",
                                         "传给命令一个 .yaml 文件或放着 .yaml 文件的目录"))
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(Problem(Location(name), "SV000", f"无法读取文件：{exc.strerror or exc}",
                                 "检查路径是否正确、文件是否有读权限")) from None
    if len(raw) > max_bytes:
        raise InputError(Problem(Location(name), TOO_BIG, f"文件过大（上限 {max_bytes} 字节）",
                                 "把一棵大树拆成几个文件，每个文件一棵脚本树"))
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM); undecodable bytes become SV003."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise InputError(Problem(Location(name, line, col), ENCODING,
                                 f"无法按 UTF-8 解码的字节 0x{raw[exc.start]:02x}",
                                 "请把文件另存为 UTF-8 编码")) from None


def _pyyaml() -> Any:
    """The ``yaml`` module (PyYAML), imported on first use."""
    global yaml, _Loader
    if yaml is None:
        import yaml as module

        yaml, _Loader = module, getattr(module, "CSafeLoader", module.SafeLoader)
    return yaml


def load_document(source: str | FsPath, *, name: str | None = None,
                  text: str | None = None) -> Document:
    """Load a YAML file (or ``text``, labelled ``name``) into a :class:`Document`.

    Raises :class:`InputError` for anything that makes the file unusable.
    """
    label = name or str(source)
    if text is None:
        text = read_text(source)
    else:
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:  # a lone surrogate: text that never came from a UTF-8 file
            before = text[:exc.start]
            raise InputError(Problem(Location(label, before.count("\n") + 1, exc.start - before.rfind("\n")),
                                     ENCODING, f"无法按 UTF-8 编码的字符 U+{ord(text[exc.start]):04X}",
                                     "请把文件另存为 UTF-8 编码")) from None
        if size > MAX_BYTES:
            raise InputError(Problem(Location(label), TOO_BIG, f"文件过大（上限 {MAX_BYTES} 字节）",
                                     "把一棵大树拆成几个文件，每个文件一棵脚本树"))
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError(Problem(Location(label, 1, 1), EMPTY, "文件是空的",
                                 "至少需要 id、title 等顶层字段"))
    typed = _ime_problems(text, label)
    if typed:
        raise InputError(typed)
    _pyyaml()
    with paused_gc():
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            raise InputError(_syntax_problem(exc, text, label)) from None
        except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
            raise InputError(Problem(Location(label, 1, 1), SYNTAX, f"YAML 语法错误：{exc}")) from None
        if node is None:
            raise InputError(Problem(Location(label, 1, 1), EMPTY, "文件是空的", "至少需要 id、title 等顶层字段"))
        builder = _Builder(label, text)
        data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return Document(label, data, builder.marks, builder.key_marks)


def fullwidth_key_hint(value: Any) -> bool:
    """True if a string looks like ``key： value`` typed with a full-width colon."""
    return isinstance(value, str) and bool(_FULLWIDTH_KEY.match(value))


def _ime_problems(text: str, label: str) -> list[Problem]:
    """Full-width spaces where YAML needs a half-width one (they break the structure silently)."""
    out: list[Problem] = []
    for n, line in enumerate(text.splitlines(), 1):
        if IDEOGRAPHIC_SPACE not in line:
            continue
        m = _FULLWIDTH_AFTER_COLON.match(line)
        if _FULLWIDTH_INDENT.match(line) or m:
            col = (m.end() if m else line.index(IDEOGRAPHIC_SPACE) + 1)
            where = "冒号后面" if m else "缩进里"
            out.append(Problem(Location(label, n, col), FULLWIDTH_SPACE,
                               f"{where}有全角空格「　」", SPACE_HINT))
    return out


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, label: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    lines = text.splitlines()
    # A full-width colon on this line or the one before is the usual culprit.
    for ln in (line, line - 1):
        if 1 <= ln <= len(lines) and _FULLWIDTH_KEY.match(lines[ln - 1]):
            col = lines[ln - 1].index("：") + 1
            return Problem(Location(label, ln, col), FULLWIDTH_COLON,
                           "键后面用了全角冒号「：」", "YAML 的键和值之间要用半角冒号加空格「: 」")
    for ln in (line, line - 1):
        m = _SMART_QUOTED.search(lines[ln - 1]) if 1 <= ln <= len(lines) else None
        if m:
            return Problem(Location(label, ln, m.start(1) + 1), SMART_QUOTE,
                           "用了中文引号当 YAML 的引号", QUOTE_HINT)
    problem = (exc.problem or "").strip()
    message, hint = _syntax_zh(problem)
    return Problem(Location(label, line, col), SYNTAX, f"YAML 语法错误：{message}", hint)


# PyYAML's problem messages (start of the text) -> what we say, and the fix.
_SYNTAX_ZH = (
    ("found a tab character", "用了 Tab 键缩进", "YAML 缩进只能用空格，不能用 Tab：把 Tab 换成两个空格"),
    ("found character '\\t'", "用了 Tab 键缩进", "YAML 缩进只能用空格，不能用 Tab：把 Tab 换成两个空格"),
    ("found character", "这里有 YAML 不允许的字符", "检查这一行开头是否有特殊符号；整段文字可以加英文引号"),
    ("mapping values are not allowed", "这里不该出现「键: 值」",
     "多半是缩进不对：同一层的键要和上一行的键左对齐；如果值里本来就有「: 」，给整个值加英文引号"),
    ("could not find expected ':'", "缺少冒号，或缩进不对",
     "检查上一行是否漏了「: 」（半角冒号加空格），或多行文字是否缩进一致"),
    ("did not find expected '-' indicator", "列表项的「-」没有对齐",
     "同一个列表的每一项「- 」都要对齐到同一列"),
    ("did not find expected key", "缩进不对，这里找不到下一个键",
     "同一层的键要左对齐；列表的每一项以「- 」开头并对齐"),
    ("did not find expected node content", "这里缺了值", "检查是否多写了「-」或「,」，或漏写了值"),
    ("expected <block end>", "缩进不对：这一行比上一层多缩进或少缩进了",
     "同一层的键要左对齐，子项比父项多缩进两个空格"),
    ("expected ',' or ']'", "方括号列表 [ ] 没有闭合或少了逗号", "写成 [甲, 乙]：半角逗号分隔，半角方括号闭合"),
    ("expected ',' or '}'", "花括号映射 { } 没有闭合或少了逗号", "写成 {键: 值, 键: 值}：半角逗号分隔，半角花括号闭合"),
    ("found unexpected end of stream", "引号没有闭合", "检查这段文字的英文引号是否成对"),
    ("found undefined alias", "引用了没有定义的锚点（*名字）", "先用 &名字 定义，或去掉 *"),
    ("found unknown escape character", "双引号里的反斜杠用法不对",
     "正则等含反斜杠的内容改用单引号包住，如 '\\d+元'"),
    ("found unexpected ':'", "这里多了一个冒号", "值里含有冒号时给整个值加英文引号"),
)


def _syntax_zh(problem: str) -> tuple[str, str]:
    for english, message, hint in _SYNTAX_ZH:
        if problem.startswith(english):
            return message, hint
    detail = f"（{problem}）" if problem else ""
    return f"无法解析{detail}", "检查这一行和上一行的缩进、冒号和引号：都用半角符号，缩进用空格"


class _Builder:
    """Turns composed YAML nodes into plain data, checking as it goes."""

    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.marks: dict[YamlPath, tuple[int, int]] = {}
        self.key_marks: dict[YamlPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.expanded = 0
        self.nodes = 0
        self._seen: set[int] = set()
        self._scalars = yaml.constructor.SafeConstructor()
        self._stop = False

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.label, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: YamlPath, depth: int = 0) -> Any:
        if self._stop:
            return None
        if id(node) in self._seen:
            self.expanded += 1
        else:
            self._seen.add(id(node))
        self.nodes += 1
        if self.expanded > MAX_ALIAS_NODES or depth > MAX_DEPTH or self.nodes > MAX_NODES:
            if self.nodes > MAX_NODES:
                what, hint = f"文件里的条目过多（上限 {MAX_NODES} 个）", "把内容拆成几个文件"
            else:
                what = (f"别名展开后节点过多（上限 {MAX_ALIAS_NODES} 个）" if self.expanded > MAX_ALIAS_NODES
                        else f"嵌套层级过深（上限 {MAX_DEPTH} 层）")
                hint = "不要用锚点和别名（& 与 *）反复引用大段内容"
            self.problems.append(Problem(self._loc(node), TOO_BIG, what, hint))
            self._stop = True
            return None
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = node.tag or ""
        if isinstance(node, yaml.MappingNode):
            if tag != _STD + "map":
                return self._bad_tag(node)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if tag != _STD + "seq":
                return self._bad_tag(node)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        if tag in (_STD + "str", _STD + "timestamp"):
            return node.value
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return node.value

    def _bad_tag(self, node: yaml.Node) -> None:
        self.problems.append(Problem(self._loc(node), BAD_TAG,
                                     f"不允许的 YAML 标签 {node.tag}",
                                     "脚本文件只能写普通的文字、数字、列表和映射"))
        return None

    def _mapping(self, node: yaml.MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in _merged_pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self._loc(key_node), "SV011", "映射的键必须是文字",
                                             "键写成英文单词，如 title:，不要用列表或映射当键"))
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self._bad_tag(key_node)
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problems.append(Problem(self._loc(key_node), DUPLICATE_KEY,
                                             f"重复的键 '{key}'（第一次出现在第 {first_seen[key]} 行）",
                                             "YAML 只会保留最后一个，请删掉或合并其中一个"))
                continue
            first_seen[key] = line
            child = path + (key,)
            self.key_marks[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _merged_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value node pairs, with YAML merge keys (``<<: *base``) expanded."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag == _STD + "merge":
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for src in sources:
                if isinstance(src, yaml.MappingNode):
                    merged.extend(_merged_pairs(src))
        else:
            pairs.append((key_node, value_node))
    own = {k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)}
    return [(k, v) for k, v in merged if k.value not in own] + pairs
