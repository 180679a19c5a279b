"""Chinese text normalisation with an offset map back to the original characters.

Everything that matches words in agent or trainee text (script key points,
understanding, compliance rules) compares *folded* text, and folds its own
patterns with the same function, so that evasions and noise do not matter:

* NFKC compatibility forms: full-width letters and digits (``ＧＡＪ`` → ``gaj``,
  ``１１０`` → ``110``), circled and parenthesised numbers, Kangxi radicals and
  CJK compatibility ideographs; a few CJK Radicals Supplement forms NFKC
  leaves alone are mapped by hand;
* format and control characters dropped (zero-width space/joiners, BOM, bidi
  marks); every other line or paragraph separator becomes a plain space, but
  ``\\n`` is kept as a hard boundary (bulk audits rely on that); a lone
  surrogate (possible in JSON) becomes U+FFFD;
* Latin letters lower-cased (``casefold``);
* traditional → simplified, character by character (OpenCC ``t2s``), so
  ``律師事務所`` → ``律师事务所``;
* separators and noise between two CJK characters removed — up to three
  characters of white space, punctuation or symbols: ``公 安 局``, ``公*安*局``,
  ``公(安)局`` and ``好的，我是`` all lose them (``_`` counts as a space).

Full-width *punctuation* (``，。？``) is left as it is where it survives; it
only ever separates.  Repeated characters (``公公安安局局``) are not collapsed
here, because ordinary words double (谢谢, 看看); the compliance engine
compiles stutter variants of the terms that need them instead.

Each original character maps to zero or more folded characters, so every span
of the folded text maps back to a span of the original: see
:meth:`Normalized.to_original`.  :func:`fold` and :func:`normalize` always
agree (``normalize(s).text == fold(s)``).

Pinyin keys (:func:`pinyin_key`) and homophone sets (:func:`homophones`) serve
homophone evasions such as ``工安局``; pypinyin and OpenCC are imported lazily
because they cost start-up time.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["fold", "normalize", "Normalized", "pinyin_key", "homophones", "is_cjk",
           "CJK_CLASS"]

# Unified ideographs (basic + extension A) — what counts as a CJK character here.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff"

# CJK Radicals Supplement and a few look-alikes NFKC does not unify.
_EXTRA: dict[str, str] = {
    "\u2ed3": "长", "\u2ec5": "见", "\u2ec8": "言", "\u2ecb": "车", "\u2ed4": "门",
    "\u2ed7": "雨", "\u2edd": "食", "\u2ee8": "麦", "\u2ee9": "黄", "\u2ea0": "民",
    "\u2ead": "示", "\u2eb6": "羊", "\u2ec4": "西", "\u2ed1": "长", "\u2ecf": "阝",
    "侓": "律", "阮": "院",
}

# Characters NFKC folds to ASCII punctuation or spaces that we keep as they are:
# they only ever separate, and leaving them alone keeps folding cheap.
_KEEP_PUNCT = "，。、；：？！（）【】《》“”‘’…—～·「」『』"


_TABLES: tuple[dict[str, str], re.Pattern[str]] | None = None


# Where built tables may be kept between processes: (load, save) of plain JSON data, set by
# ``trainer.base.cache.enable_fold_table_cache`` (this layer imports nothing of trainer).
_TABLE_STORE: tuple[Callable[[], Any], Callable[[Any], object]] | None = None


def _tables() -> tuple[dict[str, str], re.Pattern[str]]:
    """Character map (only characters that change) and a regex that finds them."""
    global _TABLES
    if _TABLES is None:
        _TABLES = _stored_tables()
    return _TABLES


def set_table_store(load: Callable[[], Any], save: Callable[[Any], object]) -> None:
    """Keep the tables between processes: ``load()`` returns what an earlier ``save(plain)`` got
    (or anything else, which is ignored).  Only plain data crosses: a char→str map."""
    global _TABLE_STORE
    _TABLE_STORE = (load, save)


def fold_table_inputs() -> list[str]:
    """What the tables depend on besides this module's source (for a cache key)."""
    import importlib.util

    parts = [f"unicode {unicodedata.unidata_version}"]
    try:
        spec = importlib.util.find_spec("opencc")
        folders = list(spec.submodule_search_locations or []) if spec else []
        for folder in folders:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file():
                    info = entry.stat()
                    parts.append(f"opencc {entry.name} {info.st_size} {info.st_mtime_ns}")
    except (ImportError, OSError, ValueError):
        parts.append("opencc ?")
    return parts


def _stored_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    store = _TABLE_STORE
    if store is None:
        return _build_tables()
    try:
        tables = _tables_from_plain(store[0]())
    except Exception:  # noqa: BLE001 - a cache never breaks folding
        tables = None
    if tables is None:
        tables = _build_tables()
        try:
            store[1]({"map": {k: v for k, v in tables[0].items() if not 0xD800 <= ord(k) < 0xE000}})
        except Exception:  # noqa: BLE001
            pass
    return tables


def _tables_from_plain(plain: Any) -> tuple[dict[str, str], re.Pattern[str]] | None:
    """Tables from what :func:`_stored_tables` saved, or None when it is not exactly that shape."""
    if not isinstance(plain, dict) or not isinstance(plain.get("map"), dict):
        return None
    table: dict[str, str] = {}
    for ch, to in plain["map"].items():
        if not (isinstance(to, str) and len(ch) == 1 and len(to) <= 18 and ord(ch) < 0x10000
                and not 0xD800 <= ord(ch) < 0xE000):
            return None
        table[ch] = to
    if table.get("_") != " " or len(table) < 1000:
        return None
    for code in range(0xD800, 0xE000):
        table[chr(code)] = "\ufffd"
    return table, _special_pattern(table)


def fold_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    """The folding tables, for a cache to store (see :func:`prime_fold_tables`)."""
    return _tables()


def prime_fold_tables(tables: tuple[dict[str, str], re.Pattern[str]]) -> None:
    """Use tables from :func:`fold_tables` of an earlier, identical run (building them
    takes about 80 ms: NFKC and OpenCC over the whole BMP)."""
    global _TABLES
    if _TABLES is None:
        _TABLES = tables


def _build_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    import opencc  # lazy: C++ extension, only needed once the table is built

    table: dict[str, str] = {}
    base: list[str] = []
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        base.append(_char_base(ch))
    converter = opencc.OpenCC("t2s")
    joined = "\x00".join(base)
    converted = converter.convert(joined)
    parts = converted.split("\x00") if len(converted) == len(joined) else None
    index = 0
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        folded = parts[index] if parts is not None else base[index]
        index += 1
        if folded != ch:
            table[ch] = folded
    for ch, to in _EXTRA.items():
        table[ch] = to
    for ch in _KEEP_PUNCT:
        table.pop(ch, None)
    table["_"] = " "
    # A lone surrogate (JSON's "\ud800" escape) is no character at all: it becomes U+FFFD,
    # which is also what a UTF-8 encoder needs it to be (the literal scans run in Rust).
    for code in range(0xD800, 0xE000):
        table[chr(code)] = "\ufffd"
    return table, _special_pattern(table)


def _special_pattern(table: dict[str, str]) -> re.Pattern[str]:
    ranges = _ranges(sorted(ord(c) for c in table))
    # Astral characters are folded on demand (rare; see _fold_char).
    return re.compile("[" + ranges + "\U00010000-\U0010ffff]")


def _char_base(ch: str) -> str:
    """NFKC + casefold + format/control removal of one character (no t2s)."""
    if ch == "\n":
        return ch
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Cc"):
        return " " if ch in "\t\r\x0b\x0c\x85" else ""
    if cat in ("Zl", "Zp"):
        return " "
    out = unicodedata.normalize("NFKC", ch).casefold()
    cleaned = []
    for c in out:
        c_cat = unicodedata.category(c)
        if c_cat in ("Cf", "Cc"):
            continue
        cleaned.append(" " if c == "\n" or c_cat in ("Zl", "Zp") else c)
    return "".join(cleaned)


def _ranges(codes: list[int]) -> str:
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        out.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    table, _ = _tables()
    got = table.get(ch)
    if got is not None:
        return got
    if ord(ch) < 0x10000:
        return ch
    base = _char_base(ch)
    if base and any(is_cjk(c) for c in base):
        import opencc

        base = opencc.OpenCC("t2s").convert(base)
    return base


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


# Up to three separator characters (space, punctuation, symbols) between two CJK
# characters; never a newline.
# ("_" is folded to a space beforehand, so one character class does.)
# Same as (?<=[CJK])[^\w\n]{1,3}(?=[CJK]), but starting with the separator class lets
# ``re`` skip ahead to the next separator instead of trying the look-behind at every position.
_SEP = re.compile(rf"[^\w\n](?<=[{CJK_CLASS}][^\w\n])[^\w\n]{{0,2}}(?=[{CJK_CLASS}])")


def is_cjk(ch: str) -> bool:
    """True for a unified CJK ideograph (basic block or extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _map_chars(text: str) -> str:
    _, special = _tables()
    return special.sub(_fold_match, text)


# _SEP with [^\w\n] spelled out as the list of such characters of the BMP: ``re`` then tests
# a character with one bitmap lookup instead of a Unicode category lookup, about 30 %
# faster on long texts.  The same only for text without astral characters (the list
# leaves them out); built on first use (10 ms), for long texts only (bulk audits fold
# batches of turns joined).
_SEP_BMP: re.Pattern[str] | None = None
_LONG = 2_000
# CPython stores a str with an astral character 4 bytes per character, any other in 1 or 2
_UCS4 = sys.getsizeof("\U00010000") - 8 if sys.implementation.name == "cpython" else None


def _sep_bmp() -> re.Pattern[str]:
    global _SEP_BMP
    if _SEP_BMP is None:
        # \w of ``re`` is str.isalnum() or "_"
        sep = _ranges([c for c in range(0x10000) if c != 10 and not (chr(c).isalnum() or c == 0x5F)])
        _SEP_BMP = re.compile(rf"[{sep}](?<=[{CJK_CLASS}][{sep}])[{sep}]{{0,2}}(?=[{CJK_CLASS}])")
    return _SEP_BMP


def fold(text: str) -> str:
    """The normalised form used for all matching (see the module docstring)."""
    mapped = _map_chars(text)
    if len(mapped) > _LONG and _UCS4 is not None and sys.getsizeof(mapped) < _UCS4 + 4 * (len(mapped) + 1):
        return _sep_bmp().sub("", mapped)
    return _SEP.sub("", mapped)


class Normalized:
    """Folded text plus the map from each folded character to the original.

    ``text`` is ``fold(original)``; ``to_original(start, end)`` maps a span of
    ``text`` to the span of ``original`` it came from (end exclusive).
    """

    __slots__ = ("original", "text", "_starts", "_ends")

    def __init__(self, original: str, text: str, starts: list[int], ends: list[int]) -> None:
        self.original = original
        self.text = text
        self._starts = starts
        self._ends = ends

    def __repr__(self) -> str:
        return f"Normalized({self.original!r} -> {self.text!r})"

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to ``original[s:e]``; an empty span maps to a point."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span {start}:{end} outside folded text of length {n}")
        if start == end:
            pos = self._starts[start] if start < n else len(self.original)
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def to_folded(self, index: int) -> int:
        """The first folded position at or after original position ``index``."""
        return bisect_right(self._ends, index)

    def excerpt(self, start: int, end: int) -> str:
        """The original characters behind folded span ``start:end``."""
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalize(text: str) -> Normalized:
    """Fold ``text`` and keep, for every folded character, where it came from."""
    _, special = _tables()
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in special.finditer(text):
        i = match.start()
        if i > pos:
            pieces.append(text[pos:i])
            starts.extend(range(pos, i))
            ends.extend(range(pos + 1, i + 1))
        folded = _fold_char(match.group())
        if folded:
            pieces.append(folded)
            starts.extend([i] * len(folded))
            ends.extend([i + 1] * len(folded))
        pos = i + 1
    if pos < len(text):
        pieces.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    mapped = "".join(pieces)
    if not _SEP.search(mapped):
        return Normalized(text, mapped, starts, ends)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for match in _SEP.finditer(mapped):
        out.append(mapped[pos:match.start()])
        new_starts.extend(starts[pos:match.start()])
        new_ends.extend(ends[pos:match.start()])
        pos = match.end()
    out.append(mapped[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return Normalized(text, "".join(out), new_starts, new_ends)


# --- pinyin -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def pinyin_key(text: str) -> str:
    """Toneless pinyin of folded ``text``, no spaces: 公安局 / 工安局 / gong an ju → ``gonganju``.

    Non-CJK letters and digits are kept as they are; everything else is dropped.
    ``ü`` is written ``v`` (律师 → ``lvshi``).
    """
    from pypinyin import Style, lazy_pinyin

    folded = fold(text)
    parts = lazy_pinyin(folded, style=Style.NORMAL, errors=lambda s: list(s))
    return "".join(ch for part in parts for ch in part if ch.isalnum()).lower()


@functools.lru_cache(maxsize=1)
def _homophone_index() -> dict[str, frozenset[str]]:
    """Toneless syllable -> the common characters read that way (first reading only)."""
    from pypinyin import Style, lazy_pinyin

    by_sound: dict[str, set[str]] = {}
    # Common characters: the level-1 and level-2 GB2312 range covers everyday text.
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            sound = lazy_pinyin(ch, style=Style.NORMAL)[0]
            by_sound.setdefault(sound, set()).add(ch)
    return {k: frozenset(v) for k, v in by_sound.items()}


HOMOPHONE_DATA = "homophones.tsv"


def homophone_table_text() -> str:
    """The shipped homophone table, computed afresh: one ``sound<TAB>characters`` line per
    toneless syllable, sorted (``tools/gen_homophones.py`` writes it to trainer/data)."""
    index = _homophone_index()
    return "".join(f"{sound}\t{''.join(sorted(chars))}\n" for sound, chars in sorted(index.items()))


@functools.lru_cache(maxsize=1)
def _shipped_homophones() -> tuple[dict[str, str], dict[str, frozenset[str]]] | None:
    """(character -> sound, sound -> characters) from trainer/data/homophones.tsv, or None.

    Reading it takes about 2 ms; computing it with pypinyin takes 0.25 s (import included).
    """
    from importlib import resources

    try:
        text = resources.files("trainer").joinpath("data", HOMOPHONE_DATA).read_text("utf-8")
        index: dict[str, frozenset[str]] = {}
        sound_of: dict[str, str] = {}
        for line in text.splitlines():
            sound, chars = line.split("\t")
            index[sound] = frozenset(chars)
            for c in chars:
                sound_of[c] = sound
    except (OSError, ValueError):
        return None
    return sound_of, index


def homophones(ch: str) -> frozenset[str]:
    """Common characters read like ``ch`` (toneless, GB2312 set), ``ch`` excluded."""
    if len(ch) != 1 or not is_cjk(ch):
        return frozenset()
    shipped = _shipped_homophones()
    if shipped is not None and ch in shipped[0]:
        return shipped[1].get(shipped[0][ch], frozenset()) - {ch}
    from pypinyin import Style, lazy_pinyin

    sound = lazy_pinyin(ch, style=Style.NORMAL)[0]
    index = shipped[1] if shipped is not None else _homophone_index()
    return index.get(sound, frozenset()) - {ch}


def fold_all(texts: Iterable[str]) -> list[str]:
    """Fold many texts at once (one pass over the joined text when none holds a newline)."""
    items = list(texts)
    if not items:
        return []
    if any("\n" in t for t in items):
        return [fold(t) for t in items]
    return fold("\n".join(items)).split("\n")
