"""The prompt_toolkit screen: history, editing, multi-line paste, Tab completion of the
script's recommended lines, a bottom toolbar.  The only module that imports prompt_toolkit,
and only when a :class:`PromptScreen` is made, so importing it costs nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from trainer.console.text import Frag, Lines, _characters, _join_pasted, colour_wanted, plain, truncate
from trainer.console.views import STYLE_RULES


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

        self.line_session: Any = PromptSession(
            history=self.history, completer=_LineCompleter(self) if completion else None,
            complete_while_typing=False, key_bindings=bindings, bottom_toolbar=self._toolbar,
            refresh_interval=1.0, style=self.style, erase_when_done=True,
            prompt_continuation=lambda width, line_number, soft_wrap: "" if soft_wrap else "." * (width - 1) + " ",
            reserve_space_for_menu=4)
        self.menu_session: Any = PromptSession(style=self.style)
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
            frags = list(line)
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
        bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt()))
        bindings.add("c-d")(lambda event: event.app.exit(exception=EOFError()))
        session: Any = PromptSession(style=self.style, key_bindings=bindings)
        self._hook(session)
        return str(session.prompt([("class:prompt", prompt)]))

    def ask_line(self, prompt: str) -> str:
        self._hook(self.line_session)
        try:
            text = self.line_session.prompt([("class:agent.label", prompt)])
        except KeyboardInterrupt:
            typed = self.line_session.default_buffer.text
            if typed.strip():
                self.history.append_string(typed)  # a line typed but not sent is not lost
            raise
        text = _characters(str(text))
        return _join_pasted(text) if "\n" in text else text


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
