"""Turning a :class:`~.pack.PackData` into compiled patterns and literal tables.

:class:`~.rulepack.RulePack` calls these once per pack (then the pack is cached on disk):

* :func:`lexicon_terms` — each lexicon's folded terms;
* :func:`evasion_variants` — stutter and homophone spellings of ``evasion`` lexicons' terms;
* :func:`compile_patterns` — every pattern of every rule: its regex, and its anchor literals
  and the rule's allow-list in the literal tables (``entries`` for the rules that apply in
  every call state, ``gated`` for those that only apply in rare ones, see
  :func:`.state.rarely`);
* :func:`state_cues` — the call-state cues (:func:`with_cues`: in one table with the anchors);
* :func:`group_terms` — the terms of word groups (required elements, triggers) by group.

What needs folding and expanding the pack's text (lexicon terms, evasion spellings, each
pattern's anchor literals, each rule's allow-list, the terms of word groups) is kept in a
:class:`Tables`: plain strings, which :mod:`.packcache` keeps on disk as JSON for the next process.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from trainer.zh.text import fold, homophones, is_cjk

from .literals import ALLOW, ANCHOR, CUE, Entry
from .pack import PackData, Rule
from .patterns import Compiled, Lexicons, compile_pattern, expand
from .state import STATE_LEXICONS, STATE_NAMES, rarely

# Characters never substituted when generating homophone spellings (too common to mean evasion).
_HOMOPHONE_STOP = set("不的是了在有我你他她它这那就也都和要会可对吗么呢吧啊一个上下中大小人")

# Evasion spellings of one term at most (stutters grow x2 per character): a longer term is
# matched as written.  The bundled pack's longest term has under 600.
MAX_VARIANTS = 2000


@dataclass
class Pattern:
    rule: int
    compiled: Compiled | None  # None for a raw regex pattern
    raw: re.Pattern[str] | None  # the regex of a raw regex pattern
    low: frozenset[str]  # anchor literals that are homophone spellings

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The pattern's regex (a pattern-language one is compiled on first use)."""
        if self.raw is not None:
            return self.raw
        assert self.compiled is not None
        return self.compiled.regex


@dataclass
class Tables:
    """What compiling a pack derives from its text by folding and expanding it: plain strings
    (no compiled regex, nothing executable), filled as compilation asks for them."""

    lexicons: Lexicons
    variants: dict[str, frozenset[str]]  # evasion term -> its spellings
    low: frozenset[str]  # the spellings that are homophones (low confidence)
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)  # pattern source -> anchor
    unless: dict[str, frozenset[str]] = field(default_factory=dict)  # rule id -> allow-list
    items: dict[str, frozenset[str]] = field(default_factory=dict)  # group item -> folded terms
    # pattern source -> its regex's source, as the start-up cache wrote it out (see packcache.py):
    # writing out the alternations was most of a process's first use of a pattern
    expressions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, data: PackData) -> Tables:
        variants, low = evasion_variants(data)
        return cls(lexicon_terms(data), variants, frozenset(low))

    def pattern(self, source: str) -> Compiled:
        """The compiled pattern (its tokens and regex are made on first use when the anchor is known)."""
        anchor = self.anchors.get(source)
        if anchor is not None:
            compiled = Compiled(source, anchor, self.lexicons, self.variants)
            expression = self.expressions.get(source)
            if expression is not None:  # what the cached property would write out
                compiled.__dict__["expression"] = expression
            return compiled
        compiled = compile_pattern(source, self.lexicons, self.variants)
        self.anchors[source] = compiled.anchor
        return compiled

    def allow(self, rule: Rule, data: PackData) -> frozenset[str]:
        got = self.unless.get(rule.id)
        if got is None:
            got = self.unless[rule.id] = allow_list(rule, data)
        return got

    def terms(self, item: str) -> frozenset[str]:
        """The folded terms of one group item: a lexicon's (``@name``) or the item's spellings."""
        if item.startswith("@"):
            return self.lexicons[item[1:]][0]
        got = self.items.get(item)
        if got is None:
            got = self.items[item] = frozenset(fold(x) for x in expand(item)) - {""}
        return got


class PatternTable(NamedTuple):
    """What :func:`compile_patterns` makes."""

    patterns: list[Pattern]
    raw_by_rule: dict[int, list[int]]  # rule -> its raw-regex patterns
    unless: list[frozenset[str]]  # by rule: its allow-list, folded
    entries: dict[str, list[Entry]]  # literal -> entries, for the rules of every call state
    gated: dict[str, list[Entry]]  # the same for the state-gated rules


def lexicon_terms(data: PackData) -> Lexicons:
    out = {}
    for name, lex in data.lexicons.items():
        terms = set(fold(x) for t in lex["terms"] for x in expand(t)) - {""}
        for other in lex.get("include", ()):
            terms |= {fold(x) for t in data.lexicons[other]["terms"] for x in expand(t)} - {""}
        out[name] = (frozenset(terms), bool(lex.get("weak")))
    return out


def evasion_variants(data: PackData) -> tuple[dict[str, frozenset[str]], set[str]]:
    """Evasion spellings of the terms of ``evasion`` lexicons: stutter and homophones.
    Returns term -> its spellings, and the spellings that are homophones (low confidence)."""
    variants: dict[str, set[str]] = defaultdict(set)
    low: set[str] = set()
    for lex in data.lexicons.values():
        if not lex.get("evasion"):
            continue
        for raw in [t for name in [*lex.get("include", ())] for t in data.lexicons[name]["terms"]] \
                + lex["terms"]:
            for term in {fold(x) for x in expand(raw)}:
                if len(term) < 3 or not all(is_cjk(c) for c in term) or variant_count(term) > MAX_VARIANTS:
                    continue
                variants[term] |= _stutters(term)
                for spelled in _homophone_spellings(term):
                    variants[term].add(spelled)
                    low.add(spelled)
    return {k: frozenset(v) for k, v in variants.items()}, low


def variant_count(term: str) -> int:
    """How many evasion spellings :func:`evasion_variants` would make of ``term`` (at most)."""
    stutters = (1 << (len(term) - 2)) - 1 if len(term) >= 3 else 0
    return stutters + sum(1 for ch in term for h in homophones(ch) if h not in _HOMOPHONE_STOP)


def _stutters(term: str) -> set[str]:
    """``term`` with some of its inner characters doubled (公安局 -> 公安安局)."""
    inner = range(1, len(term) - 1)
    return {"".join(c * (2 if 0 < i < len(term) - 1 and mask >> (i - 1) & 1 else 1) for i, c in enumerate(term))
            for mask in range(1, 1 << len(inner))}


def _homophone_spellings(term: str) -> list[str]:
    return [term[:i] + h + term[i + 1:] for i, ch in enumerate(term) for h in homophones(ch)
            if h not in _HOMOPHONE_STOP]


def allow_list(rule: Rule, data: PackData) -> frozenset[str]:
    """The folded allow-list of ``rule``: its ``unless``, its ``term`` (the approved spelling of
    an altered_term rule) and the ``unless`` of every lexicon its patterns use."""
    unless = {fold(x) for u in rule.unless for x in expand(u)}
    if rule.term:
        unless.add(fold(rule.term))
    for pat in rule.patterns:
        if isinstance(pat, str):
            for tok in pat.split():
                if tok.startswith("@"):
                    lex = data.lexicons[tok[1:]]
                    for name in [tok[1:], *lex.get("include", ())]:
                        unless |= {fold(u) for u in data.lexicons[name].get("unless", ())}
    unless.discard("")
    return frozenset(unless)


def compile_patterns(rules: list[Rule], data: PackData, tables: Tables) -> PatternTable:
    """Every pattern of ``rules`` (see :class:`PatternTable`)."""
    table = PatternTable([], defaultdict(list), [], defaultdict(list), defaultdict(list))
    for ri, rule in enumerate(rules):
        # anchors of rules that only apply in some call states get their own automaton,
        # scanned only on turns where such a state holds
        target = table.gated if rarely(rule) else table.entries
        unless = tables.allow(rule, data)
        table.unless.append(unless)
        for u in unless:
            target[u].append((ALLOW, ri))
        for pat in rule.patterns:
            pi = len(table.patterns)
            if isinstance(pat, dict):
                table.patterns.append(Pattern(ri, None, re.compile(pat["re"]), frozenset()))
                table.raw_by_rule[ri].append(pi)
                continue
            compiled = tables.pattern(pat)
            table.patterns.append(Pattern(ri, compiled, None, frozenset(compiled.anchor & tables.low)))
            entry = (ANCHOR, pi)
            for literal in compiled.anchor:
                target[literal].append(entry)
    return table


def state_cues(lexicons: Lexicons) -> tuple[dict[str, list[Entry]], dict[str, frozenset[str]]]:
    """The call-state cue lexicons' entries (literal -> entries), and state -> its terms."""
    cues: dict[str, list[Entry]] = defaultdict(list)
    state_terms: dict[str, frozenset[str]] = {}
    for lex_name, state in STATE_LEXICONS.items():
        if lex_name in lexicons:
            state_terms[state] = lexicons[lex_name][0]
            for term in lexicons[lex_name][0]:
                cues[term].append((CUE, STATE_NAMES.index(state)))
    return cues, state_terms


def with_cues(entries: dict[str, list[Entry]], cues: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
    """``entries`` and ``cues`` in one table (a literal in both: its entries, then its cues)."""
    out = {k: [*v, *cues.get(k, ())] for k, v in entries.items()}
    for k, v in cues.items():
        if k not in out:
            out[k] = list(v)
    return out


def cues_in_order(entries: dict[str, list[Entry]], cues: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
    """``cues`` in the order of :func:`with_cues`' table (the automaton numbers literals by it)."""
    out = {k: cues[k] for k in entries if k in cues}
    out.update((k, v) for k, v in cues.items() if k not in out)
    return out


def group_terms(groups: list[tuple[str, ...]],
                term_sets: Callable[[tuple[str, ...]], list[frozenset[str]]]) -> dict[str, list[int]]:
    """Term -> the numbers of the groups (in ``groups``) that hold it."""
    terms: dict[str, list[int]] = defaultdict(list)
    for gi, group in enumerate(groups):
        for term in frozenset().union(*term_sets(group)):
            terms[term].append(gi)
    return terms
