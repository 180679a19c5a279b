"""Raw regexes (``{re: '…'}`` patterns): which may run over turns joined by newlines, and
the cheap gates that spare running them where they cannot match.

A :class:`RawGroup` is the raw regexes that run together (those of the rules that apply in
every call state, or those of the state-gated rules), the joinable ones first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

RawHit = tuple[int, int, int]  # pattern, start, end


@dataclass
class RawGroup:
    """Raw regexes that run together (the plain or the state-gated rules' ones)."""

    patterns: list[int]  # the joinable ones first, then those joinable in another form
    joinable: int  # how many can run over turns joined by newlines (see newline_free)
    gate: re.Pattern[str] | None  # no match of it: none of theirs either (but the ungated ones')
    # one gate for the regexes whose gates only take ASCII characters (card, ID and phone
    # numbers: runs of digits), and those regexes: one scan spares them all in most texts
    ascii_gate: re.Pattern[str] | None = None
    ascii: frozenset[int] = frozenset()
    # regexes without a gate of their own (a negated class: 「4月30号之前，两千」 across any
    # characters) run whatever the group gate says, so they do not take the gate from the rest
    ungated: frozenset[int] = frozenset()
    # the patterns right after the joinable ones that can run over joined turns too, as long as
    # no turn holds a newline, in another form (see joined_form): pattern -> that regex
    joined_forms: dict[int, re.Pattern[str]] = field(default_factory=dict)
    # pattern -> strings one of which each of its matches holds (needed_literals): tested with
    # ``in`` before its run gate, they spare the address regex, tried at every digit otherwise
    needs: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.patterns)


def raw_group(patterns: list[int], regexes: list[re.Pattern[str]],
              gates: dict[int, re.Pattern[str]]) -> RawGroup:
    """Raw regexes run together: those that can run over turns joined by newlines first, then
    those that can in another form (:func:`joined_form`), and one gate for all of them (the
    union of their classes, the shortest width)."""
    joinable = [pi for pi in patterns if newline_free(regexes[pi])]
    rest = [pi for pi in patterns if pi not in joinable]
    other_form: dict[int, re.Pattern[str]] = {}
    for pi in rest:  # the first of the rest only: each turn's matches stay in the same order
        form = joined_form(regexes[pi])
        if form is None:
            break
        other_form[pi] = form
    rest = rest[len(other_form):]
    ascii = [pi for pi in patterns if pi in gates and gates[pi].pattern.isascii()]
    ascii_gate = group_gate(ascii, gates) if len(ascii) > 1 else None
    gated = [pi for pi in patterns if pi in gates]
    needs = {pi: needed for pi in patterns if (needed := needed_literals(regexes[pi])) is not None}
    return RawGroup(joinable + list(other_form) + rest, len(joinable),
                    group_gate(gated, gates) if gated else None,
                    ascii_gate, frozenset(ascii) if ascii_gate is not None else frozenset(),
                    frozenset(pi for pi in patterns if pi not in gates) if gated else frozenset(), other_form,
                    needs)


def lacks(text: str, needed: tuple[str, ...] | None) -> bool:
    """True when ``text`` holds none of the strings ``needed`` (:func:`needed_literals`)."""
    return needed is not None and not any(map(text.__contains__, needed))


def group_gate(patterns: list[int], gates: dict[int, re.Pattern[str]]) -> re.Pattern[str] | None:
    """A gate no text passes unless it passes one of the ``patterns``' gates."""
    if not patterns or not all(pi in gates for pi in patterns):
        return None
    classes, widths = set(), []
    for pi in patterns:
        m = re.fullmatch(r"\[(.*)\]\{(\d+),\}", gates[pi].pattern, re.S)
        if m is None:
            return None
        classes.add(m.group(1))
        widths.append(int(m.group(2)))
    return re.compile(f"[{''.join(sorted(classes))}]{{{min(widths)},}}")


def scan_raw(folded: str, group: RawGroup, regexes: list[re.Pattern[str]],
             gates: dict[int, re.Pattern[str]], joined: bool = False, clean: bool = False) -> list[RawHit]:
    """Matches of a group's raw regexes in one turn: (pattern index, start, end).
    ``joined``: ``folded`` is turns joined by newlines; only the joinable regexes run, and
    when ``clean`` (no turn holds a newline) also those joinable in another form."""
    out: list[RawHit] = []
    only: frozenset[int] | None = None  # when the group gate fails: the ungated regexes alone
    if group.gate is not None and group.gate.search(folded) is None:
        if not group.ungated:
            return out
        only = group.ungated
    # rules sharing a regex object: run once (by its id: a compiled pattern's hash reads its whole
    # code, up to a microsecond each time; two equal regexes that are not one object just run twice)
    done: dict[int, list[tuple[int, int]]] = {}
    skip = group.ascii if group.ascii_gate is not None and group.ascii_gate.search(folded) is None else ()
    forms = group.joined_forms if joined and clean else None
    for pi in group.patterns[:group.joinable + len(forms)] if forms is not None else \
            group.patterns[:group.joinable] if joined else group.patterns:
        regex = regexes[pi] if forms is None else forms.get(pi, regexes[pi])
        spans = done.get(id(regex))
        if pi in skip or (only is not None and pi not in only):
            continue
        if spans is None:
            gate = gates.get(pi)
            if lacks(folded, group.needs.get(pi)) or gate is not None and gate.search(folded) is None:
                spans = done[id(regex)] = []
            else:
                spans = done[id(regex)] = [m.span() for m in class_first(regex).finditer(folded) if m.end() > m.start()]
        out += [(pi, start, end) for start, end in spans]
    return out


def run_gate(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A cheap necessary condition for a raw regex, or None.

    When every character a regex can consume comes from a known set S (no ``.``,
    no negated class, no back-reference) and its shortest match is W characters,
    any match is a run of at least W characters of S.  ``[S]{W,}`` starts with a
    character class, so ``re`` finds it with its fast first-character scan, while
    a regex that starts with a look-behind (``(?<!\\d)…``, ID and card numbers) is
    tried at every position of the text.  No run means no match.
    """
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P

        tree = P.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - internals of another Python version: no gate
        return None
    if regex.flags & re.IGNORECASE:
        return None
    parts: set[str] = set()
    categories = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w"}

    def walk(items: Any) -> bool:
        for op, av in items:
            if op is C.LITERAL:
                parts.add(re.escape(chr(av)))
            elif op is C.IN:
                for sub_op, sub_av in av:
                    if sub_op is C.LITERAL:
                        parts.add(re.escape(chr(sub_av)))
                    elif sub_op is C.RANGE:
                        parts.add(f"{re.escape(chr(sub_av[0]))}-{re.escape(chr(sub_av[1]))}")
                    elif sub_op is C.CATEGORY and sub_av in categories:
                        parts.add(categories[sub_av])
                    else:
                        return False
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                if not walk(av[2]):
                    return False
            elif op is C.SUBPATTERN:
                if av[1] & re.IGNORECASE or not walk(av[3]):
                    return False
            elif op is C.ATOMIC_GROUP:
                if not walk(av):
                    return False
            elif op is C.BRANCH:
                if not all(walk(branch) for branch in av[1]):
                    return False
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue  # zero width: consumes nothing
            else:
                return False
        return True

    if not walk(tree.data):
        return None
    width = tree.getwidth()[0]
    if width < 2 or not parts:
        return None
    return re.compile(f"[{''.join(sorted(parts))}]{{{width},}}")


def needed_literals(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``regex`` holds, or None: from one of the items its
    matches must all go through (outside any repeat, alternative or look-around) that is a
    string, an alternation of strings (``(?:栋|幢|单元|号楼)``) or a class of characters.  Of
    several, the one whose shortest string is longest (then the fewest).  A text without any of
    them holds no match: ``str.__contains__`` tells at C speed, where ``re`` would try the regex
    at every character its first item accepts."""
    tree = _parsed(regex)
    if tree is None or regex.flags & re.IGNORECASE:
        return None
    needed = _needed(tree.data)
    return None if not needed else tuple(sorted(needed))


def _needed(items: Any) -> set[str] | None:
    """:func:`needed_literals` of a parsed sequence (None: none found)."""
    from re import _constants as C  # type: ignore[attr-defined]

    best: set[str] | None = None
    run = ""  # consecutive literal characters
    candidates: list[set[str]] = []
    for op, av in [*items, (None, None)]:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        if op is C.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _needed(av[3])
        elif op is C.BRANCH:
            alternatives = [_needed(alt) for alt in av[1]]
            found = None if any(a is None for a in alternatives) else set().union(*alternatives)
        elif op is C.IN and all(sub_op is C.LITERAL for sub_op, _ in av):
            found = {chr(sub_av) for _, sub_av in av}
        else:
            found = None
        if found:
            candidates.append(found)
    for found in candidates:
        if best is None or (min(map(len, found)), -len(found)) > (min(map(len, best)), -len(best)):
            best = found
    return best


def newline_free(regex: re.Pattern[str]) -> bool:
    """True when ``regex`` finds the same matches in a turn as in that turn inside turns joined
    by newlines: nothing it consumes or looks at can be a newline, and it has no ``^``/``$``
    (a newline then behaves like the end of the text on either side).  Unsure: False."""
    tree = _parsed(regex)
    return tree is not None and _newline_free(tree.data, regex.flags, negated=False)


def joined_form(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex that finds, in turns joined by newlines, the matches ``regex`` finds in each turn
    alone, as long as no turn holds a newline itself: ``regex`` when it is :func:`newline_free`;
    else, when only its negated classes (``[^。！？]``) can take a newline, the same regex with a
    newline added to each of them (in a turn without one that changes nothing); else None."""
    tree = _parsed(regex)
    if tree is None:
        return None
    if _newline_free(tree.data, regex.flags, negated=False):
        return regex
    from re import _compiler  # type: ignore[attr-defined]

    _exclude_newline(tree.data)
    if not _newline_free(tree.data, regex.flags, negated=True):
        return None
    try:
        return _compiler.compile(tree, regex.flags)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - internals of another Python version
        return None


def _parsed(regex: re.Pattern[str]) -> Any:
    try:
        from re import _parser as P  # type: ignore[attr-defined]

        return P.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - internals of another Python version
        return None


def _exclude_newline(items: Any) -> bool:
    """Add a newline to every negated class in the parsed ``items`` (in place); whether one lacked it."""
    from re import _constants as C  # type: ignore[attr-defined]

    changed = False
    for op, av in items:
        if op is C.IN:
            if av and av[0][0] is C.NEGATE and (C.LITERAL, 10) not in av:
                av.append((C.LITERAL, 10))
                changed = True
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            changed |= _exclude_newline(av[2])
        elif op is C.SUBPATTERN:
            changed |= _exclude_newline(av[3])
        elif op is C.ATOMIC_GROUP:
            changed |= _exclude_newline(av)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            changed |= _exclude_newline(av[1])
        elif op is C.BRANCH:
            for branch in av[1]:
                changed |= _exclude_newline(branch)
    return changed


def _newline_free(items: Any, flags: int, negated: bool) -> bool:
    """See :func:`newline_free`; ``negated``: a negated class holding the newline is no newline."""
    from re import _constants as C  # type: ignore[attr-defined]

    newline = ord("\n")
    safe_categories = {C.CATEGORY_DIGIT, C.CATEGORY_WORD, C.CATEGORY_NOT_SPACE, C.CATEGORY_NOT_LINEBREAK}

    def walk(items: Any) -> bool:
        for op, av in items:
            if op is C.LITERAL:
                if av == newline:
                    return False
            elif op is C.ANY:
                if flags & re.DOTALL:
                    return False
            elif op is C.IN:
                if av and av[0][0] is C.NEGATE:
                    if negated and (C.LITERAL, newline) in av:
                        continue  # a negated class that excludes the newline
                    return False
                for sub_op, sub_av in av:
                    if sub_op is C.LITERAL and sub_av != newline:
                        continue
                    if sub_op is C.RANGE and not sub_av[0] <= newline <= sub_av[1]:
                        continue
                    if sub_op is C.CATEGORY and sub_av in safe_categories:
                        continue
                    return False  # a newline, anything else
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                if not walk(av[2]):
                    return False
            elif op is C.SUBPATTERN:
                if not walk(av[3]):
                    return False
            elif op in (C.ATOMIC_GROUP,):
                if not walk(av):
                    return False
            elif op in (C.ASSERT, C.ASSERT_NOT):
                if not walk(av[1]):
                    return False
            elif op is C.BRANCH:
                if not all(walk(branch) for branch in av[1]):
                    return False
            elif op is C.AT:
                if av not in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
                    return False
            else:
                return False
        return True

    return walk(items)


_CLASS_FIRST: dict[re.Pattern[str], re.Pattern[str]] = {}


def class_first(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The same regex with its leading look-behinds moved after its first character, when it
    starts with look-behinds and then one character of a class: ``(?<!\\d)\\d…`` as
    ``\\d(?<!\\d\\d)…``.  Both match the same spans (the character the look-behind now also
    covers is the one just taken), but ``re`` skips to the first character of the class at C
    speed, where a regex that starts with a look-behind is tried at every position: over a
    batch's joined turns, such a regex (card, ID and phone numbers, sums) was the slowest to run.
    Regexes sharing a pattern still share the result (``scan_raw`` runs each once)."""
    known = _CLASS_FIRST.get(regex)
    if known is None:
        known = _CLASS_FIRST[regex] = _class_first(regex) or regex
    return known


def _class_first(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    tree = _parsed(regex)
    if tree is None:
        return None
    try:
        from re import _compiler  # type: ignore[attr-defined]
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P  # type: ignore[attr-defined]

        items = list(tree.data)
        k = 0
        while k < len(items) and items[k][0] in (C.ASSERT, C.ASSERT_NOT) and items[k][1][0] < 0:
            k += 1
        split = _split_first(items[k:], tree.state) if k else None
        if split is None:
            return None
        first, rest = split
        moved = [(op, (direction, P.SubPattern(tree.state, [*sub.data, first])))
                 for op, (direction, sub) in items[:k]]
        tree.data = [first, *moved, *rest]
        return _compiler.compile(tree, regex.flags)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - internals of another Python version: the regex as it is
        return None


def _split_first(items: list[Any], state: Any) -> tuple[Any, list[Any]] | None:
    """``items`` as one character of a class, then the rest (the same matches, tried in the same
    order), or None: a class or a character; a greedy repeat of at least one such thing, as one
    and the repeat of one fewer; alternatives that all start with the same character class."""
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    if not items:
        return None
    op, av = items[0]
    if op in (C.IN, C.LITERAL):
        return items[0], items[1:]
    if op is C.MAX_REPEAT and av[0] >= 1:
        lo, hi, body = av
        split = _split_first(list(body.data), state)
        if split is None:
            return None
        again = (C.MAX_REPEAT, (lo - 1, hi if hi is C.MAXREPEAT else hi - 1, body))
        return split[0], [*split[1], *([again] if hi != 1 else []), *items[1:]]
    if op is C.BRANCH:
        splits = [_split_first(list(alt.data), state) for alt in av[1]]
        if any(s is None for s in splits) or any(s[0] != splits[0][0] for s in splits):  # type: ignore[index]
            return None
        alternatives = [P.SubPattern(state, s[1]) for s in splits]  # type: ignore[index]
        return splits[0][0], [(C.BRANCH, (None, alternatives)), *items[1:]]  # type: ignore[index]
    return None
