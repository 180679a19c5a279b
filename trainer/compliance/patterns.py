"""The small pattern language of rule packs, compiled to literal sets and one regex.

A pattern is a sequence of tokens separated by spaces:

* a literal, optionally with alternatives and optional parts:
  ``公安局``, ``(抓|逮捕)你``, ``司法(调查|稽查)(科|局)``, ``(的)?律师``;
* ``@name`` — any term of the lexicon ``name``;
* ``~N`` — up to N characters of anything (within the clause) before the next token;
* a leading ``^`` marks the token to use as the anchor (see below).

Adjacent tokens without ``~`` must touch.  Literals are folded with
:func:`trainer.zh.text.fold`, exactly like the text they are matched against, so
patterns are written in plain simplified Chinese.

One token of each pattern is its *anchor*: its literals go into the pack's
single Aho–Corasick automaton, and the whole pattern (a regex) is only tried
on the clause around an anchor hit.  The anchor is the token whose shortest
literal is longest, preferring tokens that do not come from a ``weak``
lexicon (pronouns, certainty words).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from trainer.zh.text import fold

MAX_EXPANSION = 5000


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message is user-facing Chinese."""


@dataclass(frozen=True)
class Token:
    literals: frozenset[str]
    weak: bool = False
    gap: int = 0  # characters allowed before this token
    anchor: bool = False  # marked with a leading ^
    optional: bool = False  # written as a whole optional group, ``(已经)?``: may be absent


Lexicons = dict[str, tuple[frozenset[str], bool]]  # name -> (folded terms, weak)


@dataclass(frozen=True)
class Compiled:
    """A compiled pattern: its anchor literals now, its tokens and regex when first asked for."""

    source: str
    anchor: frozenset[str]
    lexicons: Lexicons = field(compare=False, repr=False)
    variants: dict[str, frozenset[str]] | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def parts(self) -> tuple[Token, ...]:
        """The tokens, evasion spellings added (parsed again here when the anchor came from
        the start-up cache, see :mod:`.packcache`)."""
        return _with_variants(tokens(self.source, self.lexicons), self.variants)

    @functools.cached_property
    def expression(self) -> str:
        """The regex's source, built on first use: writing out the homophone alternations
        (tens of thousands of escaped literals) was most of a pack's load time."""
        parts = []
        for i, tok in enumerate(self.parts):
            if i and tok.gap:
                parts.append(f"[^\\n]{{0,{tok.gap}}}?")
            parts.append(_alternation(tok.literals) + ("?" if tok.optional else ""))
        return "".join(parts)

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled regex.  Compiled lazily: the homophone alternations take most of a
        pack's compile time, and most patterns are never tried in a short session."""
        return re.compile(self.expression)


def expand(token: str) -> set[str]:
    """All literal strings a token with ``( | )`` groups and ``?`` stands for."""
    pos = 0

    def parse_alt() -> set[str]:
        nonlocal pos
        options = parse_seq()
        while pos < len(token) and token[pos] == "|":
            pos += 1
            options |= parse_seq()
        return options

    def parse_seq() -> set[str]:
        nonlocal pos
        result = {""}
        while pos < len(token) and token[pos] not in "|)":
            if token[pos] == "(":
                pos += 1
                part = parse_alt()
                if pos >= len(token) or token[pos] != ")":
                    raise PatternError(f"括号不配对：{token}")
                pos += 1
            elif token[pos] in "?*+[]{}\\":
                raise PatternError(f"不支持的符号「{token[pos]}」：{token}（只能用括号、| 和 ?）")
            else:
                part = {token[pos]}
                pos += 1
            if pos < len(token) and token[pos] == "?":
                pos += 1
                part = part | {""}
            result = {a + b for a in result for b in part}
            if len(result) > MAX_EXPANSION:
                raise PatternError(f"展开后的写法太多：{token}")
        return result

    out = parse_alt()
    if pos != len(token):
        raise PatternError(f"括号不配对：{token}")
    return out


def tokens(source: str, lexicons: Lexicons) -> list[Token]:
    """Parse a pattern into tokens; ``lexicons`` maps name -> (folded terms, weak)."""
    out: list[Token] = []
    gap = 0
    for raw in source.split():
        if raw.startswith("~"):
            try:
                gap = int(raw[1:])
            except ValueError:
                raise PatternError(f"间隔要写成 ~数字，如 ~6：{raw}") from None
            if not 0 <= gap <= 40:
                raise PatternError(f"间隔 {raw} 超出范围（0–40 个字）")
            continue
        marked = raw.startswith("^") and len(raw) > 1
        if marked:
            raw = raw[1:]
        if raw.startswith("@"):
            name = raw[1:]
            if name not in lexicons:
                raise LookupError(name)
            terms, weak = lexicons[name]
            out.append(Token(terms, weak, gap, marked))
        else:
            expanded = frozenset(fold(x) for x in expand(raw))
            literals = expanded - {""}
            if not literals:
                raise PatternError(f"写法展开后是空的：{raw}")
            out.append(Token(literals, False, gap, marked, optional="" in expanded))
        gap = 0
    if not out:
        raise PatternError("模式是空的")
    return out


@functools.lru_cache(maxsize=256)
def _alternation(literals: frozenset[str]) -> str:
    """One group matching any of ``literals``, written as a trie whose characters with the same
    continuations share a class (中[丌乩亟…]法院, 公安?局).  It matches what the flat alternation
    sorted longest-first would, with the same preference: two literals can both match at one
    place only when one is a prefix of the other, and the trie tries the longer first.  The
    homophone and stutter spellings (thousands per lexicon) then compile several times faster;
    compiling them was most of an audit worker's start-up."""
    trie: dict = {}
    for literal in literals:
        node = trie
        for ch in literal:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + "|".join(text for text, _atom in _Trie().branches(trie)) + ")"


class _Trie:
    """Writes a trie as regex alternatives; equal subtrees get the same number (their key)."""

    def __init__(self) -> None:
        self.keys: dict[int, int] = {}  # id(node) -> its subtree's number
        self.numbers: dict[tuple, int] = {}  # a subtree's shape -> its number

    def key(self, node: dict) -> int:
        found = self.keys.get(id(node))
        if found is None:
            shape = tuple(sorted((ch, self.key(child)) for ch, child in node.items()))
            found = self.keys[id(node)] = self.numbers.setdefault(shape, len(self.numbers))
        return found

    def branches(self, node: dict) -> list[tuple[str, bool]]:
        """The alternatives after a trie node (whether the node itself ends a literal is the
        caller's concern), one per group of characters followed by the same continuations;
        each with whether it is a single atom (one character or one class)."""
        groups: dict[int, list[str]] = {}
        children: dict[int, dict] = {}
        for ch, child in node.items():
            if ch:
                k = self.key(child)
                groups.setdefault(k, []).append(ch)
                children[k] = child
        out = []
        for k in sorted(groups, key=lambda k: min(groups[k])):
            chars = sorted(groups[k])
            head = re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(re.escape(c) for c in chars) + "]"
            tail = self.after(children[k])
            out.append((head + tail, not tail))
        return out

    def after(self, child: dict) -> str:
        """What may follow a character whose node is ``child``: nothing, one continuation, or a
        group; greedy-optional when a literal also ends there (the longer literal first)."""
        if list(child) == [""]:
            return ""
        inner = self.branches(child)
        if "" not in child:
            return inner[0][0] if len(inner) == 1 else "(?:" + "|".join(t for t, _a in inner) + ")"
        if len(inner) == 1 and inner[0][1]:
            return inner[0][0] + "?"
        return "(?:" + "|".join(t for t, _a in inner) + ")?"


def compile_pattern(source: str, lexicons: Lexicons,
                    variants: dict[str, frozenset[str]] | None = None) -> Compiled:
    """Compile a pattern; ``variants`` adds evasion spellings of lexicon terms (term -> variants)."""
    toks = _with_variants(tokens(source, lexicons), variants)
    # an optional token may be absent, so it cannot be what every match is found by
    anchor = max(toks, key=lambda t: (not t.optional, t.anchor, not t.weak, min(len(x) for x in t.literals),
                                      -len(t.literals)))
    compiled = Compiled(source, anchor.literals, lexicons, variants)
    compiled.__dict__["parts"] = toks  # the cached_property's slot: parsed once
    return compiled


def _with_variants(toks: list[Token], variants: dict[str, frozenset[str]] | None) -> tuple[Token, ...]:
    if not variants:
        return tuple(toks)
    return tuple(Token(t.literals | frozenset(v for lit in t.literals for v in variants.get(lit, ())),
                       t.weak, t.gap, t.anchor, t.optional) for t in toks)
