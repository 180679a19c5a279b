"""Plain text helpers of the console: display width (CJK takes two columns), cutting,
padding, fragments to plain text, money, colour, and cleaning what was typed or pasted."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from trainer.zh.display import display_width, money, pad, truncate  # noqa: F401  (the console's text helpers)

Frag = tuple[str, str]
Lines = list[list[Frag]]








def plain(line: Sequence[Frag], marks: bool = True) -> str:
    """A line of fragments as plain text; ``marks`` brackets what colour would have shown."""
    out = []
    for style, text in line:
        if marks and "offending" in style:
            text = f"【{text}】"
        out.append(text)
    return "".join(out)




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
