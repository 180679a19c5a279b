"""Literal scanning: every anchor, allow-list entry and cue of a pack found in one pass.

This is the only module that imports ``ahocorasick_rs`` (tests/project/test_layers.py).  A literal
carries *entries*: ``(kind, ref)`` pairs saying what finding it means.  The kinds are the
constants below (one character each, because millions of them are compared per audit):

* :data:`ANCHOR` — ``ref`` is a pattern number: the literal is one of its anchors;
* :data:`ALLOW`  — ``ref`` is a rule number: the literal is in that rule's allow-list;
* :data:`CUE`    — ``ref`` is a call-state number (:data:`.state.STATE_NAMES`).

A literal may also belong to *groups* (required elements, triggers): their numbers are kept
beside the entries, so one scan answers both questions.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Any

import ahocorasick_rs

ANCHOR, ALLOW, CUE = "A", "X", "C"

Entry = tuple[str, int]  # (kind, ref): see the module docstring
Hit = tuple[int, int, tuple[Entry, ...]]  # start, end, the literal's entries


class Literals:
    """Literals, each with its entries, all found in one pass over a text.

    Every occurrence counts, overlapping ones included (「公安局」 holds 「公安」), in the
    order of where they end, the longest first among those ending at the same place.
    The automaton is ahocorasick_rs's (the Rust ``aho-corasick`` crate), built on the first
    search; it does not pickle, so a pickled ``Literals`` keeps only its literals and builds it
    again when next searched (milliseconds).
    """

    __slots__ = ("words", "entries", "groups", "plain", "_automaton")

    def __init__(self, entries: dict[str, list[Entry]], groups: dict[str, list[int]] | None = None) -> None:
        groups = groups or {}
        self.words = list({**entries, **groups})
        self.entries = [tuple(entries.get(word, ())) for word in self.words]
        self.groups = [tuple(groups.get(word, ())) for word in self.words]  # group numbers
        self.plain = all(self.entries) and not any(self.groups)  # every literal: entries, no group
        self._automaton: Any = None  # built on first use (a pack has automata a practice call never needs)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.words, self.entries, self.groups

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.words, self.entries, self.groups = state
        self.plain = all(self.entries) and not any(self.groups)
        self._automaton = None

    def _built(self) -> Any:
        if self._automaton is None:
            self._automaton = ahocorasick_rs.AhoCorasick(self.words)
        return self._automaton

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Every occurrence: (literal number, start, end)."""
        return (self._automaton or self._built()).find_matches_as_indexes(text, overlapping=True)

    def hits(self, text: str) -> list[Hit]:
        """Every occurrence: (start, end, the literal's entries)."""
        entries = self.entries
        return [(start, end, entries[k]) for k, start, end in (self._automaton or self._built())
                .find_matches_as_indexes(text, overlapping=True)]

    def found_in(self, text: str) -> bool:
        return bool((self._automaton or self._built()).find_matches_as_indexes(text))


def occurrences(words: list[str]) -> Callable[[str], list[tuple[int, int, int]]]:
    """A search for the (non-empty) ``words``: every occurrence in a text, overlapping ones included,
    as (word number, start, end).  For lists of words without entries (the model's n-grams)."""
    find = ahocorasick_rs.AhoCorasick(words).find_matches_as_indexes
    return functools.partial(find, overlapping=True)


def build_literals(entries: dict[str, list[Entry]], groups: dict[str, list[int]] | None = None) -> Literals | None:
    """The automaton of ``entries`` and ``groups``, or None when both are empty."""
    return Literals(entries, groups) if entries or groups else None


def has_anchor(hits: list[Hit]) -> bool:
    for _s, _e, items in hits:
        for kind, _ref in items:
            if kind == ANCHOR:
                return True
    return False


def join_turns(pieces: list[str]) -> tuple[str, list[int]]:
    """``pieces`` joined by newlines, and where each starts."""
    starts = list(accumulate([len(piece) + 1 for piece in pieces], initial=0))
    starts.pop()
    return "\n".join(pieces), starts


def collect_hits(literals: Literals | None, joined: str, starts: list[int], which: list[int],
                 hits: dict[int, list[Hit]], groups: list[set[int]] | None = None) -> None:
    """The literals' hits in turns joined by newlines (turn ``which[k]`` starts at
    ``starts[k]``), added to ``hits`` by turn, in turn coordinates; the turns in which each
    group's terms are said, added to ``groups``."""
    if literals is None:
        return
    # hits come in order of their end: walk along the turns (by where a hit starts)
    k = 0
    last = len(starts) - 1
    base = 0
    nxt = starts[1] if last else len(joined) + 1
    got: list[Hit] | None = None
    entries, in_groups = literals.entries, literals.groups
    if groups is None and literals.plain:
        _collect_plain(literals, joined, starts, which, hits)
        return
    for literal, start, end in literals.find(joined):
        if start >= nxt or start < base:
            k = bisect_right(starts, start) - 1
            base = starts[k]
            nxt = starts[k + 1] if k < last else len(joined) + 1
            got = None
        items = entries[literal]
        if items:
            if got is None:
                got = hits.get(which[k])
                if got is None:
                    got = hits[which[k]] = []
            got.append((start - base, end - base, items))
        if in_groups[literal]:
            assert groups is not None
            for gi in in_groups[literal]:
                groups[gi].add(which[k])


def _collect_plain(literals: Literals, joined: str, starts: list[int], which: list[int],
                   hits: dict[int, list[Hit]]) -> None:
    """:func:`collect_hits` for literals that all have entries and no groups (the agent's
    anchors): the same hits, with fewer tests per hit."""
    ends = [*starts[1:], len(joined) + 1]
    entries = literals.entries
    k, base, nxt = -1, 0, -1
    got: list[Hit] = []
    for literal, start, end in literals.find(joined):
        if start >= nxt or start < base:
            k = bisect_right(starts, start) - 1
            base, nxt = starts[k], ends[k]
            got = hits.get(which[k]) or hits.setdefault(which[k], [])
        got.append((start - base, end - base, entries[literal]))


def spans_within(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """The (sorted) anchor spans inside ``lo:hi``, found by bisection."""
    out = []
    for k in range(bisect_left(starts, lo), bisect_right(starts, hi)):
        s, e = spans[k]
        if e <= hi:
            out.append((s, e))
    return out
