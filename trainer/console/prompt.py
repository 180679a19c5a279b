"""The prompt_toolkit screen: history, editing, multi-line paste, Tab completion of the
script's recommended lines, a bottom toolbar.  The only module that imports prompt_toolkit,
and only when a :class:`PromptScreen` is made, so importing it costs nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from trainer.console.text import Frag, Lines, _characters, _join_pasted, colour_wanted, plain, truncate
from trainer.console.views import STYLE_RULES
from trainer.zh.display import visible


class PromptScreen:
    """The prompt_toolkit screen: real terminal, or pipe input in tests."""

    interactive = True

    def __init__(self, *, completion: bool = True, colour: bool | None = None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.shortcuts import print_formatted_text
        from prompt_toolkit.styles import Style

        self._ft = FormattedText
        self._print = print_formatted_text
        self.style = Style.from_dict(STYLE_RULES)
        self.colour = colour_wanted() if colour is None else colour
        self.shown: list[str] = []
        self.status: Callable[[], list[Frag]] = list
        self._suggest: Callable[[], list[str]] | None = None
        self.history = InMemoryHistory()

        bindings = KeyBindings()

        @bindings.add("tab")
        def _complete(event: Any) -> None:
            buf = event.current_buffer
            if buf.complete_state:
                buf.complete_next()
            elif self._suggest is not None:
                buf.start_completion(select_first=True)

        @bindings.add("s-tab")
        def _complete_back(event: Any) -> None:
            if event.current_buffer.complete_state:
                event.current_buffer.complete_previous()

        # an escape sequence the terminal library does not know arrives as Escape and plain keys:
        # its start and end are kept in the line (shown as ^[ and ^G), so that the whole sequence
        # is left out when the line is sent (_spoken), not its tail said as words
        for key, text in ((("escape", "["), "\x1b["), (("escape", "]"), "\x1b]"), (("c-g",), "\x07")):
            bindings.add(*key)(lambda event, text=text: event.current_buffer.insert_text(text))
        _ignore_stray_sequences(bindings)
        self.line_session: Any = PromptSession(
            history=self.history, completer=_LineCompleter(self) if completion else None,
            complete_while_typing=False, key_bindings=bindings, bottom_toolbar=self._toolbar,
            refresh_interval=1.0, style=self.style, erase_when_done=True,
            prompt_continuation=lambda width, line_number, soft_wrap: "" if soft_wrap else "." * (width - 1) + " ",
            reserve_space_for_menu=4)
        self.menu_session: Any = PromptSession(style=self.style,
                                               key_bindings=_ignore_stray_sequences(KeyBindings()))
        self.after_first_render: Callable[[], None] | None = None

    def columns(self) -> int:
        from prompt_toolkit.application.current import get_app_session

        try:
            return int(get_app_session().output.get_size().columns) or 80
        except Exception:  # noqa: BLE001 - an output that cannot tell its size
            return 80

    def _toolbar(self) -> Any:
        return self._ft(self.status())

    def set_suggestions(self, source: Callable[[], list[str]] | None) -> None:
        self._suggest = source

    def suggestions(self) -> list[str]:
        return self._suggest() if self._suggest is not None else []

    def show(self, lines: Lines) -> None:
        for line in lines:
            self.shown.append(plain(line))
            # what the data says (a pasted line, a debtor's line) never sends a control sequence
            frags = [(style, visible(text, one_line=True)) for style, text in line]
            if not self.colour:
                frags = [(style, f"【{text}】" if "offending" in style else text) for style, text in frags]
            self._print(self._ft(frags), style=self.style)

    def _hook(self, session: Any) -> Callable[[], None] | None:
        callback = self.after_first_render
        if callback is None:
            return None
        self.after_first_render = None
        app = session.app

        def once(_: Any) -> None:
            app.after_render -= once
            callback()

        app.after_render += once
        return None

    def ask(self, prompt: str, *, choices: Sequence[str] = (), default: str = "") -> str:
        from prompt_toolkit.completion import WordCompleter

        self._hook(self.menu_session)
        completer = WordCompleter(list(choices), sentence=True) if choices else None
        return _characters(str(self.menu_session.prompt([("class:prompt", prompt)], completer=completer,
                                                        default=default)))

    def key(self, prompt: str, keys: Sequence[str]) -> str:
        """One key press out of ``keys`` (no Enter needed; other keys are ignored).  Ctrl-C raises
        KeyboardInterrupt, Ctrl-D EOFError, as at the other prompts."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.key_binding import KeyBindings

        bindings = KeyBindings()  # a session of its own: a prompt's bindings stay with its session
        for name in keys:
            bindings.add(name)(lambda event, name=name: event.app.exit(result=name))
        bindings.add("<any>")(lambda event: None)
        _ignore_stray_sequences(bindings)
        bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt()))
        bindings.add("c-d")(lambda event: event.app.exit(exception=EOFError()))
        session: Any = PromptSession(style=self.style, key_bindings=bindings)
        self._hook(session)
        return str(session.prompt([("class:prompt", prompt)]))

    def ask_line(self, prompt: str) -> str:
        """The trainee's next line, as it will be said and recorded: a pasted terminal control
        sequence (colour, title, cursor) is no speech and is left out, like any control character."""
        self._hook(self.line_session)
        default = ""
        for attempt in range(3):
            try:
                text = self.line_session.prompt([("class:agent.label", prompt)], default=default)
                break
            except KeyboardInterrupt:
                typed = self.line_session.default_buffer.text
                if typed.strip():
                    self.history.append_string(typed)  # a line typed but not sent is not lost
                raise
            except (EOFError, SystemExit):
                raise
            except Exception:  # noqa: BLE001 - the input library failed on odd input: keep the call
                if attempt == 2:
                    raise EOFError from None  # the loop ends the call as incomplete, turns kept
                default = _spoken(str(self.line_session.default_buffer.text))
                self.show([[("class:warn", "—— 终端输入有无法识别的内容，已忽略；这一行还没有发出，请检查后按回车 ——")]])
        text = _spoken(_characters(str(text)))
        return _join_pasted(text) if "\n" in text else text


def _ignore_stray_sequences(bindings: Any) -> Any:
    """Mouse reports are never asked for, so an escape sequence that looks like one (a pasted
    colour code such as ``ESC[31m``) is ignored, where prompt_toolkit's handler would fail on it."""
    from prompt_toolkit.keys import Keys

    bindings.add(Keys.Vt100MouseEvent, eager=True)(lambda event: None)
    return bindings


# a terminal control sequence (CSI, OSC, DCS/SOS/PM/APC strings, two-character ESC), then any
# single control character left (C0 but newline and tab, DEL, C1)
_SEQUENCES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                        r"|\x1b[ -~]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _spoken(text: str) -> str:
    """``text`` without terminal control sequences and control characters (a TAB is a space)."""
    return _SEQUENCES.sub("", text.replace("\t", " ")) if _SEQUENCES.search(text) or "\t" in text else text


def _LineCompleter(screen: PromptScreen) -> Any:  # noqa: N802 - a class built on demand
    """Completes the current stage's recommended lines (prefix first, then containing)."""
    from prompt_toolkit.completion import Completer, Completion

    class LineCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            typed = document.text_before_cursor.strip()
            lines = screen.suggestions()
            first = [s for s in lines if s.startswith(typed)]
            then = [s for s in lines if typed and typed in s and s not in first]
            for n, text in enumerate(first + then):
                yield Completion(text, start_position=-len(document.text_before_cursor),
                                 display=truncate(text, max(20, screen.columns() - 8)),
                                 display_meta="推荐" if n == 0 else None)

    return LineCompleter()
