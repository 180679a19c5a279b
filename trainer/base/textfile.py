"""Bounded reading of a small text file (or ``-`` for standard input) in UTF-8 or GB18030.

Trainee lines (``trainer play --input``) and recitals (``trainer recite --input``) are read here:
at most ``limit`` bytes, UTF-8 with or without BOM, else GB18030.  Each caller names its own
problem codes and messages, so users see what the file was for.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from trainer.base.errors import InputError, Location, Problem, UsageError

STDIN_NAME = "<stdin>"
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class TextFileKind:
    """How problems with one kind of text file are reported.

    ``unreadable`` is the start of the message for a file that cannot be opened (``{path}`` is
    filled in); ``too_large`` and ``not_text`` are ``(code, message)``; ``not_text_at_start``
    locates the encoding problem at line 1, column 1; ``bound_stdin`` applies ``limit`` to
    standard input too."""

    limit: int
    unreadable: str
    too_large: tuple[str, str]
    not_text: tuple[str, str]
    not_text_at_start: bool = False
    bound_stdin: bool = True


def read_text(source: str, kind: TextFileKind) -> str:
    """The decoded text of ``source`` (a path, or ``-`` for standard input).

    Raises :class:`UsageError` for a file that cannot be opened and :class:`InputError` for one
    that is too large or neither UTF-8 nor GB18030."""
    raw, name = _read_bytes(source, kind)
    if len(raw) > kind.limit and (source != "-" or kind.bound_stdin):
        raise InputError(Problem(Location(name), *kind.too_large))
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    where = Location(name, 1, 1) if kind.not_text_at_start else Location(name)
    raise InputError(Problem(where, *kind.not_text))


def _read_bytes(source: str, kind: TextFileKind) -> tuple[bytes, str]:
    if source == "-":
        stdin = sys.stdin.buffer
        return (stdin.read(kind.limit + 1) if kind.bound_stdin else stdin.read()), STDIN_NAME
    try:
        with open(source, "rb") as fh:
            return fh.read(kind.limit + 1), source
    except OSError as exc:
        raise UsageError(kind.unreadable.format(path=source) + f"：{exc.strerror or exc}") from None
