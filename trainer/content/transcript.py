"""Call transcripts: the data model and streaming readers for JSON, JSONL and plain text.

The format is DESIGN.md's: ``{"id", "meta": {"contact", "started_at", "timezone", …},
"turns": [{"speaker", "text"}, …]}``.  A ``.jsonl`` file holds one transcript per
line; a ``.json`` file one object or a list; a plain-text file is one call, one
turn per line with a ``坐席：``/``客户：``/``第三方：`` (or ``A:``/``B:``) prefix and
the file name as id.  Files may be UTF-8 (with or without BOM) or GB18030;
``-`` reads standard input.

Readers never raise on bad content: :func:`read_transcripts` yields a
:class:`Problem` for every malformed line, record or file (with its location)
and carries on with the rest, so a bulk audit can say how many transcripts were
read and skipped.  JSONL is read line by line, so memory does not grow with
the archive.

Problem codes: TR001 invalid JSON, TR002 wrong shape or type, TR003 unknown
speaker, TR004 undecodable or binary data, TR005 empty input, TR006 bad call
metadata (time, time zone, contact; as a :class:`Notice`, a usable call whose time, year 1 or
9999, cannot be judged), TR007 unreadable file, TR008 plain-text
line without a speaker prefix, TR009 a record (one line) over :data:`RECORD_LIMIT`, TR010 a
symbolic link to a file that is not there, TR011 symbolic links that form a loop.

Memory is bounded for streams: a JSONL file or standard input is read in 1 MB chunks, one record
at a time, and a record longer than :data:`RECORD_LIMIT` (16 MB) is reported by its line and
skipped without being kept: its bytes are counted and dropped until the next newline.  Only a
``.json`` file (one document) is read whole.
"""

from __future__ import annotations

import codecs
import errno
import itertools
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, NotRequired, TypedDict
from zoneinfo import ZoneInfo

import orjson

from trainer.base.errors import InputError, Location, Problem
from trainer.base.vocab import CONTACTS, SPEAKER_LABELS, SPEAKERS
from trainer.zh.display import clip

(BAD_JSON, BAD_SHAPE, BAD_SPEAKER, BAD_BYTES, EMPTY, BAD_META, UNREADABLE, NO_PREFIX, TOO_BIG,
 DANGLING_LINK, LINK_LOOP) = (f"TR{n:03d}" for n in range(1, 12))
RECORD_LIMIT = 16 * 1024 * 1024  # bytes of one record (one line of JSONL or of a plain-text call)
_CHUNK = 1 << 20

_PREFIX = re.compile(r"^\s*(坐席|客户|第三方|债务人|[ABab])\s*[：:]\s?(.*)$")
_PREFIX_SPEAKER = {"坐席": "agent", "客户": "debtor", "债务人": "debtor", "第三方": "third_party",
                   "a": "agent", "b": "debtor"}
TOO_DEEP = "JSON 嵌套层数太深，无法读取（通话记录只有几层）"
_SNIFF = 1 << 16
_SPEAKER_SET = frozenset(SPEAKERS)
_STR = {str}
_TEXT, _SPEAKER = itemgetter("text"), itemgetter("speaker")


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str


class TurnDict(TypedDict):
    """One turn of a DESIGN.md transcript as it crosses module boundaries (plain data).

    ``speaker`` and ``text`` always; a practice call's turns add annotations (``at``, ``stage``,
    ``acts``, ``key_points``, ``response``, ``mood``, ``why``, ``promise``), which readers ignore."""

    speaker: str
    text: str
    at: NotRequired[str]
    stage: NotRequired[str]
    acts: NotRequired[list[str]]
    key_points: NotRequired[list[str]]
    response: NotRequired[str]
    mood: NotRequired[dict[str, Any]]
    why: NotRequired[str]
    promise: NotRequired[dict[str, Any]]


class TranscriptDict(TypedDict):
    """A DESIGN.md transcript: ``id``, ``meta`` (contact, started_at, timezone, agent, team, …), ``turns``."""

    id: str
    meta: dict[str, Any]
    turns: list[TurnDict]


@dataclass(frozen=True)
class Transcript:
    """One call.  ``meta`` keeps every field it was given (extra ones are ignored)."""

    id: str
    turns: tuple[Turn, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    source: Location | None = None

    @classmethod
    def from_dict(cls, data: Any, where: Location | None = None, default_id: str = "") -> Transcript:
        """Build from DESIGN.md's dict; raises :class:`InputError` listing every problem."""
        where = where or Location("<transcript>")
        problems = check_transcript(data, where)
        if problems:
            raise InputError(problems)
        tid = data.get("id")
        return cls(str(tid) if tid is not None else default_id,
                   tuple(Turn(t["speaker"], t["text"]) for t in data["turns"]),
                   dict(data.get("meta") or {}), where)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "meta": dict(self.meta),
                "turns": [{"speaker": t.speaker, "text": t.text} for t in self.turns]}


def check_transcript(data: Any, where: Location) -> list[Problem]:
    """Every shape problem of one transcript dict (empty list = usable)."""
    if not isinstance(data, dict):
        return [Problem(where, BAD_SHAPE, f"通话记录应该是 JSON 对象，实际是{_kind(data)}")]
    turns = data.get("turns")
    if turns.__class__ is list:
        # the usual case, checked quickly (in C); any doubt falls through to the full check
        try:
            fine = {*map(type, map(_TEXT, turns))} <= _STR and {*map(_SPEAKER, turns)} <= _SPEAKER_SET
        except (KeyError, TypeError, IndexError):
            fine = False
        if fine:
            tid = data.get("id")
            meta = data.get("meta")
            if (tid is None or tid.__class__ in (str, int)) and (meta is None or meta.__class__ is dict):
                return _check_meta(meta, where) if meta else []
    problems: list[Problem] = []
    tid = data.get("id")
    if tid is not None and not isinstance(tid, (str, int)):
        problems.append(Problem(where, BAD_SHAPE, "id 应该是文字"))
    turns = data.get("turns")
    if not isinstance(turns, list):
        problems.append(Problem(where, BAD_SHAPE, "缺少 turns 列表" if turns is None
                                else f"turns 应该是列表，实际是{_kind(turns)}"))
        turns = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict):
            problems.append(Problem(where, BAD_SHAPE, f"turns[{i}] 应该是对象，实际是{_kind(turn)}"))
            continue
        speaker, text = turn.get("speaker"), turn.get("text")
        if speaker not in SPEAKERS:
            problems.append(Problem(where, BAD_SPEAKER, f"turns[{i}] 的说话人 '{clip(speaker)}' 无效",
                                    "可选：agent（坐席）、debtor（客户）、third_party（第三方）"))
        if not isinstance(text, str):
            problems.append(Problem(where, BAD_SHAPE, f"turns[{i}].text 应该是文字，实际是{_kind(text)}"))
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        problems.append(Problem(where, BAD_SHAPE, f"meta 应该是对象，实际是{_kind(meta)}"))
    elif meta:
        problems += _check_meta(meta, where)
    return problems


def _check_meta(meta: dict[str, Any], where: Location) -> list[Problem]:
    problems = []
    contact = meta.get("contact")
    if contact is not None and contact not in CONTACTS:
        problems.append(Problem(where, BAD_META, f"meta.contact '{clip(contact)}' 无效", "可选：debtor、third_party"))
    started = meta.get("started_at")
    if started is not None:
        ok = isinstance(started, str)
        if ok:
            try:
                moment = datetime.fromisoformat(started.replace("Z", "+00:00"))
                ok = moment.tzinfo is not None
            except ValueError:
                ok = False
        if not ok:
            problems.append(Problem(where, BAD_META, f"meta.started_at '{clip(started)}' 不是带时区偏移的 ISO-8601 时间",
                                    "例如 2026-03-02T10:15:00+08:00"))
    zone = meta.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except Exception:  # noqa: BLE001 - any failure means an unusable zone
            problems.append(Problem(where, BAD_META, f"meta.timezone '{clip(zone)}' 不是有效的时区名",
                                    "写 IANA 时区名，如 Asia/Shanghai"))
    return problems


@dataclass(frozen=True)
class Notice(Problem):
    """A warning about a record that is read and audited all the same: reported by location,
    never counted as skipped (so it changes no exit code)."""


TIME_NOTE = "超出可换算的范围，未检查拨打时段"
_EDGE_YEARS = ("0001", "9999")
# The zone a call without ``meta.timezone`` is judged in: the rule pack's ``settings.timezone``.
# ``trainer audit`` sets it from its pack before reading (and before any worker is forked).
DEFAULT_ZONE = "Asia/Shanghai"


def time_note(data: dict[str, Any], where: Location) -> Notice | None:
    """The note for a usable record whose ``meta.started_at`` (year 1 or 9999) cannot be put into
    the debtor's time zone (``meta.timezone``, else :data:`DEFAULT_ZONE`), so that the
    calling-hours check passes it by unjudged (:func:`trainer.compliance.calltime.local_time`)."""
    meta = data.get("meta")
    started = meta.get("started_at") if meta.__class__ is dict else None
    if started.__class__ is not str or started[:4] not in _EDGE_YEARS:
        return None  # the usual case, decided by a slice
    from trainer.compliance.calltime import local_time

    if local_time(started, str(meta.get("timezone") or DEFAULT_ZONE)) is not None:
        return None
    return Notice(where, BAD_META, f"通话时间 {clip(started)} {TIME_NOTE}")


def _kind(value: Any) -> str:
    return {dict: "对象", list: "列表", str: "文字", bool: "true/false", int: "数字", float: "数字",
            type(None): "空值"}.get(type(value), type(value).__name__)


# --- readers --------------------------------------------------------------------------------


def read_transcripts(source: str | os.PathLike[str], stdin: BinaryIO | None = None) -> Iterator[
        tuple[dict[str, Any], Location] | Problem]:
    """Yield ``(transcript dict, location)`` for each usable transcript, a :class:`Problem` for
    anything skipped, and just before a usable transcript a :class:`Notice` (a Problem that skips
    nothing) when its call time is out of range (:func:`time_note`).  ``source`` is a path or ``-`` (standard input)."""
    name = str(source)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        label = "<stdin>"
        yield from _read_stream(stream, label, "", stem="stdin")
        return
    path = Path(name)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _unopenable(name, exc)
        return
    with handle:
        yield from _read_stream(handle, name, path.suffix.lower(), stem=path.stem)


def _unopenable(path: str, exc: OSError) -> Problem:
    name = clip(path, 200)  # a 100 KB name is not printed whole
    if exc.errno == errno.ENAMETOOLONG:
        return Problem(Location(name), UNREADABLE, "无法读取文件：文件名太长")
    if exc.errno == errno.ELOOP:
        return Problem(Location(name), LINK_LOOP, "链接形成循环，无法读取", "请检查这个符号链接指向哪里")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return Problem(Location(name), DANGLING_LINK, "链接指向的文件不存在",
                       f"这个符号链接指向 {clip(os.readlink(path))}")
    return Problem(Location(name), UNREADABLE, f"无法读取文件：{exc.strerror or exc}")


class _Oversized:
    """Stands for a line longer than :data:`RECORD_LIMIT`: only its length is kept."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size


def _too_big(item: _Oversized, label: str, number: int) -> Problem:
    return Problem(Location(label, number, 1), TOO_BIG,
                   f"这条记录太大（{item.size / 1048576:.1f} MB，上限 {RECORD_LIMIT // 1048576} MB），已跳过",
                   "一行只放一通电话；过长的记录请拆分或检查文件是否损坏")


def _read_stream(stream: BinaryIO, label: str, suffix: str, stem: str) -> Iterator[
        tuple[dict[str, Any], Location] | Problem]:
    head = stream.read(_SNIFF)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        yield Problem(Location(label), EMPTY, "文件是空的，没有通话记录")
        return
    if b"\x00" in head:
        yield Problem(Location(label), BAD_BYTES, "这不是文本文件（含有二进制数据）",
                      "请提供 JSON、JSONL 或纯文本格式的通话记录")
        return
    encoding = _sniff_encoding(head) or "utf-8"  # each record is decoded on its own (_decode)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    first = head.lstrip()[:1]
    kind = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}.get(suffix)
    if kind is None:
        kind = "json?" if first in (b"{", b"[") else "text"
    if kind == "json":  # one document, read whole
        yield from _read_json(head + stream.read(), label, encoding, stem)
        return
    lines = _lines(head, stream)
    if kind == "jsonl":
        yield from _read_jsonl(lines, label, encoding, stem)
    elif kind == "json?":
        yield from _read_json_or_jsonl(lines, first, label, encoding, stem)
    else:
        yield from _read_text(lines, label, encoding, stem)


def _sniff_encoding(head: bytes) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        decoder.decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        return None


def _lines(head: bytes, stream: BinaryIO, limit: int = RECORD_LIMIT) -> Iterator[bytes | _Oversized]:
    """The lines of ``head`` and the rest of ``stream``, read 1 MB at a time; a line longer than
    ``limit`` comes as an :class:`_Oversized` (its bytes are counted and dropped, never kept)."""
    pending: list[bytes] = []  # the start of a line not ended yet
    size = 0  # its length so far
    dropping = False  # it is over the limit: counted, not kept
    chunk = head
    while chunk:
        first = chunk.find(b"\n")
        if first < 0:
            size += len(chunk)
            if not dropping:
                pending.append(chunk)
                if size > limit:
                    pending, dropping = [], True
            chunk = stream.read(_CHUNK)
            continue
        end = size + first + 1
        if dropping or end > limit:
            yield _Oversized(end)
        else:
            pending.append(chunk[:first + 1])
            yield from b"".join(pending).splitlines(keepends=True)
        last = chunk.rfind(b"\n")
        if last > first:
            for line in chunk[first + 1:last + 1].splitlines(keepends=True):
                yield _Oversized(len(line)) if len(line) > limit else line
        tail = chunk[last + 1:]
        pending, size, dropping = [tail], len(tail), len(tail) > limit
        if dropping:
            pending = []
        chunk = stream.read(_CHUNK)
    if dropping:
        yield _Oversized(size)
    elif size:
        yield b"".join(pending)


def _read_json_or_jsonl(lines: Iterator[bytes | _Oversized], first: bytes, label: str, encoding: str,
                        stem: str) -> Iterator[tuple[dict[str, Any], Location] | Problem]:
    """A file without a telling suffix, or standard input, that starts with ``{`` or ``[``: JSON
    Lines when it has several lines and the first is a whole object (streamed, one record at a
    time), else one JSON document."""
    head = list(itertools.islice(lines, 2))
    if any(isinstance(item, _Oversized) for item in head):
        yield from _read_jsonl(itertools.chain(head, lines), label, encoding, stem)
        return
    if first == b"{" and len(head) == 2 and _looks_like_jsonl(head[0]):  # type: ignore[arg-type]
        yield from _read_jsonl(itertools.chain(head, lines), label, encoding, stem)
        return
    parts: list[bytes] = []
    for number, item in enumerate(itertools.chain(head, lines), 1):
        if isinstance(item, _Oversized):
            yield _too_big(item, label, number)
            return
        parts.append(item)
    yield from _read_json(b"".join(parts), label, encoding, stem)


def _looks_like_jsonl(first_line: bytes) -> bool:
    try:
        return isinstance(json.loads(first_line), dict)
    except (ValueError, RecursionError):
        return False


def _decode(raw: bytes, encoding: str, label: str, line: int) -> str | Problem:
    """One record's bytes as text, its encoding decided for it alone: UTF-8, else GB18030.

    ``encoding`` (the file's first 64 KB) only breaks a tie.  A record that is UTF-8 but for a few
    stray bytes is not read as GB18030 (that would turn its Chinese into other characters and hide
    what it says): it is reported by location and skipped, like any record neither encoding reads.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if encoding == "gb18030" or not _mostly_utf8(raw):
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
    col = len(raw[:first_bad].decode("utf-8", "replace")) + 1
    return Problem(Location(label, line, col), BAD_BYTES,
                   f"无法解码的字节 0x{raw[first_bad]:02x}，这条记录已跳过",
                   "请检查文件编码（支持 UTF-8 和 GB18030；一条记录只能用一种编码）")


def _mostly_utf8(raw: bytes) -> bool:
    """Whether undecodable ``raw`` is UTF-8 with a few bad bytes rather than GB18030 text: its
    valid UTF-8 holds Chinese characters, several for every bad byte (GB18030 text read as UTF-8
    yields almost none)."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return chinese >= 4 * bad


def _read_jsonl(lines: Iterator[bytes | _Oversized], label: str, encoding: str, stem: str) -> Iterator[
        tuple[dict[str, Any], Location] | Problem]:
    count = 0
    loads = json.loads
    fast_loads = orjson.loads  # reads UTF-8 only; any other record goes the slow way
    bom = codecs.BOM_UTF8
    for number, raw in enumerate(lines, 1):
        if raw.__class__ is _Oversized:
            count += 1
            yield _too_big(raw, label, number)  # type: ignore[arg-type]
            continue
        if number == 1 and raw.startswith(bom):
            raw = raw[len(bom):]
        if not raw or raw.isspace():  # (no copy, unlike strip())
            continue
        if b"\x00" in raw:
            yield Problem(Location(label, number, raw.index(b"\x00") + 1), BAD_BYTES,
                          "这一行含有 NUL 字符（二进制数据），已跳过")
            continue
        # orjson parses UTF-8 bytes about 1.4x faster than decode + json.loads; anything it
        # refuses, or may have read differently, goes the usual way below
        try:
            data = fast_loads(raw)
        except (ValueError, RecursionError):
            data = None
        if data.__class__ is dict and _exact(data):
            count += 1
            where = Location(label, number, 1)
            if data.get("id").__class__ is str and not check_transcript(data, where):
                if (note := time_note(data, where)) is not None:
                    yield note
                yield data, where
            else:
                yield from _accept(data, where, f"{stem}:{number}")
            continue
        text = _decode(raw, encoding, label, number)
        if isinstance(text, Problem):
            yield text
            continue
        count += 1
        try:
            data = loads(text)
        except ValueError as exc:
            col = getattr(exc, "colno", 1)
            msg = getattr(exc, "msg", str(exc))
            yield Problem(Location(label, number, col), BAD_JSON, f"这一行不是有效的 JSON：{msg}")
            continue
        except RecursionError:
            yield Problem(Location(label, number, 1), BAD_JSON, TOO_DEEP)
            continue
        where = Location(label, number, 1)
        if data.__class__ is dict and data.get("id").__class__ is str and not check_transcript(data, where):
            if (note := time_note(data, where)) is not None:
                yield note
            yield data, where  # the usual case of _accept, without a generator per line
            continue
        yield from _accept(data, where, f"{stem}:{number}")
    if not count:
        yield Problem(Location(label), EMPTY, "文件里没有通话记录")


def _exact(data: dict[str, Any]) -> bool:
    """False if orjson may have read ``data`` differently from the json module: it reads an
    integer beyond 64 bits as a float (the json module keeps it), and the id and the call
    metadata are the only numbers the audit looks at."""
    if data.get("id").__class__ is float:
        return False
    meta = data.get("meta")
    return meta.__class__ is not dict or float not in {*map(type, meta.values())}


def _read_json(data: bytes, label: str, encoding: str, stem: str) -> Iterator[
        tuple[dict[str, Any], Location] | Problem]:
    text = _decode(data, encoding, label, 1)
    if isinstance(text, Problem):
        yield text
        return
    try:
        value = json.loads(text)
    except RecursionError:
        yield Problem(Location(label, 1, 1), BAD_JSON, TOO_DEEP)
        return
    except ValueError as exc:
        yield Problem(Location(label, getattr(exc, "lineno", 1), getattr(exc, "colno", 1)), BAD_JSON,
                      f"不是有效的 JSON：{getattr(exc, 'msg', exc)}")
        return
    if isinstance(value, list):
        if not value:
            yield Problem(Location(label), EMPTY, "列表是空的，没有通话记录")
        for i, item in enumerate(value):
            yield from _accept(item, Location(f"{label}[{i}]"), f"{stem}:{i}")
    else:
        yield from _accept(value, Location(label), stem)


def _accept(data: Any, where: Location, default_id: str) -> Iterator[tuple[dict[str, Any], Location] | Problem]:
    problems = check_transcript(data, where)
    if problems:
        yield from problems
        return
    if data.get("id") is None:
        data = {**data, "id": default_id}
    elif not isinstance(data["id"], str):
        data = {**data, "id": str(data["id"])}
    if (note := time_note(data, where)) is not None:
        yield note
    yield data, where


def _read_text(lines: Iterator[bytes | _Oversized], label: str, encoding: str, stem: str) -> Iterator[
        tuple[dict[str, Any], Location] | Problem]:
    turns: list[dict[str, str]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, 1):
        if isinstance(raw, _Oversized):
            problems.append(_too_big(raw, label, number))
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        text = _decode(raw, encoding, label, number)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        text = text.rstrip("\r\n")
        if "\x00" in text:
            problems.append(Problem(Location(label, number, text.index("\x00") + 1), BAD_BYTES,
                                    "这一行含有 NUL 字符（二进制数据），已跳过"))
            continue
        if not text.strip():
            continue
        m = _PREFIX.match(text)
        if not m:
            problems.append(Problem(Location(label, number, 1), NO_PREFIX,
                                    "这一行没有说话人前缀，已跳过",
                                    "每行以「坐席：」「客户：」「第三方：」或「A:」「B:」开头"))
            continue
        turns.append({"speaker": _PREFIX_SPEAKER[m.group(1).lower()], "text": m.group(2).strip()})
    yield from problems
    if not turns:
        yield Problem(Location(label), EMPTY, "文件里没有可识别的对话行")
        return
    yield {"id": stem, "meta": {}, "turns": turns}, Location(label)


def render_plain(transcript: dict[str, Any]) -> str:
    """A transcript as plain text (the format :func:`read_transcripts` reads back)."""
    return "\n".join(f"{SPEAKER_LABELS[t['speaker']]}：{t['text']}" for t in transcript["turns"]) + "\n"


def _passthrough(value: Any) -> Any:
    """orjson's hook for what it cannot write: JSON already serialised (anything with a
    ``json_text``, e.g. a stored turn) goes out as is; anything else as its ``str``."""
    text = getattr(value, "json_text", None)
    if isinstance(text, str):
        fragment = getattr(orjson, "Fragment", None)
        return fragment(text) if fragment is not None else orjson.loads(text)
    return str(value)


def dumps_line(value: Any) -> str:
    """One JSON Lines record: ``value`` as compact UTF-8 JSON (non-ASCII kept) and a newline.

    Values with a ``json_text`` attribute are written as that JSON text unparsed (what
    ``trainer export`` streams stored turns with); other unknown types as their ``str``."""
    try:
        return orjson.dumps(value, default=_passthrough, option=orjson.OPT_APPEND_NEWLINE).decode()
    except orjson.JSONEncodeError:  # what orjson refuses (integers over 64 bits, non-str keys)
        return json.dumps(value, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    text = getattr(value, "json_text", None)
    return json.loads(text) if isinstance(text, str) else str(value)
