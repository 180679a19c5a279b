"""A compiled rule pack: the enabled rules, one scan for all their anchors, and the API.

Compilation puts every anchor literal of every pattern, every allow-list entry and every
state cue into Aho–Corasick automata (:mod:`.literals`).  Judging a turn is: fold it, run
the automaton once (or, for a batch of calls, once over all their turns joined by
newlines), and only where an anchor hit survives the call state and the allow-lists, map
back to the original text, cut the clause and run the rule's regex and context tests there
(:mod:`.auditor`, :mod:`.batch`).  Turns with no hit cost one fold and one scan.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from trainer.zh.text import fold_tables

from . import arbitrate, batch, second_opinion
from .auditor import Auditor, CallFacts
from .calltime import CallSettings
from .checks import REGISTRY, CheckType
from .compile import Pattern, Tables, compile_patterns, cues_in_order, group_terms, state_cues, with_cues
from .consent import without_chosen_hours
from .context import Cues, TurnContext
from .finding import Finding
from .gates import RawGroup, RawHit, raw_group, run_gate, scan_raw
from .literals import Hit, Literals, build_literals
from .pack import PackData, Rule
from .prefilter import gate_tokens, gated_search
from .state import TOLD, rarely
from .turnmemo import Remembered


class RequiredRule(NamedTuple):
    """A rule whose groups must be said in the first ``within`` agent turns."""

    rule: int
    within: int
    groups: tuple[tuple[str, ...], ...]


class _FirstSearch:
    """The ``search`` of a pattern whose regex is not compiled yet (picklable, unlike a closure)."""

    __slots__ = ("pack", "pi")

    def __init__(self, pack: RulePack, pi: int) -> None:
        self.pack, self.pi = pack, pi

    def __call__(self, text: str, *args: Any) -> Any:
        pattern = self.pack._patterns[self.pi]
        search = pattern.regex.search
        if pattern.compiled is not None:  # a literal gate first (see prefilter.py)
            search = gated_search(search, gate_tokens(pattern.compiled))
        self.pack._search[self.pi] = search
        return search(text, *args)


class RulePack:
    """A compiled pack: the enabled rules, their settings and the automata."""

    def __init__(self, data: PackData, tables: Tables | None = None) -> None:
        """``tables``: what an earlier process derived from the same pack (:mod:`.packcache`)."""
        self.data = data
        self.settings = data.settings
        self.names = list(data.names)
        self.digest = data.digest
        self.rules: list[Rule] = [r for r in data.rules.values()
                                  if r.id not in data.disabled and r.category not in data.disabled]
        self.all_rules: list[Rule] = list(data.rules.values())
        self._all_by_id: dict[str, Rule] = {}
        for rule in self.all_rules:
            self._all_by_id.setdefault(rule.id, rule)
        self._by_id = {r.id: i for i, r in enumerate(self.rules)}
        self.tables = tables if tables is not None else Tables.of(data)
        self._lexicons = self.tables.lexicons
        self._compile_literals()
        self._compile_checks()
        self._compile_groups()
        self._compile_raw()
        # what a turn's text alone decides, remembered by that text (a line said again costs a
        # look-up): batch.prune's verdicts (agent scan, first turns), the auditor's TurnContext
        self._prune_memo: tuple[dict[str, bool], dict[str, bool]] = ({}, {})
        self._contexts: dict[str, tuple[TurnContext, dict[tuple[int, int, int, int], bool]]] = {}
        # batch.py: each agent line's anchor hits (None: a literal holds a newline, so no memory)
        agent_words = self._agent_automaton.words if self._agent_automaton is not None else ()
        self._hits_memo: dict[str, tuple[Hit, ...]] | None = \
            None if any("\n" in w for w in agent_words) else {}
        self._raw_memo: dict[str, tuple[RawHit, ...]] = {}  # batch.py: each agent line's raw matches
        # batch.py: each agent line's folded text, hits left after pruning and raw matches, by its text
        self._agent_lines: dict[str, tuple[Any, ...]] | None = None if self._hits_memo is None else {}
        other_words = self._other_literals.words if self._other_literals is not None else ()
        self._other_lines: dict[str, tuple[Any, ...]] | None = \
            None if any("\n" in w for w in other_words) else {}  # the other side's lines, the same way
        # batch.py: a first agent line's state-gated hits, raw matches and required groups said
        first_words = self._first_literals.words if self._first_literals is not None else ()
        self._first_memo: dict[str, tuple[Any, ...]] | None = \
            None if any("\n" in w for w in first_words) else {}
        self._turn_memo: dict[Any, Remembered] = {}  # auditor.py: an agent turn's findings per (line, state)
        # auditor.py: what a line alone says of the call state: does an agent line ask a child's age,
        # does a reply confirm or deny who answered (identity_answer)
        self._asks_age: dict[str, bool] = {}
        self._identity: dict[str, str | None] = {}
        # auditor.py: the required rules' marks after a call's first turns, per groups each says
        self._seen_memo: dict[tuple[bool, ...], Mapping[int, tuple[bool, ...]]] = {}
        # batch.py: could a model rule fire on an agent line in a call state (per line and state)
        self._fire_now: dict[tuple[Any, ...], bool] = {}

    # --- compilation (see compile.py) ------------------------------------------------------

    def _compile_literals(self) -> None:
        """The patterns, and the automata of their anchors, allow-lists and the state cues."""
        table = compile_patterns(self.rules, self.data, self.tables)
        self._patterns: list[Pattern] = table.patterns
        self._raw_by_rule = table.raw_by_rule
        self._unless = table.unless
        entries, self._gated_entries = table.entries, table.gated
        self._cue_entries, self._state_terms = state_cues(self._lexicons)
        self._entries = entries
        # Agent turns only need the rules' anchors and allow-lists; the other side only the
        # call-state cues (plus anchors of rules that judge other speakers, if any).
        self._other_speakers = any(set(r.speakers) - {"agent"} for r in self.rules)
        self._agent_automaton = build_literals(entries)
        self._other_entries = with_cues(entries, self._cue_entries) if self._other_speakers \
            else cues_in_order(entries, self._cue_entries)
        self._other_automaton = build_literals(self._other_entries)
        self._gated_automaton = build_literals(self._gated_entries)
        self._gates = [(r.while_, r.except_while) for r in self.rules if rarely(r)]
        self._gate_cache: dict[tuple[Any, ...], bool] = {}
        self._pat_rule = [self.rules[p.rule] for p in self._patterns]
        self._pattern_rule = [p.rule for p in self._patterns]
        # raw regexes by pattern number (None for the pattern-language ones, which are
        # compiled on first use: see _searcher)
        self._regexes: list[Any] = [p.raw for p in self._patterns]
        self._search = [self._searcher(pi) for pi in range(len(self._patterns))]
        # patterns of agent rules that hold in every call state: no state checks per hit
        self._plain = [("agent" in r.speakers and not r.while_ and not r.except_while)
                       for r in self._pat_rule]

    @functools.cached_property
    def _automaton(self) -> Literals | None:
        """Every anchor, allow-list entry and cue (:meth:`scan`; the auditor scans each side
        with its own automaton)."""
        return build_literals(with_cues(self._entries, self._cue_entries))

    def _searcher(self, pi: int) -> Any:
        """``search`` of pattern ``pi``'s regex (a pattern-language one is compiled on the
        first call, which then puts the compiled regex's own method in its place)."""
        raw = self._patterns[pi].raw
        return raw.search if raw is not None else _FirstSearch(self, pi)

    def _compile_checks(self) -> None:
        """What each rule's check type asks for (checks/): the rules each hook is called for."""
        checks = [REGISTRY[r.check] for r in self.rules]
        self._checks: list[CheckType] = checks
        settings = self.settings
        self.rules = [c.settle(r, settings) for r, c in zip(self.rules, checks, strict=True)]
        self._max_within = max([c.watches(r, settings) for r, c in zip(self.rules, checks, strict=True)
                                if c.overrides("watches")] or [0])
        self._required_within = [RequiredRule(ri, c.watches(r, settings), r.require)
                                 for ri, (r, c) in enumerate(zip(self.rules, checks, strict=True))
                                 if c.overrides("said_early")]
        self._required = [x.rule for x in self._required_within]
        self._answer = [ri for ri, c in enumerate(checks) if c.overrides("heard")]
        self._derived = [ri for ri, c in enumerate(checks) if c.overrides("derives")]
        self._yields = {r.id: frozenset(r.yields_to) for r in self.rules if r.yields_to}
        self._second_opinion = second_opinion.from_settings(self.settings)  # 模型复核, or None
        self._arbitration = arbitrate.from_settings(self.settings)  # 一处违规只报一个类别, or None
        self._rule_of = {r.id: r for r in self.rules}
        # telling or asking someone other than the debtor about the debt keeps its own line, on every turn,
        # beside whatever else the sentence breaks — pressure on a child, a patient or the bereaved, a
        # false claim, a threat (DOMAIN.md: each a breach; state.TOLD)
        self._yields_to_others = {rid: frozenset() if self._rule_of[rid].category == TOLD else cats
                                  for rid, cats in self._yields.items()}
        self._arbitration_to_others = (self._arbitration.without(TOLD)
                                       if self._arbitration is not None else None)
        self._takes_over = {r.id: (r.category, frozenset(r.takes_over)) for r in self.rules if r.takes_over}
        self._once_told = frozenset(r.id for r in self.rules if r.once_told)  # (Auditor._once_told)
        self._judging = frozenset(ri for ri, c in enumerate(checks) if c.overrides("judges"))
        self._per_turn = [ri for ri, c in enumerate(checks) if c.overrides("per_turn")]  # model rules
        self._per_turn_flags = frozenset().union(*(checks[ri].flags for ri in self._per_turn))
        by_check: dict[int, tuple[CheckType, list[Rule]]] = {}
        for ri in self._per_turn:
            by_check.setdefault(id(checks[ri]), (checks[ri], []))[1].append(self.rules[ri])
        self._per_turn_checks = list(by_check.values())  # (check type, its per-turn rules)
        # call-level findings in registry order (all required rules, then metadata rules…)
        self._missed = [ri for check in REGISTRY.values() if check.overrides("missed")
                        for ri, c in enumerate(checks) if c is check]
        self._call_settings = CallSettings.from_settings(settings)

    def _compile_groups(self) -> None:
        """One automaton per word group (is any term said?), and for batches one for all the
        required groups and one for all the triggers (term -> group numbers)."""
        self._group_ac: dict[tuple[str, ...], Literals | None] = {}
        for rule, check in zip(self.rules, self._checks, strict=True):
            for group in check.groups(rule):
                terms = frozenset().union(*self.term_sets(group))
                # a regex alternation of hundreds of names tries every branch at every position
                self._group_ac[group] = build_literals({t: [] for t in terms})
        self._required_groups = sorted({g for x in self._required_within for g in x.groups})
        self._trigger_groups = sorted({self.rules[ri].trigger for ri in self._answer})
        # group hits can be collected over joined turns when no term holds a newline
        self._batch_groups = not any("\n" in t for g in self._group_ac
                                     for terms in self.term_sets(g) for t in terms)
        required_terms = group_terms(self._required_groups, self.term_sets) if self._batch_groups else {}
        trigger_terms = group_terms(self._trigger_groups, self.term_sets) if self._batch_groups else {}
        # batches: the first agent turns of the calls get one scan for the state-gated rules and
        # the required elements together; the other side's turns one for the call-state cues
        # (and other speakers' rules) and the triggers together
        self._first_literals = build_literals(self._gated_entries, required_terms)
        self._other_literals = build_literals(self._other_entries, trigger_terms)

    def _compile_raw(self) -> None:
        """The raw regexes: a gate for each, and the two groups that run together (gates.py)."""
        self._raw_rules = sorted(self._raw_by_rule)
        self._raw_gate = {pi: gate for pis in self._raw_by_rule.values() for pi in pis
                          if (gate := run_gate(self._patterns[pi].regex)) is not None}
        self._raw_plain = raw_group([pi for ri in self._raw_rules if not rarely(self.rules[ri])
                                     for pi in self._raw_by_rule[ri]], self._regexes, self._raw_gate)
        self._raw_gated = raw_group([pi for ri in self._raw_rules if rarely(self.rules[ri])
                                     for pi in self._raw_by_rule[ri]], self._regexes, self._raw_gate)

    def literals(self) -> list[str]:
        """Every anchor literal of the pack (for the ripgrep comparison in the benchmark)."""
        return sorted({lit for p in self._patterns if p.compiled for lit in p.compiled.anchor})

    def term_sets(self, items: tuple[str, ...]) -> list[frozenset[str]]:
        return [self.tables.terms(item) for item in items]

    @functools.cached_property
    def cues(self) -> Cues:
        """The context cues (folded on first use: a cached pack loads without folding anything)."""
        return Cues.from_settings(self.data.settings.get("cues"))

    # --- API ----------------------------------------------------------------------------

    def rule(self, rule_id: str) -> Rule | None:
        """The rule of that id, enabled or not (None when the pack has none)."""
        return self._all_by_id.get(rule_id)

    def without_second_opinion(self) -> RulePack:
        """This pack with the model's second opinion off (the rules' examples test the rules)."""
        if self._second_opinion is None:
            return self
        other = copy.copy(self)
        other._second_opinion = None
        other._turn_memo = {}  # (its turns' findings are not this pack's)
        return other

    def auditor(self, meta: dict[str, Any] | None, transcript_id: str, facts: CallFacts | None = None) -> Auditor:
        return Auditor(self, meta or {}, transcript_id, facts)

    def scan(self, folded: str, gated: bool = False) -> list[Hit]:
        """Automaton hits in ``folded``: (start, end, entries); ``gated`` = state-dependent rules."""
        literals = self._gated_automaton if gated else self._automaton
        return [] if literals is None else literals.hits(folded)

    def scan_raw(self, folded: str, group: RawGroup, joined: bool = False, clean: bool = False) -> list[RawHit]:
        """Matches of a group's raw regexes in one turn: (pattern index, start, end).
        ``joined``: ``folded`` is turns joined by newlines; only the joinable regexes run (and,
        when ``clean``, no turn holding a newline, those joinable in another form)."""
        return scan_raw(folded, group, self._regexes, self._raw_gate, joined, clean)

    def group_found(self, group: tuple[str, ...], folded: str) -> bool:
        literals = self._group_ac[group]
        return literals is not None and literals.found_in(folded)

    def warm(self) -> None:
        """Build now what the first audited calls would build: the folding tables, the batch
        path's automata, the context cues.  ``trainer audit --jobs N`` calls it before forking
        its workers, so that they inherit it instead of each building it again."""
        fold_tables()
        for literals in (self._agent_automaton, self._other_literals, self._first_literals):
            if literals is not None:
                literals.find("")
        self.cues  # noqa: B018 - a cached property: built here

    def forget(self) -> None:
        """Forget what was remembered per turn text (a benchmark's cold start)."""
        for memo in self._prune_memo:
            memo.clear()
        if self._hits_memo is not None:
            self._hits_memo.clear()
        self._raw_memo.clear()
        for lines in (self._agent_lines, self._other_lines):
            if lines is not None:
                lines.clear()
        if self._first_memo is not None:
            self._first_memo.clear()
        self._contexts.clear()
        self._turn_memo.clear()
        self._fire_now.clear()
        self._asks_age.clear()
        self._identity.clear()

    def audit(self, transcript: dict[str, Any]) -> list[Finding]:
        """Findings of one transcript dict (see :meth:`audit_many`)."""
        return self._audit_batch([transcript])[0]

    def audit_many(self, transcripts: Iterable[dict[str, Any]], batch: int = 64) -> Iterator[list[Finding]]:
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

    def _audit_batch(self, transcripts: list[dict[str, Any]]) -> list[list[Finding]]:
        # a late call the customer booked is no quiet-hours breach (consent.py)
        # (only a call with a finding can have a quiet-hours one to drop: most calls have none)
        return [without_chosen_hours(self, t, found) if found else found
                for t, found in zip(transcripts, batch.audit_batch(self, transcripts), strict=True)]
