"""Plain text helpers of the console: display width (CJK takes two columns), cutting,
padding, fragments to plain text, money, colour, and cleaning what was typed or pasted."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

Frag = tuple[str, str]
Lines = list[list[Frag]]


def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with ``…`` when cut."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out += ch
        used += w
    return out + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def plain(line: Sequence[Frag], marks: bool = True) -> str:
    """A line of fragments as plain text; ``marks`` brackets what colour would have shown."""
    out = []
    for style, text in line:
        if marks and "offending" in style:
            text = f"【{text}】"
        out.append(text)
    return "".join(out)


def money(value: Any) -> str:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(amount)}元" if amount == int(amount) else f"{amount:.2f}元"


def colour_wanted(stream: TextIO | None = None) -> bool:
    """Colour unless ``NO_COLOR`` is set (https://no-color.org) or the stream is not a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _join_pasted(text: str) -> str:
    """A pasted multi-line text as one line (CJK lines join without a space)."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def _characters(text: str) -> str:
    """``text`` with the bytes that were no UTF-8 (kept by Python as lone surrogates) shown as
    U+FFFD: they cannot be stored, printed or scanned as they are."""
    return _NOT_CHARACTERS.sub("\ufffd", text) if _NOT_CHARACTERS.search(text) else text


_NOT_CHARACTERS = re.compile("[\ud800-\udfff]")
