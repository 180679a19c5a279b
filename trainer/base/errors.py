"""Located problems and the exceptions that carry them.

Every message a user sees about a bad file names where the problem is:
``path:line:col: CODE message``.  Lines and columns are 1-based.  A
:class:`Problem` is plain data; :class:`InputError` carries one or more of them
when input is unusable, and the CLI turns it into that output and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """Where something is: a file (or transcript id) and a 1-based line and column.

    ``line`` and ``col`` are 0 when unknown (the whole file).
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One problem in one place, with a stable code and an optional fix hint."""

    location: Location
    code: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.code} {self.message}"
        if self.hint:
            text += f"（提示：{self.hint}）"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.col, self.code)


class TrainerError(Exception):
    """Base class of every error trainer raises on purpose (never a bug)."""


class InputError(TrainerError):
    """Input that cannot be used at all; carries the located problems."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(TrainerError):
    """A command was called wrongly (unknown scenario, missing file…)."""
