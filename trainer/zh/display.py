"""How Chinese text and money are shown: terminal width, padding, and amounts in 元.

A CJK character takes two columns of a terminal, combining marks and format characters none; every
table, toolbar and aligned list in trainer measures text here.  Amounts are written the way an
agent says them: ``12580元``, ``3200.50元``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def char_width(ch: str) -> int:
    """Terminal columns of one character: 2 for wide and full-width, 0 for marks, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes."""
    return sum(char_width(ch) for ch in text)


def pad(text: str, width: int, minimum: int = 0) -> str:
    """``text`` left-aligned in ``width`` columns, followed by at least ``minimum`` spaces."""
    return text + " " * max(minimum, width - display_width(text))


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with ``…`` when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


ECHO_LIMIT = 80  # characters of the user's own data a message quotes back


def clip(value: Any, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text of at most ``limit`` characters, with ``…`` when cut: for messages that
    quote the user's data back (a 100 KB time zone is not printed whole)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def money(value: Any) -> str:
    """An amount in 元: ``12580元``, ``3200.50元``; anything that is not a number as it is, plus 元."""
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return f"{value}元"
    return f"{int(amount)}元" if amount == int(amount) else f"{amount:.2f}元"


# Control characters that a terminal would act on: C0 (but tab and newline), DEL, C1, and the
# bidirectional overrides that reorder what is shown.
_CONTROL = {**{c: f"\\x{c:02x}" for c in range(0x20) if c not in (0x09, 0x0A)},
            0x7F: "\\x7f", **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)},
            **{c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}}
_CONTROL_ONE_LINE = {**_CONTROL, 0x0A: "\\n", 0x09: "\\t"}


def _any_of(table: dict[int, str]) -> re.Pattern[str]:
    """A search for any character ``table`` escapes (made from the table itself, so the two agree)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")


_HAS_CONTROL, _HAS_CONTROL_ONE_LINE = _any_of(_CONTROL), _any_of(_CONTROL_ONE_LINE)


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` safe for a terminal: every control character shown as an escape (``\\x1b``), never
    sent raw, so data cannot move the cursor, clear the screen or forge what is printed.
    ``one_line`` also shows newlines and tabs (for names, ids and table cells).

    A text holding none of them (the usual case) is returned as it is after one search in C:
    ``str.translate`` would look up every character of a Chinese line in its table."""
    text = str(text)
    if (_HAS_CONTROL_ONE_LINE if one_line else _HAS_CONTROL).search(text) is None:
        return text
    return text.translate(_CONTROL_ONE_LINE if one_line else _CONTROL)
