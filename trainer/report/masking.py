"""Personal data in audit output: found, and shown as its kind (「[身份证号]」) unless asked.

Every human-facing writer of ``trainer audit`` (text, CSV, HTML) and, by default, the JSON
array pass transcript text and excerpts through this module; ``--show-personal-data`` turns it
off for authorised use.  What counts as personal data here:

- ID numbers (居民身份证号): 18 characters, the last may be X;
- bank card numbers: 13–19 digits, with or without spaces or dashes;
- phone numbers: mobile (1[3-9] and nine more digits) and landlines with an area code (0…, 10–12
  digits), in Arabic digits, full-width digits or Chinese numerals (一三八…, 幺, 两, 洞);
- street addresses: an optional 省/市/区/县 part, a road (路/街/大道/巷/弄/胡同), a number
  with 号 and optional 栋/单元/室/楼.

Matching runs in linear time: digit runs are found by one regex whose repetitions cannot overlap
(a separator must be followed by a digit) and classified in Python by their length; the address
regex has only bounded repetitions.  Nothing here keeps state, so writers in other processes
(a Dask worker) mask the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from trainer.base.vocab import PERSONAL_DATA_KINDS

# The kinds of personal data and how each is shown in place of the data.
ID_NUMBER, CARD_NUMBER, PHONE_NUMBER, ADDRESS = "id_number", "card_number", "phone_number", "address"
KINDS = (ID_NUMBER, CARD_NUMBER, PHONE_NUMBER, ADDRESS)
KIND_NAMES = PERSONAL_DATA_KINDS  # the label shown in place of the data (trainer/base/vocab.py)
PERSONAL_DATA = "个人信息"  # a privacy excerpt in which no kind above is recognised

_DIGIT_VALUE = {**{str(d): str(d) for d in range(10)},
                **{chr(0xFF10 + d): str(d) for d in range(10)},
                "零": "0", "〇": "0", "○": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2",
                "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_D = "[" + "".join(_DIGIT_VALUE) + "]"
_SEP = "[ \u3000\\-－—‐]"
# a run of digits with single separators between them, and an optional check letter at the end
_RUN = re.compile(f"(?<!{_D}){_D}(?:{_SEP}?{_D})*+(?:{_SEP}?[XxＸｘ叉])?")
# a character of a place name: Chinese, but not the small words around an address (住在、您的…)
_HAN = "(?:(?![的了是在住您你他她我们家就去到和与说把被对吗呢吧啊也都还要会看那这系统里])[\u4e00-\u9fff])"
_NUM = "[0-9０-９零〇一二三四五六七八九十百千两]"
_GAP = "[ \u3000]?"
_ADDRESS = (
    f"(?:{_HAN}{{2,7}}(?:省|自治区))?(?:{_HAN}{{1,7}}(?:市|州|盟))?(?:{_HAN}{{1,7}}(?:区|县|旗|镇|乡))?"
    f"{_HAN}{{1,8}}(?:大道|大街|路|街|巷|弄|胡同){_GAP}"
    f"{_NUM}{{1,6}}{_GAP}(?:号院|号|弄)"
    f"(?:{_GAP}{_NUM}{{1,5}}{_GAP}(?:号楼|栋|幢|座|单元|楼|层|室|号|户))*"
    f"(?:{_NUM}{{1,5}})?")
_ROAD = re.compile("路|街|巷|弄|胡同")


@dataclass(frozen=True)
class Span:
    """Personal data at ``text[start:end]``, of one of :data:`KINDS`."""

    start: int
    end: int
    kind: str

    @property
    def shown(self) -> str:
        return f"[{KIND_NAMES[self.kind]}]"


def _classify(run: str) -> str | None:
    digits = "".join(_DIGIT_VALUE.get(ch, "X" if ch in "XxＸｘ叉" else "") for ch in run)
    n = len(digits)
    if digits.endswith("X"):
        return ID_NUMBER if n == 18 and digits[:17].isdigit() else None
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return PHONE_NUMBER
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0":
        return PHONE_NUMBER
    if n == 18 and _looks_like_birth_date(digits[6:14]):
        return ID_NUMBER
    if 13 <= n <= 19:
        return CARD_NUMBER
    return None


def _looks_like_birth_date(ymd: str) -> bool:
    year, month, day = int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


@lru_cache(maxsize=1)
def _address() -> re.Pattern[str]:
    """The address regex, compiled when a text first names a road (compiling it takes 7–14 ms,
    and an audit whose findings name no road, or whose workers write the output, never needs it)."""
    return re.compile(_ADDRESS)


def find(text: str) -> list[Span]:
    """Every piece of personal data in ``text``, in order, not overlapping."""
    found = []
    for m in _RUN.finditer(text):
        kind = _classify(m.group())
        if kind:
            found.append(Span(m.start(), m.end(), kind))
    if _ROAD.search(text):  # the address regex only where a road is named
        for m in _address().finditer(text):
            found.append(Span(m.start(), m.end(), ADDRESS))
    found.sort(key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for span in found:
        if out and span.start < out[-1].end:  # a number inside an address: the address wins
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, span.end), ADDRESS if ADDRESS in (last.kind, span.kind)
                           else last.kind)
        else:
            out.append(span)
    return out


@lru_cache(maxsize=4096)  # a rule's message, an excerpt said again: masked once
def mask(text: str) -> str:
    """``text`` with each piece of personal data replaced by its kind, e.g. 「[电话号码]」."""
    spans = find(text)
    if not spans:
        return text
    parts, pos = [], 0
    for s in spans:
        parts += [text[pos:s.start], s.shown]
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def pieces(text: str, marks: list[tuple[int, int]], show: bool) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, marked)`` for marking findings in context, with personal data
    masked unless ``show``: a masked value becomes one piece, marked when any of it was.
    ``marks`` are sorted, disjoint ``(start, end)`` spans of the original text."""
    hidden = [] if show else find(text)
    if not hidden and _in_order(marks):
        return _marked_pieces(text, marks)
    return _cut_pieces(text, marks, hidden)


def _cut_pieces(text: str, marks: list[tuple[int, int]], hidden: list[Span]) -> list[tuple[str, bool]]:
    """:func:`pieces` in general: a cut at every bound of a mark or of a ``hidden`` span (which
    becomes one piece, its replacement), then the pieces with the same marking joined."""
    cuts: list[tuple[int, int, str | None]] = []  # (start, end, replacement or None)
    bounds = sorted({0, len(text), *(p for m in marks for p in m),
                     *(p for s in hidden for p in (s.start, s.end))})
    cover = {s.start: s for s in hidden}
    i = 0
    while i < len(bounds) - 1:
        start = bounds[i]
        if start in cover:
            span = cover[start]
            cuts.append((start, span.end, span.shown))
            i = bounds.index(span.end, i)
            continue
        cuts.append((start, bounds[i + 1], None))
        i += 1
    out: list[tuple[str, bool]] = []
    for start, end, replacement in cuts:
        marked = any(s < end and start < e for s, e in marks)
        _add_piece(out, text[start:end] if replacement is None else replacement, marked)
    return out


def _add_piece(out: list[tuple[str, bool]], piece: str, marked: bool) -> None:
    """``piece`` after ``out``: joined to the last piece when both are marked or both not; an
    empty piece adds nothing."""
    if out and out[-1][1] == marked:
        out[-1] = (out[-1][0] + piece, marked)
    elif piece:
        out.append((piece, marked))


def _in_order(marks: list[tuple[int, int]]) -> bool:
    """``marks`` sorted and disjoint, none before the text's start (what :func:`pieces` is given)."""
    end = 0
    for s, e in marks:
        if s < end:
            return False
        end = max(s, e)
    return True


def _marked_pieces(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """:func:`pieces` when nothing is masked and ``marks`` are in order (:func:`_in_order`): the
    text between marks unmarked, each mark's text marked, walked once.  The same pieces as the
    general cut: an empty mark (start == end) marks nothing there either (no cut lies inside
    it), and a mark past the text's end cuts only empty pieces."""
    out: list[tuple[str, bool]] = []
    done = 0
    for start, end in marks:
        if start >= end:
            continue
        _add_piece(out, text[done:start], False)
        _add_piece(out, text[start:end], True)
        done = end
    _add_piece(out, text[done:], False)
    return out


def masked_finding(finding: dict[str, Any], show: bool) -> dict[str, Any]:
    """The finding as a report shows it: a privacy finding's excerpt names the kind of data
    (「[身份证号]」), any other excerpt and the message are masked; unchanged when ``show``."""
    if show:
        return finding
    excerpt = finding.get("excerpt")
    out = dict(finding)
    if isinstance(excerpt, str):
        out["excerpt"] = masked_excerpt(excerpt, finding.get("category"))
    if isinstance(finding.get("message"), str):
        out["message"] = mask(finding["message"])
    return out


def masked_excerpt(excerpt: str, category: Any) -> str:
    """A finding's excerpt as :func:`masked_finding` shows it: the kinds of data for a privacy
    finding (「[身份证号]」), else the excerpt masked."""
    if category == "privacy":
        kinds = list(dict.fromkeys(s.shown for s in find(excerpt)))
        return "".join(kinds) or f"[{PERSONAL_DATA}]"
    return mask(excerpt)
