"""Cheap necessary conditions tried before a pattern's regex (the *literal gate*).

A pattern-language regex is its tokens' alternations in sequence (``~N`` gaps between them),
so any match holds one literal of every token that is not optional.  An anchor hit says
only that the anchor's literal is there; the others are often absent (「您」 is said in
most turns, 「您 … 先 … 垫 … 一部分」 almost never).  Before the regex is searched, the
gate asks, with plain substring tests, whether each of a few other required tokens has a
literal in the text; when one has none, the regex cannot match and is not run.  The answer
is the regex's own whenever the gate lets the text through, so findings do not change.

Tokens are chosen when the pattern's regex is first needed: the required ones other than
the anchor with at most :data:`MAX_LITERALS` literals (each costs one ``in`` test), the
ones with the longest literals first (longer words are rarer), at most :data:`MAX_TOKENS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .patterns import Compiled

MAX_LITERALS = 12  # literals of a token worth testing one by one
MAX_TOKENS = 3  # tokens tested per pattern

Search = Callable[..., Any]


def gate_tokens(compiled: Compiled) -> tuple[tuple[str, ...], ...]:
    """The literal sets to test before ``compiled``'s regex: every one must have a literal
    in the text for the regex to match it."""
    chosen = []
    for tok in compiled.parts:
        if tok.optional or tok.literals == compiled.anchor or len(tok.literals) > MAX_LITERALS:
            continue
        # substring tests: a literal holding another is redundant (「还款」 holds 「还」)
        lits = sorted(tok.literals, key=lambda x: (len(x), x))
        kept: list[str] = []
        for lit in lits:
            if not any(k in lit for k in kept):
                kept.append(lit)
        chosen.append(tuple(kept))
    chosen.sort(key=lambda lits: (-min(map(len, lits)), len(lits)))
    return tuple(chosen[:MAX_TOKENS])


def gated_search(search: Search, gates: tuple[tuple[str, ...], ...]) -> Search:
    """``search`` behind the gates: None at once when a gate's literals are all absent."""
    if not gates:
        return search
    if len(gates) == 1:
        (only,) = gates
        if len(only) == 1:
            (lit,) = only

            def one(text: str, *args: Any) -> Any:
                return search(text, *args) if lit in text else None
            return one

        def single(text: str, *args: Any) -> Any:
            for lit in only:
                if lit in text:
                    return search(text, *args)
            return None
        return single

    def gated(text: str, *args: Any) -> Any:
        for lits in gates:
            for lit in lits:
                if lit in text:
                    break
            else:
                return None
        return search(text, *args)
    return gated
