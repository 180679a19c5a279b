"""The practice console: a call at the prompt (``trainer practice``) and the recite prompt.

Layer 7.  Importing any of it costs nothing but the standard library: prompt_toolkit is
imported by :mod:`~trainer.console.prompt` alone, and only when a prompt screen is made,
so the plain fallback and ``trainer --help`` never pay for the terminal toolkit.

* :mod:`~trainer.console.text` — display width, cutting, plain text, colour;
* :mod:`~trainer.console.views` — what is drawn: case card, turns, warnings, moods,
  scorecard, recital (lines of ``(style, text)`` fragments);
* :mod:`~trainer.console.commands` — the slash commands, each beside its handler;
* :mod:`~trainer.console.plain` — :class:`PlainScreen`, the non-tty fallback;
* :mod:`~trainer.console.prompt` — :class:`PromptScreen`, the prompt_toolkit screen
  and its key bindings;
* :mod:`~trainer.console.loop` — :class:`CallLoop`, one call on a screen;
* :mod:`~trainer.console.app` — the entry points: :func:`practice`, the recite prompt.
"""

from trainer.console.app import (
    ask_recital,
    available_cards,
    make_screen,
    offer_save,
    pick_scenario,
    practice,
    save_files,
)
from trainer.console.commands import COMMANDS, help_lines
from trainer.console.loop import EXAM_SEED, CallLoop, Loader
from trainer.console.plain import PlainScreen
from trainer.console.prompt import PromptScreen
from trainer.console.text import colour_wanted, display_width, pad, plain, truncate
from trainer.console.views import (
    Card,
    agent_line,
    case_card,
    mood_lines,
    mood_summary,
    peek_card,
    persona_hint,
    recital_card,
    recital_lines,
    scenario_menu,
    scorecard_lines,
    turn_line,
)

__all__ = [
    "COMMANDS", "EXAM_SEED", "CallLoop", "Card", "Loader", "PlainScreen", "PromptScreen", "agent_line",
    "ask_recital", "available_cards", "case_card", "colour_wanted", "display_width", "help_lines",
    "make_screen", "mood_lines", "mood_summary", "offer_save", "pad", "peek_card", "persona_hint",
    "pick_scenario", "plain", "practice", "recital_card", "recital_lines", "save_files", "scenario_menu",
    "scorecard_lines", "truncate", "turn_line",
]
