"""Compile a rule pack once, then judge turns with one scan each.

Compilation puts every anchor literal of every pattern, every allow-list entry
and every state cue into **one** Aho–Corasick automaton.  Judging a turn is:
fold it, run the automaton once (or, for a whole transcript, once over all its
turns joined by newlines), and only where an anchor hit survives the call state
and the allow-lists, map back to the original text, cut the clause and run the
rule's regex and context tests there.  Turns with no hit cost one fold and one
scan.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

import ahocorasick_rs

from trainer.zh.text import fold, homophones, is_cjk, normalize

from .context import Cues, TurnContext
from .pack import PackData, Rule
from .patterns import Compiled, compile_pattern, expand

LOW_CONFIDENCE = "（疑似谐音规避，置信度较低，请人工复核）"

# Lexicons the call-state tracker reads from non-agent turns.
STATE_LEXICONS = {
    "confirm_identity": "confirm", "deny_identity": "deny", "minor_cues": "minor",
    "bereaved_cues": "bereaved", "ill_cues": "ill", "state_question_cues": "asked_state",
}
_STATE_NAMES = list(STATE_LEXICONS.values())
# States that only last until the agent's next turn.
_ONE_TURN = {"asked_state"}

Hit = tuple[int, int, tuple[tuple[str, int], ...]]  # start, end, the literal's entries
RawHit = tuple[int, int, int]  # pattern, start, end

_CLAUSE_MARK = re.compile(r"[，,。；;！!？?\n]")

# Characters never substituted when generating homophone spellings (too common to mean evasion).
_HOMOPHONE_STOP = set("不的是了在有我你他她它这那就也都和要会可对吗么呢吧啊一个上下中大小人")


@dataclass
class _Pattern:
    rule: int
    compiled: Compiled | None  # None for a raw regex pattern
    regex: re.Pattern[str]
    low: frozenset[str]  # anchor literals that are homophone spellings


@dataclass
class RawGroup:
    """Raw regexes that run together (the plain or the state-gated rules' ones)."""

    patterns: list[int]  # the joinable ones first
    joinable: int  # how many can run over turns joined by newlines (see _newline_free)
    gate: re.Pattern[str] | None  # no match of it: none of theirs either

    def __bool__(self) -> bool:
        return bool(self.patterns)


@dataclass
class CallState:
    """What the auditor knows about the call so far (before the current turn)."""

    contact: str = "unknown"  # unknown | debtor | third_party
    verified: bool = False
    ever_debtor: bool = False
    flags: set[str] = field(default_factory=set)
    asked_who: bool = False
    agent_turns: int = 0

    def satisfies(self, states: tuple[str, ...]) -> bool:
        for state in states:
            if state == "unverified" and not self.verified and self.contact != "third_party":
                return True
            if state == "third_party" and self.contact == "third_party":
                return True
            if state == "debtor" and self.verified and self.contact == "debtor":
                return True
            if state in self.flags:
                return True
        return False


class RulePack:
    """A compiled pack: the enabled rules, their settings and one automaton."""

    def __init__(self, data: PackData) -> None:
        self.data = data
        self.settings = data.settings
        self.names = list(data.names)
        self.digest = data.digest
        self.cues = Cues.from_settings(data.settings.get("cues"))
        self.rules: list[Rule] = [r for r in data.rules.values()
                                  if r.id not in data.disabled and r.category not in data.disabled]
        self.all_rules: list[Rule] = list(data.rules.values())
        self._by_id = {r.id: i for i, r in enumerate(self.rules)}
        self._compile()

    # --- compilation ---------------------------------------------------------------------

    def _lexicon_terms(self) -> dict[str, tuple[frozenset[str], bool]]:
        out = {}
        for name, lex in self.data.lexicons.items():
            terms = set(fold(x) for t in lex["terms"] for x in expand(t)) - {""}
            for other in lex.get("include", ()):
                terms |= {fold(x) for t in self.data.lexicons[other]["terms"] for x in expand(t)} - {""}
            out[name] = (frozenset(terms), bool(lex.get("weak")))
        return out

    def _variants(self) -> tuple[dict[str, frozenset[str]], set[str]]:
        """Evasion spellings of the terms of ``evasion`` lexicons: stutter and homophones."""
        variants: dict[str, set[str]] = defaultdict(set)
        low: set[str] = set()
        for lex in self.data.lexicons.values():
            if not lex.get("evasion"):
                continue
            for raw in [t for name in [*lex.get("include", ())] for t in self.data.lexicons[name]["terms"]] \
                    + lex["terms"]:
                for term in {fold(x) for x in expand(raw)}:
                    if len(term) < 3 or not all(is_cjk(c) for c in term):
                        continue
                    inner = range(1, len(term) - 1)
                    for mask in range(1, 1 << len(inner)):
                        doubled = "".join(c * (2 if 0 < i < len(term) - 1 and mask >> (i - 1) & 1 else 1)
                                          for i, c in enumerate(term))
                        variants[term].add(doubled)
                    for i, ch in enumerate(term):
                        for h in homophones(ch):
                            if h in _HOMOPHONE_STOP:
                                continue
                            spelled = term[:i] + h + term[i + 1:]
                            variants[term].add(spelled)
                            low.add(spelled)
        return {k: frozenset(v) for k, v in variants.items()}, low

    def _compile(self) -> None:
        lexicons = self._lexicon_terms()
        self._lexicons = lexicons
        variants, low_spellings = self._variants()
        entries: dict[str, list[tuple[str, int]]] = defaultdict(list)
        gated: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._patterns: list[_Pattern] = []
        self._raw_by_rule: dict[int, list[int]] = defaultdict(list)
        self._unless: list[frozenset[str]] = []
        for ri, rule in enumerate(self.rules):
            # anchors of rules that only apply in some call states get their own automaton,
            # scanned only on turns where such a state holds
            target = gated if _rarely(rule) else entries
            unless = {fold(x) for u in rule.unless for x in expand(u)}
            if rule.term:
                unless.add(fold(rule.term))
            for pat in rule.patterns:
                if isinstance(pat, str):
                    for tok in pat.split():
                        if tok.startswith("@"):
                            lex = self.data.lexicons[tok[1:]]
                            for name in [tok[1:], *lex.get("include", ())]:
                                unless |= {fold(u) for u in self.data.lexicons[name].get("unless", ())}
            unless.discard("")
            self._unless.append(frozenset(unless))
            for u in unless:
                target[u].append(("X", ri))
            for pat in rule.patterns:
                pi = len(self._patterns)
                if isinstance(pat, dict):
                    self._patterns.append(_Pattern(ri, None, re.compile(pat["re"]), frozenset()))
                    self._raw_by_rule[ri].append(pi)
                    continue
                compiled = compile_pattern(pat, lexicons, variants)
                self._patterns.append(_Pattern(ri, compiled, compiled.regex,
                                               frozenset(compiled.anchor & low_spellings)))
                for literal in compiled.anchor:
                    target[literal].append(("A", pi))
        self._state_terms: dict[str, frozenset[str]] = {}
        for lex_name, state in STATE_LEXICONS.items():
            if lex_name in lexicons:
                self._state_terms[state] = lexicons[lex_name][0]
                for term in lexicons[lex_name][0]:
                    entries[term].append(("C", list(STATE_LEXICONS.values()).index(state)))
        self._automaton = _build(entries)
        # Agent turns only need the rules' anchors and allow-lists; the other side only the
        # call-state cues (plus anchors of rules that judge other speakers, if any).
        self._other_speakers = any(set(r.speakers) - {"agent"} for r in self.rules)
        self._agent_automaton = _build({k: v for k, v in ((k, [i for i in v if i[0] != "C"])
                                                         for k, v in entries.items()) if v})
        self._other_automaton = self._automaton if self._other_speakers else _build(
            {k: v for k, v in ((k, [i for i in v if i[0] == "C"]) for k, v in entries.items()) if v})
        self._gated_automaton = _build(gated)
        self._max_within = max([r.within or self.settings.get("identify_within", 3)
                                for r in self.rules if r.check == "required"] or [0])
        self._gates = [(r.while_, r.except_while) for r in self.rules if _rarely(r)]
        self._gate_cache: dict[tuple[Any, ...], bool] = {}
        self._group_rx: dict[tuple[str, ...], re.Pattern[str] | None] = {}
        self._group_ac: dict[tuple[str, ...], Any] = {}
        for r in self.rules:
            for group in (*r.require, *((r.trigger,) if r.trigger else ())):
                terms = frozenset().union(*self.term_sets(group))
                self._group_rx[group] = (re.compile("|".join(re.escape(t) for t in
                                                             sorted(terms, key=len, reverse=True)))
                                         if terms else None)
                # is any term said? One automaton per group: a regex alternation of hundreds of
                # names tries every branch at every position
                self._group_ac[group] = _build({t: [] for t in terms})
        # group regexes can be run over joined turns when no term holds a newline
        self._required_groups = sorted({g for ri in range(len(self.rules)) if self.rules[ri].check == "required"
                                        for g in self.rules[ri].require})
        self._trigger_groups = sorted({self.rules[ri].trigger for ri in range(len(self.rules))
                                       if self.rules[ri].check == "answer"})
        self._batch_groups = not any("\n" in t for g in self._group_rx
                                     for terms in self.term_sets(g) for t in terms)
        # one automaton for all required groups, one for all triggers: term -> group numbers
        # for batches: the first agent turns of the calls get one scan for the state-gated rules
        # and the required elements together; the other side's turns one for the call-state
        # cues (and other speakers' rules) and the triggers together
        required_terms = self._group_terms(self._required_groups) if self._batch_groups else {}
        trigger_terms = self._group_terms(self._trigger_groups) if self._batch_groups else {}
        self._first_literals = _build(gated, required_terms)
        other_entries = entries if self._other_speakers else \
            {k: v for k, v in ((k, [i for i in v if i[0] == "C"]) for k, v in entries.items()) if v}
        self._other_literals = _build(other_entries, trigger_terms)
        self._raw_rules = sorted(self._raw_by_rule)
        self._pat_rule = [self.rules[p.rule] for p in self._patterns]
        self._pattern_rule = [p.rule for p in self._patterns]
        self._search = [p.regex.search for p in self._patterns]
        self._raw_gate = {pi: gate for pis in self._raw_by_rule.values() for pi in pis
                          if (gate := _run_gate(self._patterns[pi].regex)) is not None}
        self._raw_plain = self._raw_group([pi for ri in sorted(self._raw_by_rule) if not _rarely(self.rules[ri])
                                           for pi in self._raw_by_rule[ri]])
        self._raw_gated = self._raw_group([pi for ri in sorted(self._raw_by_rule) if _rarely(self.rules[ri])
                                           for pi in self._raw_by_rule[ri]])
        # patterns of agent rules that hold in every call state: no state checks per hit
        self._plain = [("agent" in r.speakers and not r.while_ and not r.except_while)
                       for r in self._pat_rule]
        self._required = [ri for ri, r in enumerate(self.rules) if r.check == "required"]
        self._required_within = [(ri, self.rules[ri].within or self.settings.get("identify_within", 3),
                                  self.rules[ri].require) for ri in self._required]
        self._answer = [ri for ri, r in enumerate(self.rules) if r.check == "answer"]
        self._metadata = [ri for ri, r in enumerate(self.rules) if r.check == "metadata"]
        self._metadata_kinds = [(ri, self.rules[ri].metadata) for ri in self._metadata]
        self._attempt_cap = self.settings.get("max_attempts_per_day", 6)
        self._default_zone = self.settings.get("timezone")
        quiet = self.settings.get("quiet_hours") or {"start": "22:00", "end": "08:00"}
        self._quiet = (_minutes(quiet["start"]), _minutes(quiet["end"]))

    def _raw_group(self, patterns: list[int]) -> RawGroup:
        """Raw regexes run together: those that can run over turns joined by newlines first,
        and one gate for all of them (the union of their classes, the shortest width)."""
        joinable = [pi for pi in patterns if _newline_free(self._patterns[pi].regex)]
        rest = [pi for pi in patterns if pi not in joinable]
        return RawGroup(joinable + rest, len(joinable), self._group_gate(patterns))

    def _group_gate(self, patterns: list[int]) -> re.Pattern[str] | None:
        if not patterns or not all(pi in self._raw_gate for pi in patterns):
            return None
        classes, widths = set(), []
        for pi in patterns:
            m = re.fullmatch(r"\[(.*)\]\{(\d+),\}", self._raw_gate[pi].pattern, re.S)
            if m is None:
                return None
            classes.add(m.group(1))
            widths.append(int(m.group(2)))
        return re.compile(f"[{''.join(sorted(classes))}]{{{min(widths)},}}")

    def _group_terms(self, groups: list[tuple[str, ...]]) -> dict[str, list[int]]:
        """Term -> the numbers of the groups (in ``groups``) that hold it."""
        terms: dict[str, list[int]] = defaultdict(list)
        for gi, group in enumerate(groups):
            for term in frozenset().union(*self.term_sets(group)):
                terms[term].append(gi)
        return terms

    def literals(self) -> list[str]:
        """Every anchor literal of the pack (for the ripgrep comparison in the benchmark)."""
        return sorted({lit for p in self._patterns if p.compiled for lit in p.compiled.anchor})

    def term_sets(self, items: tuple[str, ...]) -> list[frozenset[str]]:
        out = []
        for item in items:
            if item.startswith("@"):
                out.append(self._lexicons[item[1:]][0])
            else:
                out.append(frozenset(fold(x) for x in expand(item)) - {""})
        return out

    # --- API ----------------------------------------------------------------------------

    def rule(self, rule_id: str) -> Rule | None:
        for rule in self.all_rules:
            if rule.id == rule_id:
                return rule
        return None

    def auditor(self, meta: dict[str, Any] | None, transcript_id: str) -> Auditor:
        return Auditor(self, meta or {}, transcript_id)

    def scan(self, folded: str, gated: bool = False) -> list[tuple[int, int, tuple[tuple[str, int], ...]]]:
        """Automaton hits in ``folded``: (start, end, entries); ``gated`` = state-dependent rules."""
        literals = self._gated_automaton if gated else self._automaton
        return [] if literals is None else literals.hits(folded)

    def scan_raw(self, folded: str, group: RawGroup, joined: bool = False) -> list[tuple[int, int, int]]:
        """Matches of a group's raw regexes in one turn: (pattern index, start, end).
        ``joined``: ``folded`` is turns joined by newlines; only the joinable regexes run."""
        out: list[tuple[int, int, int]] = []
        if group.gate is not None and group.gate.search(folded) is None:
            return out
        for pi in group.patterns[:group.joinable] if joined else group.patterns:
            gate = self._raw_gate.get(pi)
            if gate is not None and gate.search(folded) is None:
                continue
            for m in self._patterns[pi].regex.finditer(folded):
                if m.end() > m.start():
                    out.append((pi, m.start(), m.end()))
        return out

    def group_found(self, group: tuple[str, ...], folded: str) -> bool:
        literals = self._group_ac[group]
        return literals is not None and literals.found_in(folded)

    def audit(self, transcript: dict[str, Any]) -> list[dict[str, Any]]:
        """Findings of one transcript dict (see :meth:`audit_many`)."""
        return self._audit_batch([transcript])[0]

    def audit_many(self, transcripts: Iterable[dict[str, Any]], batch: int = 64) -> Iterator[list[dict[str, Any]]]:
        """Findings of each transcript, in order: the same as :meth:`audit` on each one, but
        ``batch`` calls at a time share one fold and one scan per side.  Lazy: memory
        stays flat however long the stream is."""
        group: list[dict[str, Any]] = []
        for transcript in transcripts:
            group.append(transcript)
            if len(group) >= batch:
                yield from self._audit_batch(group)
                group = []
        if group:
            yield from self._audit_batch(group)

    def _audit_batch(self, transcripts: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        """Findings of some transcripts.

        All their agent turns are folded in one pass, joined, and get one scan for the
        rules' anchors and one run of the raw regexes; all the other side's turns, joined,
        one fold and one scan for the call-state cues and the triggers; the first agent
        turns of each call (where the state-gated rules usually apply: nobody is verified
        yet) one scan for those rules and the required elements.  Then each call is judged
        in order, and only turns with a hit get more work.  Turns are numbered across the
        batch."""
        max_within = self._max_within
        # all the turns of the batch in one list: turn g of the batch is turn g - offsets[c] of call c
        calls = [transcript.get("turns") or () for transcript in transcripts]
        offsets = list(accumulate(map(len, calls), initial=0))
        turns = [turn for call in calls for turn in call]
        try:  # the usual case, in C
            texts = list(map(_TEXT, turns))
            speakers = list(map(_SPEAKER, turns))
            if not ({*map(type, texts)} <= _STR and {*map(type, speakers)} <= _STR):
                raise TypeError
        except (KeyError, TypeError, IndexError, AttributeError):
            texts = [x if (x := t.get("text", "")).__class__ is str else str(x) for t in turns]
            speakers = [x if (x := t.get("speaker", "")).__class__ is str else str(x) for t in turns]
        agent = [g for g, x in enumerate(speakers) if x == "agent"]
        other = [g for g, x in enumerate(speakers) if x != "agent"] if len(agent) < len(speakers) else []
        # each call's agent turns are agent[bounds[c]:bounds[c + 1]]; the first few of them
        # (required elements, state-gated rules before verification) are ``firsts``
        bounds = [bisect_left(agent, offset) for offset in offsets]
        firsts = [g for c in range(len(calls)) for g in agent[bounds[c]:min(bounds[c + 1], bounds[c] + max_within)]]
        folded: list[str] = [""] * len(texts)
        hits: dict[int, list[Hit]] = {}
        raw: dict[int, list[RawHit]] = {}
        if agent:
            joined, starts = self._fold_turns(agent, texts, folded)
            self._collect(self._agent_automaton, joined, starts, agent, hits)
            self._collect_raw(self._raw_plain, joined, starts, agent, folded, raw)
            if hits:
                self._prune(hits, raw, folded)
        # which turns say each required group (first agent turns only) and each trigger
        said: list[set[int]] = [set() for _ in self._trigger_groups]
        if other:
            joined, starts = self._fold_turns(other, texts, folded)
            self._collect(self._other_literals, joined, starts, other, hits, said)
            if self._other_speakers:
                self._collect_raw(self._raw_plain, joined, starts, other, folded, raw)
        gated: tuple[set[int], dict[int, list[Hit]], dict[int, list[RawHit]]] | None = None
        gated_clear: set[int] = set()  # first agent turns without a state-gated hit
        named: list[set[int]] = [set() for _ in self._required_groups]
        if firsts:
            joined, starts = _join([folded[i] for i in firsts])
            gated_hits: dict[int, list[Hit]] = {}
            gated_raw: dict[int, list[RawHit]] = {}
            self._collect(self._first_literals, joined, starts, firsts, gated_hits, named)
            self._collect_raw(self._raw_gated, joined, starts, firsts, folded, gated_raw)
            if gated_hits:
                self._prune(gated_hits, gated_raw, folded)
            gated = (set(firsts), gated_hits, gated_raw)
            gated_clear = gated[0].difference(gated_hits, gated_raw)
        required: dict[tuple[str, ...], set[int]] | None = None
        triggers: dict[tuple[str, ...], set[int]] | None = None
        said_trigger: set[int] = set()
        if self._batch_groups:
            required = dict(zip(self._required_groups, named, strict=True))
            triggers = dict(zip(self._trigger_groups, said, strict=True))
            said_trigger = set().union(*said)
        fast_other = not self._other_speakers and self._batch_groups
        # turns that may change something: a hit, a trigger, a third party speaking
        events = sorted({*hits, *raw, *said_trigger,
                         *(i for i in other if speakers[i] == "third_party")}) if fast_other else []
        results: list[list[dict[str, Any]]] = []
        for c, transcript in enumerate(transcripts):
            offset = offsets[c]
            auditor = Auditor(self, transcript.get("meta") or {}, str(transcript.get("id", "")))
            auditor._required_at = required
            if required is not None:
                auditor._required_known = True
                mine = agent[bounds[c]:min(bounds[c + 1], bounds[c] + max_within)]
                for ri, within, groups in self._required_within:
                    early = mine[:within]
                    auditor._required_seen[ri] = [any(g in required[group] for g in early) for group in groups]
            auditor._trigger_at = triggers
            auditor._gated_at = gated
            auditor._offset = offset
            judge = auditor._judge
            state = auditor.state
            pending = auditor._pending_answer
            out: list[dict[str, Any]] = []
            g = offset
            stop = offsets[c + 1]
            while g < stop:
                got = hits.get(g)
                speaker = speakers[g]
                if got is None and g not in raw:
                    # nothing said in this turn can matter: only the call state moves on
                    if speaker == "agent":
                        if not pending and (g in gated_clear or not auditor._gated_active()):
                            if state.agent_turns < max_within:
                                if required is None:
                                    auditor._mark_required(g - offset, folded[g])
                            elif fast_other and not state.flags and state.contact != "unknown":
                                # settled: until the next turn with a hit, a trigger or a third
                                # party, agent turns only count and the other side changes nothing
                                k = bisect_right(events, g)
                                nxt = min(events[k] if k < len(events) else stop, stop)
                                state.agent_turns += bisect_left(agent, nxt) - bisect_left(agent, g)
                                g = nxt
                                continue
                            state.agent_turns += 1
                            if state.flags:
                                state.flags -= _ONE_TURN
                            g += 1
                            continue
                    elif fast_other and g not in said_trigger:
                        if speaker == "third_party":
                            state.contact = "third_party"
                        elif speaker == "debtor" and state.contact == "unknown":
                            state.ever_debtor = True
                        g += 1
                        continue
                found = judge(g - offset, speaker, texts[g], folded[g], got or _NONE, raw.get(g, _NONE))
                if found:
                    out += found
                g += 1
            out += auditor.finish()
            results.append(out)
        return results

    def _fold_turns(self, which: list[int], texts: list[str], folded: list[str]) -> tuple[str, list[int]]:
        """Fold the turns ``which`` joined by newlines, in one pass; each folded turn goes to
        ``folded``.  Returns the joined folded text and where each turn starts in it."""
        parts = [texts[i] for i in which]
        joined = "\n".join(parts)
        if joined.count("\n") == len(parts) - 1:
            # folding never makes or removes a newline, nor works across one
            joined = fold(joined)
            pieces = joined.split("\n")
        else:
            pieces = [fold(t) for t in parts]
            joined = "\n".join(pieces)
        any(map(folded.__setitem__, which, pieces))  # folded[which[k]] = pieces[k], in C
        starts = list(accumulate([len(piece) + 1 for piece in pieces], initial=0))
        starts.pop()
        return joined, starts

    @staticmethod
    def _collect(literals: Literals | None, joined: str, starts: list[int], which: list[int],
                 hits: dict[int, list[Hit]], groups: list[set[int]] | None = None) -> None:
        """The literals' hits in the joined turns, added to ``hits`` by turn, in turn coordinates;
        the turns in which each group's terms are said, added to ``groups``."""
        if literals is None:
            return
        # hits come in order of their end: walk along the turns (by where a hit starts)
        k = 0
        last = len(starts) - 1
        base = 0
        nxt = starts[1] if last else len(joined) + 1
        got: list[Hit] | None = None
        entries, in_groups = literals.entries, literals.groups
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

    def _collect_raw(self, group: RawGroup, joined: str, starts: list[int], which: list[int],
                     folded: list[str], raw: dict[int, list[RawHit]]) -> None:
        """The group's raw-regex matches in the turns ``which``, added to ``raw`` by turn: the
        joinable regexes over the joined text, the others turn by turn."""
        if not group:
            return
        if group.joinable:
            for pi, start, end in self.scan_raw(joined, group, joined=True):
                k = bisect_right(starts, start) - 1
                base = starts[k]
                raw.setdefault(which[k], []).append((pi, start - base, end - base))
        for pi in group.patterns[group.joinable:]:
            regex, gate = self._patterns[pi].regex, self._raw_gate.get(pi)
            for ti in which:
                text = folded[ti]
                if gate is not None and gate.search(text) is None:
                    continue
                for m in regex.finditer(text):
                    if m.end() > m.start():
                        raw.setdefault(ti, []).append((pi, m.start(), m.end()))

    def _prune(self, hits: dict[int, list[Hit]], raw: dict[int, list[RawHit]], folded: list[str]) -> None:
        """Forget the agent turns whose anchor hits cannot lead anywhere.

        :meth:`Auditor._judge_agent` drops, whatever the call state, an anchor hit that lies
        inside an allow-list hit of its rule, and the anchors of a pattern whose regex
        matches nowhere in the turn (then it matches in no clause either: the patterns have
        no look-arounds).  With no anchor left, the allow-list hits (which only excuse
        anchors and raw matches of the same rules) change nothing either.  Such a turn is
        judged exactly like a turn without hits, so it is taken out of ``hits`` here, in one
        pass, and the per-call loop takes its fast path.  Turns with a raw match stay."""
        search = self._search
        rule_of = self._pattern_rule
        drop = []
        for ti, got in hits.items():
            if ti in raw:
                continue
            if len(got) == 1:  # the usual case: one literal said
                for kind, ref in got[0][2]:
                    if kind == "A" and search[ref](folded[ti]) is not None:
                        break
                else:
                    drop.append(ti)
                continue
            anchors: dict[int, list[tuple[int, int]]] = {}
            excepted: dict[int, list[tuple[int, int]]] = {}
            for start, end, items in got:
                for kind, ref in items:
                    if kind == "A":
                        anchors.setdefault(ref, []).append((start, end))
                    elif kind == "X":
                        excepted.setdefault(ref, []).append((start, end))
            text = folded[ti]
            for ref, spans in anchors.items():
                allowed = excepted.get(rule_of[ref])
                if allowed and all(any(xs <= s and e <= xe for xs, xe in allowed) for s, e in spans):
                    continue
                if search[ref](text) is not None:
                    break
            else:
                drop.append(ti)
        for ti in drop:
            del hits[ti]


def _join(pieces: list[str]) -> tuple[str, list[int]]:
    """``pieces`` joined by newlines, and where each starts."""
    starts = list(accumulate([len(piece) + 1 for piece in pieces], initial=0))
    starts.pop()
    return "\n".join(pieces), starts


_NONE: tuple[Any, ...] = ()
_STR = {str}
_TEXT, _SPEAKER = itemgetter("text"), itemgetter("speaker")
_NO_CUES: frozenset[str] = frozenset()


class Auditor:
    """Judges the turns of one call in order, keeping the call state between them."""

    def __init__(self, pack: RulePack, meta: dict[str, Any], transcript_id: str) -> None:
        self.pack = pack
        self.meta = meta
        self.transcript_id = transcript_id
        self.state = CallState()
        contact = meta.get("contact")
        if contact in ("debtor", "third_party"):
            self.state.contact = contact
            self.state.ever_debtor = contact == "debtor"
        for flag in meta.get("flags", ()) if isinstance(meta.get("flags"), list) else ():
            self.state.flags.add(str(flag))
        self._required_seen: dict[int, list[bool]] = {
            ri: [False] * len(pack.rules[ri].require) for ri in pack._required}
        self._pending_answer: list[int] = []
        self._finished = False
        # set by RulePack.audit: turns in which each group is said, found for the whole call at once
        self._required_at: dict[tuple[str, ...], set[int]] | None = None
        self._required_known = False  # _required_seen already filled in for the whole call
        self._trigger_at: dict[tuple[str, ...], set[int]] | None = None
        # set by RulePack.audit: the state-gated rules' hits, found at once for the first agent
        # turns of the call (the turns, the hits by turn, the raw matches by turn)
        self._gated_at: tuple[set[int], dict[int, list[Hit]], dict[int, list[RawHit]]] | None = None
        self._offset = 0  # of this call's turns in those sets

    def add_turn(self, index: int, speaker: str, text: str) -> list[dict[str, Any]]:
        """Findings for one turn, judged in the context of the turns before it."""
        folded = fold(text)
        pack = self.pack
        if speaker == "agent":
            automaton, anchors = pack._agent_automaton, True
        else:
            automaton, anchors = pack._other_automaton, pack._other_speakers
        hits = _NONE if automaton is None else automaton.hits(folded)
        raw: Any = _NONE
        if anchors and pack._raw_plain:
            raw = pack.scan_raw(folded, pack._raw_plain)
        return self._judge(index, speaker, text, folded, hits, raw)

    # --- the work --------------------------------------------------------------------------

    def _judge(self, index: int, speaker: str, text: str, folded: str,
               hits: Any, raw: Any = ()) -> list[dict[str, Any]]:
        pack = self.pack
        state = self.state
        if speaker == "agent":
            if ((hits and _has_anchor(hits)) or raw or self._pending_answer
                    or state.agent_turns < pack._max_within or self._gated_active()):
                findings = self._judge_agent(index, text, folded, hits, raw)
            else:
                findings = []
            state.agent_turns += 1
            if state.flags:
                state.flags -= _ONE_TURN
            return findings
        findings = []
        # another speaker: findings for rules that judge them, then move the call state on
        if pack._other_speakers and any(speaker in pack.rules[pack._patterns[pi].rule].speakers
                                        for _s, _e, items in hits for kind, pi in items if kind == "A"):
            findings = self._judge_agent(index, text, folded, hits, raw, speaker=speaker)
        cues = {_STATE_NAMES[ci] for _s, _e, items in hits for kind, ci in items if kind == "C"} \
            if hits else _NO_CUES
        if speaker == "third_party":
            state.contact = "third_party"
        if cues:
            flags = cues & {"minor", "bereaved", "ill", "asked_state"}
            if speaker == "debtor" and state.verified:
                flags.discard("minor")  # the verified cardholder talking of a child at school
            state.flags |= flags
        if speaker == "debtor":
            if "confirm" in cues and "deny" not in cues and state.agent_turns:
                state.verified = True
                state.contact = "debtor"
                state.ever_debtor = True
            elif state.contact == "unknown" and "deny" not in cues:
                state.ever_debtor = True
        for ri in pack._answer:
            trigger = pack.rules[ri].trigger
            if (index + self._offset in self._trigger_at.get(trigger, ()) if self._trigger_at is not None
                    else pack.group_found(trigger, folded)):
                if ri not in self._pending_answer:
                    self._pending_answer.append(ri)
        return findings

    def _gated_active(self) -> bool:
        state = self.state
        flags = state.flags
        key = (state.contact, state.verified, frozenset(flags)) if flags else (state.contact, state.verified)
        cache = self.pack._gate_cache
        active = cache.get(key)
        if active is None:
            active = cache[key] = any(state.satisfies(w) and not (ew and state.satisfies(ew))
                                      for w, ew in self.pack._gates)
        return active

    def _judge_agent(self, index: int, text: str, folded: str, hits: Any,
                     raw_hits: Any = (), speaker: str = "agent") -> list[dict[str, Any]]:
        pack = self.pack
        state = self.state
        findings: list[dict[str, Any]] = []
        if self._gated_active():
            at = self._gated_at
            if at is not None and index + self._offset in at[0]:
                more, more_raw = at[1].get(index + self._offset), at[2].get(index + self._offset)
                if more:
                    hits = [*hits, *more]
                if more_raw:
                    raw_hits = [*raw_hits, *more_raw]
            else:
                hits = [*hits, *pack.scan(folded, gated=True)]
                raw_hits = [*raw_hits, *pack.scan_raw(folded, pack._raw_gated)]
        anchors: dict[int, list[tuple[int, int]]] = {}
        excepted: dict[int, list[tuple[int, int]]] = {}
        if hits:
            pat_rule = pack._pat_rule
            plain = pack._plain if speaker == "agent" else None
            for start, end, items in hits:
                for kind, ref in items:
                    if kind == "A":
                        if plain is None or not plain[ref]:
                            rule = pat_rule[ref]
                            if speaker not in rule.speakers:
                                continue
                            if rule.while_ and not state.satisfies(rule.while_):
                                continue
                            if rule.except_while and state.satisfies(rule.except_while):
                                continue
                        got = anchors.get(ref)
                        if got is None:
                            anchors[ref] = [(start, end)]
                        else:
                            got.append((start, end))
                    elif kind == "X":
                        got = excepted.get(ref)
                        if got is None:
                            excepted[ref] = [(start, end)]
                        else:
                            got.append((start, end))
        raw = []
        for pi, rs, re_ in raw_hits:
            rule = pack.rules[pack._patterns[pi].rule]
            if speaker not in rule.speakers or (rule.while_ and not state.satisfies(rule.while_)) \
                    or (rule.except_while and state.satisfies(rule.except_while)):
                continue
            raw.append((pi, rs, re_))
        if anchors or raw:
            ctx: TurnContext | None = None
            candidates: list[tuple[int, int, int, bool, int]] = []  # pattern, start, end, low, anchor
            for pi, spans in anchors.items():
                pat = pack._patterns[pi]
                ri = pat.rule
                if ri in excepted:
                    spans = [(s, e) for s, e in spans
                             if not any(xs <= s and e <= xe for xs, xe in excepted[ri])]
                    if not spans:
                        continue
                # no match of the whole pattern anywhere in the turn: none in any clause either
                # (the patterns have no look-arounds), so the context is not needed
                if pat.regex.search(folded) is None:
                    continue
                if ctx is None:
                    ctx = TurnContext(normalize(text), pack.cues)
                # a term that only exists because folding removed clause punctuation is no hit
                valid = [(s, e) for s, e in spans if not _CLAUSE_MARK.search(ctx.norm.excerpt(s, e))]
                if not valid:
                    continue
                windows = sorted({ctx.clause_of(s, e) for s, e in valid})
                for cs, ce in windows:
                    for m in pat.regex.finditer(folded, cs, ce):
                        ms, me = m.span()
                        inside = [(s, e) for s, e in valid if ms <= s and e <= me]
                        if not inside:
                            continue
                        low = all(folded[s:e] in pat.low for s, e in inside)
                        candidates.append((pi, ms, me, low, inside[0][0]))
            for pi, rs, re_ in raw:
                pat = pack._patterns[pi]
                if any(xs <= rs and re_ <= xe for xs, xe in excepted.get(pat.rule, ())):
                    continue
                if ctx is None:
                    ctx = TurnContext(normalize(text), pack.cues)
                candidates.append((pi, rs, re_, False, rs))
            if candidates:
                taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
                for pi, start, end, low, anchor in sorted(candidates, key=lambda c: (c[1], -c[2])):
                    pat = pack._patterns[pi]
                    ri = pat.rule
                    if any(not (end <= s or e <= start) for s, e in taken[ri]):
                        continue
                    assert ctx is not None
                    if self._excused(pack.rules[ri], ctx, start, end, anchor):
                        continue
                    taken[ri].append((start, end))
                    findings.append(self._finding(ri, index, speaker, ctx, start, end, low))
        if speaker != "agent":
            return findings
        # answers owed to a "who are you?" from the other side
        if self._pending_answer:
            for ri in self._pending_answer:
                if not all(pack.group_found(g, folded) for g in pack.rules[ri].require):
                    findings.append(self._turn_finding(ri, index, text))
            self._pending_answer.clear()
        if state.agent_turns < pack._max_within and not self._required_known:
            self._mark_required(index, folded)
        return findings

    def _mark_required(self, index: int, folded: str) -> None:
        """Required elements said in this (one of the first) agent turn(s)."""
        pack = self.pack
        turns = self.state.agent_turns
        for ri, seen in self._required_seen.items():
            within = pack.rules[ri].within or pack.settings.get("identify_within", 3)
            if turns < within:
                for gi, group in enumerate(pack.rules[ri].require):
                    if not seen[gi] and (index + self._offset in self._required_at.get(group, ())
                                         if self._required_at is not None
                                         else pack.group_found(group, folded)):
                        seen[gi] = True

    def _excused(self, rule: Rule, ctx: TurnContext, start: int, end: int, anchor: int) -> bool:
        context = rule.context
        cs, ce = ctx.clause_of(start, end)
        if context.get("negation", True) and ctx.negated(anchor, cs):
            return True
        if context.get("quote", True) and ctx.reported(anchor, cs):
            return True
        if context.get("question", False) and ctx.question(cs, ce):
            return True
        if context.get("lawful_conditional", False) and ctx.lawful_conditional(start, cs, ce):
            return True
        return False

    def _finding(self, ri: int, index: int | None, speaker: str | None, ctx: TurnContext | None,
                 start: int | None, end: int | None, low: bool = False) -> dict[str, Any]:
        rule = self.pack.rules[ri]
        excerpt = None
        if ctx is not None and start is not None and end is not None:
            start, end = ctx.norm.to_original(start, end)
            excerpt = ctx.norm.original[start:end]
        return {"transcript": self.transcript_id, "turn": index, "speaker": speaker, "rule": rule.id,
                "category": rule.category, "severity": rule.severity,
                "message": rule.message + (LOW_CONFIDENCE if low else ""),
                "excerpt": excerpt, "start": start, "end": end}

    def _turn_finding(self, ri: int, index: int, text: str) -> dict[str, Any]:
        rule = self.pack.rules[ri]
        return {"transcript": self.transcript_id, "turn": index, "speaker": "agent", "rule": rule.id,
                "category": rule.category, "severity": rule.severity, "message": rule.message,
                "excerpt": text, "start": 0, "end": len(text)}

    def finish(self) -> list[dict[str, Any]]:
        """Call-level findings: missing required elements, calling hours, attempt caps."""
        if self._finished:
            return []
        self._finished = True
        pack = self.pack
        out: list[dict[str, Any]] = []
        with_debtor = self.state.ever_debtor or self.state.verified
        for ri, seen in self._required_seen.items():
            if with_debtor and self.state.agent_turns and not all(seen):
                out.append(self._finding(ri, None, None, None, None, None))
        for ri, kind in pack._metadata_kinds:
            if kind == "calling_hours" and self._outside_hours():
                out.append(self._finding(ri, None, None, None, None, None))
            elif kind == "attempts":
                attempts = self.meta.get("attempts_today")
                if isinstance(attempts, int) and not isinstance(attempts, bool) and attempts > pack._attempt_cap:
                    out.append(self._finding(ri, None, None, None, None, None))
        return out

    def _outside_hours(self) -> bool:
        started = self.meta.get("started_at")
        if not isinstance(started, str):
            return False
        local = local_time(started, self.meta.get("timezone") or self.pack._default_zone)
        if local is None:
            return False
        minute, (start, end) = local.hour * 60 + local.minute, self.pack._quiet
        return start <= minute < end if start <= end else (minute >= start or minute < end)


def _rarely(rule: Rule) -> bool:
    """Rules that only apply in uncommon call states (third party, minors…) are scanned separately."""
    return bool(rule.while_) and "debtor" not in rule.while_


def _run_gate(regex: re.Pattern[str]) -> re.Pattern[str] | None:
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


def _newline_free(regex: re.Pattern[str]) -> bool:
    """True when ``regex`` finds the same matches in a turn as in that turn inside turns joined
    by newlines: nothing it consumes or looks at can be a newline, and it has no ``^``/``$``
    (a newline then behaves like the end of the text on either side).  Unsure: False."""
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P

        tree = P.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - internals of another Python version
        return False
    newline = ord("\n")
    safe_categories = {C.CATEGORY_DIGIT, C.CATEGORY_WORD, C.CATEGORY_NOT_SPACE, C.CATEGORY_NOT_LINEBREAK}

    def walk(items: Any) -> bool:
        for op, av in items:
            if op is C.LITERAL:
                if av == newline:
                    return False
            elif op is C.ANY:
                if regex.flags & re.DOTALL:
                    return False
            elif op is C.IN:
                for sub_op, sub_av in av:
                    if sub_op is C.LITERAL and sub_av != newline:
                        continue
                    if sub_op is C.RANGE and not sub_av[0] <= newline <= sub_av[1]:
                        continue
                    if sub_op is C.CATEGORY and sub_av in safe_categories:
                        continue
                    return False  # a newline, a negated class, anything else
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

    return walk(tree.data)


def _has_anchor(hits: list[tuple[int, int, tuple[tuple[str, int], ...]]]) -> bool:
    for _s, _e, items in hits:
        for kind, _ref in items:
            if kind == "A":
                return True
    return False


class Literals:
    """Literals, each with its entries, all found in one pass over a text.

    Every occurrence counts, overlapping ones included (「公安局」 holds 「公安」), in the
    order of where they end, the longest first among those ending at the same place.
    The automaton is ahocorasick_rs's (the Rust ``aho-corasick`` crate); it does not pickle, so a pickled ``Literals`` keeps only its literals and builds it
    again when loaded (milliseconds).
    """

    __slots__ = ("words", "entries", "groups", "_automaton")

    def __init__(self, entries: dict[str, list[tuple[str, int]]],
                 groups: dict[str, list[int]] | None = None) -> None:
        groups = groups or {}
        self.words = list({**entries, **groups})
        self.entries = [tuple(entries.get(word, ())) for word in self.words]
        self.groups = [tuple(groups.get(word, ())) for word in self.words]  # group numbers
        self._automaton = ahocorasick_rs.AhoCorasick(self.words)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.words, self.entries, self.groups

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.words, self.entries, self.groups = state
        self._automaton = ahocorasick_rs.AhoCorasick(self.words)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Every occurrence: (literal number, start, end)."""
        return self._automaton.find_matches_as_indexes(text, overlapping=True)

    def hits(self, text: str) -> list[tuple[int, int, tuple[tuple[str, int], ...]]]:
        """Every occurrence: (start, end, the literal's entries)."""
        entries = self.entries
        return [(start, end, entries[k]) for k, start, end in self._automaton.find_matches_as_indexes(
            text, overlapping=True)]

    def found_in(self, text: str) -> bool:
        return bool(self._automaton.find_matches_as_indexes(text))


def _build(entries: dict[str, list[tuple[str, int]]], groups: dict[str, list[int]] | None = None) -> Literals | None:
    return Literals(entries, groups) if entries or groups else None


def local_time(started_at: str, zone: str | None) -> datetime | None:
    """``started_at`` (ISO-8601 with offset) in the debtor's zone; None if unusable."""
    try:
        moment = datetime.fromisoformat(started_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    try:
        tz = _zone(zone or "Asia/Shanghai")
    except Exception:  # noqa: BLE001 - unknown zone name
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.lru_cache(maxsize=64)
def _minutes(hhmm: str) -> int:
    h, m = str(hhmm).split(":")
    return int(h) * 60 + int(m)
