"""The plain screen: line reading and printing for pipes, files and dumb terminals
(stdin or stdout not a terminal).  Standard library only."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from trainer.console.text import Frag, Lines, _characters, plain
from trainer.zh.display import visible


class PlainScreen:
    """Plain line reading and printing, for pipes, files and dumb terminals."""

    interactive = False

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 echo_prompts: bool | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        if echo_prompts is None:
            echo_prompts = bool(getattr(self.stdin, "isatty", lambda: False)())
        self.echo_prompts = echo_prompts
        self.shown: list[str] = []
        self.status: Callable[[], list[Frag]] = list

    def columns(self) -> int:
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

    def show(self, lines: Lines) -> None:
        for line in lines:
            # a line is one line: what the data says (a debtor's line, a name) cannot send a
            # control sequence to the terminal nor start a line of its own
            text = visible(plain(line), one_line=True)
            self.shown.append(text)
            self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str, *, choices: Sequence[str] = (), default: str = "") -> str:
        if self.echo_prompts:
            self.stdout.write(visible(prompt))
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return _characters(line.rstrip("\r\n")) or default

    def ask_line(self, prompt: str) -> str:
        return self.ask(prompt)

    def set_suggestions(self, source: Callable[[], list[str]] | None) -> None:
        """Plain input has no completion."""
