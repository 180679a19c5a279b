"""The batch path: audit many calls with one fold and one scan per side.

All the agent turns of a batch are folded in one pass, joined, and get one scan for the
rules' anchors and one run of the raw regexes; all the other side's turns, joined, one fold
and one scan for the call-state cues and the triggers; the first agent turns of each call
(where the state-gated rules usually apply: nobody is verified yet) one scan for those rules
and the required elements.  Then each call is judged in order by its own
:class:`~.auditor.Auditor`, handed what the scans found for it (:class:`~.auditor.CallFacts`),
and only turns with a hit get more work.  Turns are numbered across the batch.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from trainer.zh.text import fold

from .auditor import Auditor, CallFacts, GatedHits
from .finding import Finding
from .gates import RawGroup, RawHit, class_first, lacks
from .literals import ALLOW, ANCHOR, Hit, collect_hits, join_turns
from .scriptorder import with_notes
from .second_opinion import Findings
from .state import ONE_TURN

if TYPE_CHECKING:
    from .rulepack import RulePack

Group = tuple[str, ...]

_NONE: tuple[Any, ...] = ()
_STR = {str}
_TEXT, _SPEAKER = itemgetter("text"), itemgetter("speaker")
_KEPT = 8192  # verdicts remembered per automaton (then forgotten all at once)


@dataclass
class Batch:
    """The turns of a batch and what the scans found in them (turn numbers are the batch's)."""

    offsets: list[int]  # call c holds turns offsets[c] .. offsets[c + 1] - 1
    texts: list[str]
    speakers: list[str]
    agent: list[int]  # the agent turns
    other: list[int]  # the other side's turns
    bounds: list[int]  # call c's agent turns are agent[bounds[c]:bounds[c + 1]]
    folded: list[str] = field(default_factory=list)
    hits: dict[int, list[Hit]] = field(default_factory=dict)
    raw: dict[int, list[RawHit]] = field(default_factory=dict)
    gated: GatedHits | None = None
    gated_clear: set[int] = field(default_factory=set)  # first agent turns without a state-gated hit
    required: dict[Group, set[int]] | None = None
    triggers: dict[Group, set[int]] | None = None
    said_trigger: set[int] = field(default_factory=set)
    events: list[int] = field(default_factory=list)  # turns that may change the call state
    firsts: list[list[int]] = field(default_factory=list)  # each call's first agent turns (``early``)

    def early(self, c: int, max_within: int) -> list[int]:
        """The first agent turns of call ``c``."""
        return self.agent[self.bounds[c]:min(self.bounds[c + 1], self.bounds[c] + max_within)]


def audit_batch(pack: RulePack, transcripts: list[dict[str, Any]]) -> list[list[Finding]]:
    """Findings of some transcripts (see the module docstring)."""
    batch = _turns(transcripts)
    _scan(pack, batch)
    return [_judge_call(pack, batch, c, transcript) for c, transcript in enumerate(transcripts)]


def _turns(transcripts: list[dict[str, Any]]) -> Batch:
    """All the turns of the batch in one list: turn g is turn g - offsets[c] of call c."""
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
    bounds = [bisect_left(agent, offset) for offset in offsets]
    return Batch(offsets, texts, speakers, agent, other, bounds, folded=[""] * len(texts))


def _scan(pack: RulePack, batch: Batch) -> None:
    """Fold and scan the batch's turns: the agent side, the other side, the first agent turns."""
    folded, hits, raw = batch.folded, batch.hits, batch.raw
    if batch.agent and not _agent_lines(pack, batch):
        hits.clear()
        raw.clear()
        joined, starts = fold_turns(batch.agent, batch.texts, folded)
        _agent_hits(pack, batch, joined, starts)
        _agent_raw(pack, batch, joined, starts)
        if hits:
            prune(pack, hits, raw, folded, pack._prune_memo[0])
        if pack._per_turn:  # a model rule judges the agent turns it could fire on
            quiet = [g for g in batch.agent if g not in hits]
            for check, rules in pack._per_turn_checks:
                for g in check.may_fire_any(rules, folded, quiet):
                    hits.setdefault(g, [])
    # which turns say each trigger, and each required group (first agent turns only)
    said: list[set[int]] = [set() for _ in pack._trigger_groups]
    if batch.other and not _other_lines(pack, batch, said):
        for g in batch.other:
            hits.pop(g, None)
        for turns in said:
            turns.clear()
        joined, starts = fold_turns(batch.other, batch.texts, folded)
        collect_hits(pack._other_literals, joined, starts, batch.other, hits, said)
        if pack._other_speakers:
            collect_raw(pack, pack._raw_plain, joined, starts, batch.other, folded, raw)
    named: list[set[int]] = [set() for _ in pack._required_groups]
    batch.firsts = [batch.early(c, pack._max_within) for c in range(len(batch.offsets) - 1)]
    firsts = [g for early in batch.firsts for g in early]
    if firsts:
        gated_hits: dict[int, list[Hit]] = {}
        gated_raw: dict[int, list[RawHit]] = {}
        _first_hits(pack, firsts, folded, gated_hits, gated_raw, named)
        batch.gated = GatedHits(set(firsts), gated_hits, gated_raw)
        batch.gated_clear = batch.gated.turns.difference(gated_hits, gated_raw)
    if pack._batch_groups:
        batch.required = dict(zip(pack._required_groups, named, strict=True))
        batch.triggers = dict(zip(pack._trigger_groups, said, strict=True))
        batch.said_trigger = set().union(*said)
    if not pack._other_speakers and pack._batch_groups:
        # turns that may change something: a hit, a trigger, a third party speaking
        batch.events = sorted({*hits, *raw, *batch.said_trigger,
                               *(i for i in batch.other if batch.speakers[i] == "third_party")})


def _agent_lines(pack: RulePack, batch: Batch) -> bool:
    """The agent side of :func:`_scan` by each line's text: its folded text, its anchor hits left
    after pruning (with an empty list where the model could fire on a quiet line) and its raw
    matches all follow from the line alone while no line holds a newline (then no match runs from
    one turn into the next, and a turn's raw matches come in the same order alone or joined), so
    they are remembered by the unfolded text: a line said again is neither folded nor scanned, one
    look-up instead of one per memory.  Only the new lines go through the scans, joined.  False
    (nothing done) when a literal or a new line holds a newline: then :func:`_scan` does it all."""
    memo, texts = pack._agent_lines, batch.texts
    if memo is None or pack._agent_automaton is None:
        return False
    folded, hits, raw = batch.folded, batch.hits, batch.raw
    get = memo.get
    new: list[int] = []
    for g in batch.agent:
        known = get(texts[g])
        if known is None:
            new.append(g)
            continue
        folded[g] = known[0]
        if known[1] is not None:
            hits[g] = list(known[1])
        if known[2]:
            raw[g] = list(known[2])
    if not new:
        return True
    if any("\n" in texts[g] for g in new):
        return False
    found: dict[int, list[Hit]] = {}
    matched: dict[int, list[RawHit]] = {}
    joined, starts = fold_turns(new, texts, folded)
    collect_hits(pack._agent_automaton, joined, starts, new, found)
    collect_raw(pack, pack._raw_plain, joined, starts, new, folded, matched)
    if found:
        prune(pack, found, matched, folded, pack._prune_memo[0])
    if pack._per_turn:  # a model rule judges the agent turns it could fire on
        quiet = [g for g in new if g not in found]
        for check, rules in pack._per_turn_checks:
            for g in check.may_fire_any(rules, folded, quiet):
                found.setdefault(g, [])
    if len(memo) + len(new) > _KEPT:
        memo.clear()
    for g in new:
        got, more = found.get(g), matched.get(g)
        memo[texts[g]] = (folded[g], None if got is None else tuple(got), tuple(more) if more else _NONE)
    hits.update(found)
    raw.update(matched)
    return True


def _other_lines(pack: RulePack, batch: Batch, said: list[set[int]]) -> bool:
    """The other side's part of :func:`_scan` by each line's text (as :func:`_agent_lines`): its
    folded text, its cue and trigger hits and the trigger groups it says (added to ``said``), while
    no rule judges the other side (no raw regex runs there) and no literal or new line holds a
    newline.  False (nothing done that :func:`_scan` does not undo) otherwise."""
    memo, texts, literals = pack._other_lines, batch.texts, pack._other_literals
    if memo is None or pack._other_speakers:
        return False
    folded, hits = batch.folded, batch.hits
    get = memo.get
    new: list[int] = []
    for g in batch.other:
        known = get(texts[g])
        if known is None:
            new.append(g)
            continue
        folded[g] = known[0]
        if known[1] is not None:
            hits[g] = list(known[1])
        for gi in known[2]:
            said[gi].add(g)
    if not new:
        return True
    if any("\n" in texts[g] for g in new):
        return False
    found: dict[int, list[Hit]] = {}
    groups: list[set[int]] = [set() for _ in said]
    joined, starts = fold_turns(new, texts, folded)
    collect_hits(literals, joined, starts, new, found, groups)
    if len(memo) + len(new) > _KEPT:
        memo.clear()
    for g in new:
        got = found.get(g)
        memo[texts[g]] = (folded[g], None if got is None else tuple(got),
                          tuple(gi for gi, turns in enumerate(groups) if g in turns))
    hits.update(found)
    for turns, more in zip(said, groups, strict=True):
        turns |= more
    return True


def _agent_hits(pack: RulePack, batch: Batch, joined: str, starts: list[int]) -> None:
    """The anchors and allow-list entries said in the agent turns (``joined``, from ``starts``).

    A turn's hits follow from its folded text alone (every occurrence counts, and no literal holds
    a newline, so none runs from one turn into the next): they are remembered by that text, and
    only the lines not seen before are scanned (8,192 lines kept, then forgotten all at once)."""
    automaton, memo, folded, hits = pack._agent_automaton, pack._hits_memo, batch.folded, batch.hits
    if automaton is None:
        return
    if memo is None:  # a literal with a newline in it: scan every turn
        collect_hits(automaton, joined, starts, batch.agent, hits)
        return
    new, said_before = _remembered(memo, batch.agent, folded)
    if len(new) == len(batch.agent):
        collect_hits(automaton, joined, starts, batch.agent, hits)
    elif new:
        collect_hits(automaton, *join_turns([folded[g] for g in new]), new, hits)
    _remember(memo, new, folded, hits, said_before)


def _agent_raw(pack: RulePack, batch: Batch, joined: str, starts: list[int]) -> None:
    """The raw regexes' matches in the agent turns, remembered by each turn's text like its hits.
    Only when no turn of the batch holds a newline: then the order of a turn's matches (by
    pattern, then place) does not depend on the other turns of the batch."""
    memo, folded, raw, group = pack._raw_memo, batch.folded, batch.raw, pack._raw_plain
    if not group or joined.count("\n") != len(starts) - 1:
        collect_raw(pack, group, joined, starts, batch.agent, folded, raw)
        return
    new, said_before = _remembered(memo, batch.agent, folded)
    if len(new) == len(batch.agent):
        collect_raw(pack, group, joined, starts, batch.agent, folded, raw)
    elif new:
        collect_raw(pack, group, *join_turns([folded[g] for g in new]), new, folded, raw)
    _remember(memo, new, folded, raw, said_before)


def _first_hits(pack: RulePack, firsts: list[int], folded: list[str], hits: dict[int, list[Hit]],
                raw: dict[int, list[RawHit]], named: list[set[int]]) -> None:
    """The state-gated rules' hits and raw matches in the first agent turns ``firsts``, and the
    required groups each says (added to ``named``), the hits pruned (:func:`prune`).  Like an
    agent turn's hits and raw matches (:func:`_agent_hits`, :func:`_agent_raw`) they follow from
    the turn's folded text alone while no turn holds a newline: remembered (pruned) by that text,
    and only the lines not seen before are scanned (8,192 kept, then forgotten all at once)."""
    memo = pack._first_memo
    new, said_before = (firsts, []) if memo is None else _remembered(memo, firsts, folded)
    if new:
        joined, starts = join_turns([folded[g] for g in new])
        if len(new) < len(firsts) and joined.count("\n") != len(starts) - 1:
            new, said_before = firsts, []  # a turn holds a newline: scan them all, remember none
            joined, starts = join_turns([folded[g] for g in new])
        collect_hits(pack._first_literals, joined, starts, new, hits, named)
        collect_raw(pack, pack._raw_gated, joined, starts, new, folded, raw)
        if hits:  # (a turn's pruning reads that turn alone: the lines said before were pruned)
            prune(pack, hits, raw, folded, pack._prune_memo[1])
        if memo is not None and joined.count("\n") == len(starts) - 1:
            if len(memo) + len(new) > _KEPT:
                memo.clear()
            for g in new:
                said = tuple(gi for gi, turns in enumerate(named) if g in turns)
                found, matched = hits.get(g, _NONE), raw.get(g, _NONE)
                memo[folded[g]] = (tuple(found), tuple(matched), said) if found or matched or said else ()
    for g, (found, matched, said) in said_before:
        if found:
            hits[g] = list(found)
        if matched:
            raw[g] = list(matched)
        for gi in said:
            named[gi].add(g)


def _remembered(memo: dict[str, tuple[Any, ...]], which: list[int],
                folded: list[str]) -> tuple[list[int], list[tuple[int, tuple[Any, ...]]]]:
    """The turns of ``which`` whose text ``memo`` does not know, and (turn, what it knows) for
    the others that found something."""
    new: list[int] = []
    said_before: list[tuple[int, tuple[Any, ...]]] = []
    for g in which:
        known = memo.get(folded[g])
        if known is None:
            new.append(g)
        elif known:
            said_before.append((g, known))
    return new, said_before


def _remember(memo: dict[str, tuple[Any, ...]], new: list[int], folded: list[str], found: dict[int, list[Any]],
              said_before: list[tuple[int, tuple[Any, ...]]]) -> None:
    """Remember what the ``new`` turns found, and give the others what was found before (a new list each)."""
    if len(memo) + len(new) > _KEPT:
        memo.clear()
    for g in new:
        memo[folded[g]] = tuple(found.get(g, _NONE))
    for g, known in said_before:
        found[g] = list(known)


def _judge_call(pack: RulePack, batch: Batch, c: int, transcript: dict[str, Any]) -> list[Finding]:
    """Findings of call ``c``: its turns in order, the quiet ones on a fast path."""
    offset, stop = batch.offsets[c], batch.offsets[c + 1]
    max_within = pack._max_within
    facts = CallFacts(offset, batch.firsts[c], batch.required, batch.triggers, batch.gated)
    auditor = Auditor(pack, transcript.get("meta") or {}, str(transcript.get("id", "")), facts)
    auditor.batch_folded = batch.folded  # every turn's text, for checks that look back (fresh_sum)
    hits, raw, speakers, events, agent = batch.hits, batch.raw, batch.speakers, batch.events, batch.agent
    fast_other = not pack._other_speakers and pack._batch_groups
    model_flags = pack._per_turn_flags  # while one holds, a model rule judges every agent turn
    state = auditor.state
    pending = auditor.pending_answer
    opening, third_party_call = auditor.late_opening, auditor._third_party_call  # (opening.start: someone else answered first)
    out: list[Finding] = []
    g = offset
    while g < stop:
        got = hits.get(g)
        speaker = speakers[g]
        if (got is None or (not got and not _may_fire_now(pack, batch.folded[g], auditor))) and g not in raw:
            # nothing said in this turn can matter: only the call state moves on
            if speaker == "agent":
                if not pending and (g in batch.gated_clear or not auditor.gated_active()) \
                        and not (model_flags and state.flags & model_flags):
                    late = opening.start is not None and auditor.mark_late(batch.folded[g])
                    if state.agent_turns < max_within and (batch.required is None or not state.verified
                                                           or auditor.gated_active()):
                        if batch.required is None:
                            auditor.mark_required(g - offset, batch.folded[g])
                    elif (not late and fast_other and not state.flags and state.contact != "unknown"
                          and (state.verified or not auditor.debtor_on_record)):
                        # settled: until the next turn with a hit, a trigger or a third party, agent turns
                        # only count and the other side changes nothing (the first agent turns too once the batch
                        # counted their required elements, the debtor is verified and no state-gated rule applies)
                        k = bisect_right(events, g)
                        nxt = min(events[k] if k < len(events) else stop, stop)
                        state.agent_turns += bisect_left(agent, nxt) - bisect_left(agent, g)
                        g = nxt
                        continue
                    state.agent_turns += 1
                    if state.flags:
                        state.flags -= ONE_TURN
                    g += 1
                    continue
            elif fast_other and g not in batch.said_trigger:
                if state.verified and speaker == "debtor" and not third_party_call and state.contact != "unknown":
                    g += 1  # the verified debtor's quiet reply: note_identity and gives_minor_age change nothing
                    continue
                if speaker == "third_party":
                    state.contact = "third_party"
                auditor.note_identity(speaker, batch.texts[g])  # the reply may confirm who answered
                if auditor.gives_minor_age(g - offset, speaker, batch.folded[g]):
                    state.flags.add("minor")
                    auditor.flagged(g - offset)
                g += 1
                continue
        found = auditor.judge(g - offset, speaker, batch.texts[g], batch.folded[g], got or _NONE, raw.get(g, _NONE))
        if found:
            out += found
        g += 1
    out += auditor.finish()
    found = Findings(out, auditor.withdrawn) if auditor.withdrawn else out
    return with_notes(found, auditor.order.notes) if auditor.order else found


def _may_fire_now(pack: RulePack, folded: str, auditor: Auditor) -> bool:
    """For an agent turn without anchor hits (an empty list: a model rule could fire on its text in
    some state): could one fire in the call's state now?  If not, the turn is judged as a quiet
    one, as no rule can find anything there (``tests/compliance/test_model_scoring.py``).

    The answer reads the line and the state's features alone (who is on the line, identity
    confirmed, the flags: ``model.state_features``), all in the auditor's state key, and the
    pack's model rules: remembered per (line, state key)."""
    key = (folded, *auditor._state_key())
    known = pack._fire_now.get(key)
    if known is None:
        state = auditor.state
        if len(pack._fire_now) >= _KEPT:
            pack._fire_now.clear()
        known = pack._fire_now[key] = any(check.may_fire_now(rules, folded, state)
                                          for check, rules in pack._per_turn_checks)
    return known


def fold_turns(which: list[int], texts: list[str], folded: list[str]) -> tuple[str, list[int]]:
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


def collect_raw(pack: RulePack, group: RawGroup, joined: str, starts: list[int], which: list[int],
                folded: list[str], raw: dict[int, list[RawHit]]) -> None:
    """The group's raw-regex matches in the turns ``which``, added to ``raw`` by turn: the
    joinable regexes over the joined text (and those joinable in another form when no turn
    holds a newline), the others turn by turn."""
    if not group:
        return
    clean = joined.count("\n") == len(starts) - 1
    together = group.joinable + (len(group.joined_forms) if clean else 0)
    if together:
        for pi, start, end in pack.scan_raw(joined, group, joined=True, clean=clean):
            k = bisect_right(starts, start) - 1
            base = starts[k]
            raw.setdefault(which[k], []).append((pi, start - base, end - base))
    for pi in group.patterns[together:]:
        if lacks(joined, group.needs.get(pi)):
            continue  # no turn holds a string every match needs (tested turn by turn, it cost more than it spared)
        regex, gate = class_first(pack._regexes[pi]), pack._raw_gate.get(pi)
        for ti in which:
            text = folded[ti]
            if gate is not None and gate.search(text) is None:
                continue
            for m in regex.finditer(text):
                if m.end() > m.start():
                    raw.setdefault(ti, []).append((pi, m.start(), m.end()))


def prune(pack: RulePack, hits: dict[int, list[Hit]], raw: dict[int, list[RawHit]], folded: list[str],
          memo: dict[str, bool] | None = None) -> None:
    """Forget the agent turns whose anchor hits cannot lead anywhere.

    The auditor drops, whatever the call state, an anchor hit that lies inside an allow-list
    hit of its rule, and the anchors of a pattern whose regex matches nowhere in the turn
    (then it matches in no clause either: the patterns have no look-arounds).  With no
    anchor left, the allow-list hits (which only excuse anchors and raw matches of the same
    rules) change nothing either.  Such a turn is judged exactly like a turn without hits,
    so it is taken out of ``hits`` here, in one pass, and the per-call loop takes its fast
    path.  Turns with a raw match stay.

    The hits of a turn follow from its folded text alone (one automaton, no literal holds a
    newline), so the verdict is remembered by that text in ``memo`` (one per automaton): a
    line said again, in this batch or a later one, costs one look-up."""
    search = pack._search
    drop = []
    for ti, got in hits.items():
        if ti in raw:
            continue
        text = folded[ti]
        keep = memo.get(text) if memo is not None else None
        if keep is None:
            if len(got) == 1:  # the usual case: one literal said
                keep = any(kind == ANCHOR and search[ref](text) is not None for kind, ref in got[0][2])
            else:
                keep = _may_find(pack, got, text)
            if memo is not None:
                if len(memo) >= _KEPT:
                    memo.clear()
                memo[text] = keep
        if not keep:
            drop.append(ti)
    for ti in drop:
        del hits[ti]


def _may_find(pack: RulePack, got: list[Hit], text: str) -> bool:
    """Whether some anchor hit of ``got`` is outside its rule's allow-list and its pattern matches."""
    search, rule_of = pack._search, pack._pattern_rule
    refs = set()
    for _s, _e, items in got:
        for kind, ref in items:
            if kind == ANCHOR:
                refs.add(ref)
            elif kind == ALLOW:
                break
        else:
            continue
        break
    else:  # no allow-list hit (the usual case): only the patterns' regexes decide
        return any(search[ref](text) is not None for ref in refs)
    anchors: dict[int, list[tuple[int, int]]] = {}
    excepted: dict[int, list[tuple[int, int]]] = {}
    for start, end, items in got:
        for kind, ref in items:
            if kind == ANCHOR:
                anchors.setdefault(ref, []).append((start, end))
            elif kind == ALLOW:
                excepted.setdefault(ref, []).append((start, end))
    for ref, spans in anchors.items():
        allowed = excepted.get(rule_of[ref])
        if allowed and all(any(xs <= s and e <= xe for xs, xe in allowed) for s, e in spans):
            continue
        if search[ref](text) is not None:
            return True
    return False
