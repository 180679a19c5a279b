"""The per-call judge: an :class:`Auditor` judges the turns of one call in order, keeping
the call state (:mod:`.state`) between them.

Turn by turn (a practice session, :meth:`Auditor.add_turn`) it scans each turn itself; in a
batch (:mod:`.batch`) the scans are done for many calls at once and the batch hands each
auditor what it found for its call (:class:`CallFacts`) and then calls :meth:`Auditor.judge`
on the turns that need it.  Either way the check types' hooks (:mod:`.checks`) decide, with
the same code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from trainer.zh.cues import illness_subject, own_distress, recovered
from trainer.zh.text import fold, normalize

from . import consent
from .age import answers_minor_age
from .arbitrate import arbitrate_turn
from .checks import Said, said_in_turn
from .checks.model import merge as merge_turn
from .context import TurnContext, excused, speaks_of_death
from .finding import Finding, finding, fold_related, one_per_rule, with_extra
from .gates import RawHit
from .literals import ALLOW, ANCHOR, CUE, Hit, has_anchor, spans_within
from .opening import LateOpening
from .scriptorder import HeldOrder, before_verification_rules
from .second_opinion import review, ruled_out
from .state import CLAIMED, FLAG_CUES, ONE_TURN, STATE_NAMES, TOLD, CallState
from .turnmemo import asks_age, identity_answer_of, remember, replay, seen_early

if TYPE_CHECKING:
    from .rulepack import RulePack

Group = tuple[str, ...]
Spans = dict[int, list[tuple[int, int]]]  # pattern or rule number -> spans in the folded turn


class GatedHits(NamedTuple):
    """The state-gated rules' hits, found at once for the first agent turns of the calls."""

    turns: set[int]
    hits: dict[int, list[Hit]]
    raw: dict[int, list[RawHit]]


class CallFacts(NamedTuple):
    """What a batch found for a call before judging it (turn numbers are the batch's)."""

    offset: int  # the batch number of the call's first turn
    early: list[int]  # its first agent turns (up to the longest ``within``)
    required_at: dict[Group, set[int]] | None  # turns saying each required group (early ones)
    trigger_at: dict[Group, set[int]] | None  # turns of the other side saying each trigger
    gated: GatedHits | None


class Candidate(NamedTuple):
    pattern: int
    start: int
    end: int
    low: bool  # homophone spellings only
    anchor: int  # where the anchor starts (for the context tests)


_SUM = re.compile(r"[一二两三四五六七八九十几]{1,3}[百千万]|[0-9]{3,}")
_DIGITS = re.compile(r"[^0-9]")  # (context read_back: a number compared digit for digit)
_CLAUSE_MARK = re.compile(r"[，,。；;！!？?\n]")
_NONE: tuple[Any, ...] = ()
_NO_CUES: frozenset[str] = frozenset()
_NO_RULES: frozenset[int] = frozenset()
_NO_FACTS = CallFacts(0, [], None, None, None)


class Auditor:
    """Judges the turns of one call in order, keeping the call state between them."""

    # what every call starts with and replaces rather than changes (class defaults: a batch makes
    # an auditor per call, and each of these set per instance cost as much as the rest of a quiet call's set-up)
    order: HeldOrder | None = None  # on record: debt told before the reply, once any (scriptorder.py)
    _told_unverified: str | None = None  # the listener first told of the debt before verification
    _told: str | None = None  # the listener a disclosure of the debt was last reported to (_once_told)
    _agent_turns_kept = 0
    batch_folded: list[str] | None = None  # the batch's folded turns (see ``_history``)
    _flagged_at = 0
    _relative_ill = False  # the other side has spoken of a relative's illness
    _finished = False
    _read_history = False  # the turn being judged looked at the call's earlier turns

    def __init__(self, pack: RulePack, meta: dict[str, Any], transcript_id: str,
                 facts: CallFacts | None = None) -> None:
        self.pack = pack
        self.meta = meta
        self.transcript_id = transcript_id
        contact = meta.get("contact")
        if contact == "debtor" or contact == "third_party":
            self.state = state = CallState(contact, False, contact == "debtor")
        else:
            self.state = state = CallState()
        # the call record says a third party answered: whatever the transcript calls the other
        # speaker, a yes to "is this X?" confirms X, the contact person, not the cardholder
        self._third_party_call = contact == "third_party"
        # a real call's record says the debtor answered (a simulated session's scenario does not
        # count: there the trainee must still establish it): a reply that does not deny being the
        # person is the debtor's, so debt talk after it tells no third party
        self.debtor_on_record = contact == "debtor" and not meta.get("mode")
        self._first_turns: list[dict[str, str]] = []  # the call's first turns, for the hour the customer chose
        flags = meta.get("flags")
        if isinstance(flags, list):
            state.flags.update(map(str, flags))
        facts = facts or _NO_FACTS
        # the batch found the required groups of the whole call at once (then what the first
        # turns said of them is known now: read only and shared, see seen_early), else they are
        # marked turn by turn
        self._required_seen: Mapping[int, Any] = {
            ri: [False] * len(pack.rules[ri].require) for ri in pack._required} \
            if facts.required_at is None else seen_early(pack, facts.required_at, facts.early)
        self.pending_answer: list[int] = []  # answer rules owed on the next agent turn
        # earlier turns' folded text (``context.fresh_sum``): kept turn by turn by add_turn, or
        # the batch's list of every turn (``batch_folded``, from ``self._offset``)
        self._history: list[str] = []
        self._said_early: set[Group] = set()  # required groups said so far in the first agent turns
        self.late_opening = LateOpening()  # someone else took the call first (opening.py)
        self.withdrawn: list[dict[str, Any]] = []  # rule findings the model's second opinion withdrew
        self._offset, _early, self._required_at, self._trigger_at, self._gated_at = facts
        self.required_known = facts.required_at is not None

    def add_turn(self, index: int, speaker: str, text: str) -> list[Finding]:
        """Findings for one turn, judged in the context of the turns before it."""
        if len(self._first_turns) < consent.OTHER_TURNS or self._agent_turns_kept <= consent.AGENT_TURNS:
            self._first_turns.append({"speaker": speaker, "text": text})  # (a batch reads the whole call)
            self._agent_turns_kept += speaker == "agent"
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
        found = self.judge(index, speaker, text, folded, hits, raw)
        self._history.append(folded)
        return found

    # --- the work --------------------------------------------------------------------------

    def _said(self, index: int, folded: str, at: dict[Group, set[int]] | None) -> Said:
        """Is a group said in turn ``index``?  From the batch's facts, else by scanning it."""
        if at is not None:
            return said_in_turn(at, index + self._offset)
        group_found = self.pack.group_found
        return lambda group: group_found(group, folded)

    def judge(self, index: int, speaker: str, text: str, folded: str,
              hits: Any, raw: Any = ()) -> list[Finding]:
        """Findings of one turn whose literal hits and raw matches are known; moves the state on."""
        if speaker != "agent":
            return self._judge_other(index, speaker, text, folded, hits, raw)
        found = self._judge_agent_turn(index, text, folded, hits, raw)
        if found and not self.state.verified:
            found = self._once_before_verification(found)
        if found and self.pack._once_told:
            found = self._once_told(found)
        if found and self.debtor_on_record and not self.state.verified:
            self.order = self.order or HeldOrder(self.pack)
            found = self.order.hold(found)
        return found

    def _once_before_verification(self, found: list[Finding]) -> list[Finding]:
        """Debt talk before verification is one breach per listener (round 17): the first agent turn
        that names the debt to someone not yet verified is reported; later turns to the same listener,
        still unverified, add no line of the rules that judge only then (a finding that took another
        breach into its ``also`` stays)."""
        rules = before_verification_rules(self.pack)
        if not any(f["rule"] in rules for f in found):
            return found
        if self._told_unverified != self.state.contact:
            self._told_unverified = self.state.contact
            return found
        return [f for f in found if f["rule"] not in rules or f.get("also")]

    def _once_told(self, found: list[Finding]) -> list[Finding]:
        """A rule marked ``once_told`` (round 18) adds no line once this listener has been reported told
        of the debt: 「你跟他说，再不还我们就……」 to a relative already told is the threat it carries (reported
        by its own rule), not a second disclosure. On the labelled calls such repeats (CN-TP-004) were false
        alarms 34 times in 39.  A finding that took another breach into its ``also`` stays."""
        contact = self.state.contact
        if self._told == contact:
            found = [f for f in found if f["rule"] not in self.pack._once_told or f.get("also")]
        if any(f["category"] == TOLD for f in found):
            self._told = contact
        return found

    def _judge_agent_turn(self, index: int, text: str, folded: str, hits: Any, raw: Any) -> list[Finding]:
        pack = self.pack
        state = self.state
        key = known = None
        self.mark_late(folded)
        opening = state.agent_turns < pack._max_within
        if not self.pending_answer and (self.required_known or not opening):
            # no answer owed, no required element to count here: the text and the state decide (turnmemo.py)
            key = (text, len(hits), tuple(raw), opening, self._gated_at is None, *self._state_key())
            known = pack._turn_memo.get(key)
        if known is not None:
            findings = replay(known, self.transcript_id, index, state, self.withdrawn)
        else:
            self._read_history, before, gone = False, (state.contact, state.verified, {*state.flags}), len(self.withdrawn)
            findings = self._judge_agent_fully(index, text, folded, hits, raw)
            if key is not None and not self._read_history:
                remember(pack._turn_memo, key, findings, self.withdrawn[gone:], before, state)
        state.agent_turns += 1
        if state.flags:
            state.flags -= ONE_TURN
        return findings

    def _judge_agent_fully(self, index: int, text: str, folded: str, hits: Any, raw: Any) -> list[Finding]:
        pack = self.pack
        if ((hits and has_anchor(hits)) or raw or self.pending_answer
                or self.state.agent_turns < pack._max_within or self.gated_active()):
            findings = self._judge_agent(index, text, folded, hits, raw)
        else:
            findings = []
        if findings and pack._second_opinion is not None:
            findings = self._second_look(findings, folded)
        if pack._per_turn:
            findings = self._per_turn_findings(index, text, folded, findings)
        setting = pack._arbitration_to_others if self.to_others() else pack._arbitration
        if setting is not None and len(findings) > 1:  # one finding per breach (arbitrate.py)
            findings = arbitrate_turn(setting, findings, text, folded, self.state)
        return findings

    def to_others(self) -> bool:
        """Is the agent speaking to someone not known to be the debtor? Then telling or asking them
        about the debt keeps its own line on every turn (state.TOLD)."""
        return self.state.contact != "debtor"

    def _yields(self) -> Mapping[str, frozenset[str]]:
        return self.pack._yields_to_others if self.to_others() else self.pack._yields

    def ruled_out(self, text: str) -> frozenset[str]:
        """Before agent turn ``text`` is judged: the categories the model's second opinion all but
        rules out on it in the call as it stands (none when the pack has the second opinion off)."""
        opinion = self.pack._second_opinion
        return frozenset() if opinion is None else ruled_out(opinion, fold(text), self.state)

    def _second_look(self, findings: list[Finding], folded: str) -> list[Finding]:
        """The model's second opinion on the rules' findings of a turn: those it withdraws are
        kept apart in ``withdrawn`` (:mod:`.second_opinion`)."""
        pack = self.pack
        kept, gone = review(pack._second_opinion, pack._rule_of, findings, folded, self.state)
        if gone:
            self.withdrawn += gone
        return kept

    def _per_turn_findings(self, index: int, text: str, folded: str, findings: list[Finding]) -> list[Finding]:
        """The checks without anchors (``model``) on an agent turn; they never change a rule's finding."""
        pack = self.pack
        new = [f for check, rules in pack._per_turn_checks
               for f in check.per_turn_many(rules, self.transcript_id, index, text, folded, self.state)]
        return merge_turn(findings, new, self._yields()) if new else findings

    def _judge_other(self, index: int, speaker: str, text: str, folded: str,
                     hits: Any, raw: Any) -> list[Finding]:
        """Another speaker: findings for rules that judge them, then move the call state on."""
        pack = self.pack
        state = self.state
        findings: list[Finding] = []
        if pack._other_speakers and any(speaker in pack.rules[pack._patterns[pi].rule].speakers
                                        for _s, _e, items in hits for kind, pi in items if kind == ANCHOR):
            findings = self._judge_agent(index, text, folded, hits, raw, speaker=speaker)
        cues = {STATE_NAMES[ci] for _s, _e, items in hits for kind, ci in items if kind == CUE} \
            if hits else _NO_CUES
        if speaker == "third_party" or (speaker == "debtor" and self._third_party_call):
            speaker = "third_party"
            state.contact = "third_party"
        if self.gives_minor_age(index, speaker, folded):
            cues = {*cues, "minor"}
        if cues:
            flags = cues & FLAG_CUES
            if speaker == "debtor" and state.verified:
                flags.discard("minor")  # the verified cardholder talking of a child at school
            if "ill" in flags and not self._own_illness(text):
                flags.discard("ill")  # a relative's illness given as the reason: harder, not special
            if "distressed" in flags and not own_distress(text):
                flags.discard("distressed")  # 「我妈急得直哭」: a relative upset, the person is not in crisis
            if "bereaved" in flags and not speaks_of_death(folded, pack._state_terms.get("bereaved", ())):
                flags.discard("bereaved")  # 「钱让我老丈人借走了」: money taken away, nobody died
            if flags - state.flags:
                self._flagged_at = index  # the turn that told us who is on the line (ill, bereaved…)
            state.flags |= flags
        was_verified = state.verified
        self.note_identity(speaker, text, cues)
        # 「哪位？」 on picking up is a greeting, not a question owed an answer; so is the 「谁啊？」
        # of the yes that confirms the person (「是，谁啊？」): the opening's own identification
        # (a ``required`` rule) covers it
        if pack._answer and state.agent_turns and (was_verified or not state.verified):
            said = self._said(index, folded, self._trigger_at)
            for ri in pack._answer:
                rule = pack.rules[ri]
                if (pack._checks[ri].heard(rule, said) and ri not in self.pending_answer
                        and state.applies(rule) and not self._answered_before(ri, index)):
                    self.pending_answer.append(ri)
        return findings

    def _own_illness(self, text: str) -> bool:
        """Is the illness in ``text`` the speaker's?  Once a relative's illness was told, a bare
        word of it (「医院那边还要交钱」) is still theirs; only 「我在住院」 makes it the speaker's.
        An illness told as over (「现在好了，回厂里上班了」) is no patient on the line."""
        subject = illness_subject(text, self._relative_ill)
        self._relative_ill = self._relative_ill or subject == "other"
        return subject == "self" and not recovered(text)

    def gives_minor_age(self, index: int, speaker: str, folded: str) -> bool:
        """「多大了？」「十二。」: a child's age, given when the agent asked it (not the verified debtor's)."""
        state = self.state
        return ("minor" not in state.flags and index > 0 and not (speaker == "debtor" and state.verified)
                and asks_age(self.pack, question := self._turn_before(index))
                and answers_minor_age(question, folded))

    def flagged(self, index: int) -> None:
        """Turn ``index`` told who is on the line (a minor, the ill, the bereaved)."""
        self._flagged_at = index

    def _turn_before(self, index: int) -> str:
        """The folded text of the turn before ``index`` (empty when not known)."""
        turns = self.batch_folded
        if turns is not None:
            at = self._offset + index - 1
            return turns[at] if 0 <= at < len(turns) else ""
        return self._history[index - 1] if 0 < index <= len(self._history) else ""

    def assume_verified(self) -> None:
        """Judge the call as if it starts past verification (``practice --from STAGE``): the
        debtor confirmed who they are and the opening's required elements were said."""
        state = self.state
        state.verified, state.contact, state.ever_debtor = True, "debtor", True
        self._required_seen = {ri: [True] * len(seen) for ri, seen in self._required_seen.items()}

    def note_identity(self, speaker: str, text: str, cues: frozenset[str] | set[str] = frozenset()) -> None:
        """Who is on the line after a reply: a natural yes to "is this X?" (:func:`identity_answer`)
        or a confirming cue verifies the debtor; 「我是他爱人」 makes it a third party."""
        state = self.state
        if speaker == "debtor" and self._third_party_call:
            speaker = "third_party"
            state.contact = "third_party"
        if "bereaved" in state.flags:
            return  # the person asked for has died: whoever answers is their family
        if speaker != "agent" and state.agent_turns and not state.verified:
            answer = identity_answer_of(self.pack, text)
            if answer == "confirm" and "deny" not in cues:
                cues = {*cues, "confirm"}
            elif self.debtor_on_record and speaker == "debtor" and answer != "deny" and "deny" not in cues:
                cues = {*cues, "confirm"}
            elif answer == "deny":
                speaker = "third_party"  # someone else took the call, whatever the transcript says
                state.contact = "third_party"
        if speaker == "debtor":
            if "confirm" in cues and "deny" not in cues and state.agent_turns:
                if state.contact == "third_party":
                    self.late_opening.begin(state.agent_turns)  # the debtor came to the phone after someone else
                state.verified = True
                state.contact = "debtor"
                state.ever_debtor = True
            elif state.contact == "unknown" and "deny" not in cues:
                state.ever_debtor = True

    def _state_key(self) -> tuple[Any, ...]:
        state = self.state
        flags = state.flags
        return (state.contact, state.verified, frozenset(flags)) if flags else (state.contact, state.verified)

    def gated_active(self) -> bool:
        """Does a state-gated rule (see ``state.rarely``) apply in the current state?"""
        state = self.state
        key = self._state_key()
        cache = self.pack._gate_cache
        active = cache.get(key)
        if active is None:
            active = cache[key] = any(state.satisfies(w) and not (ew and state.satisfies(ew))
                                      for w, ew in self.pack._gates)
        return active

    def gated_raw_active(self) -> bool:
        """Does a state-gated rule with a raw regex apply in the current state?  (Else its
        regexes need not run on the turn.)"""
        key = ("raw", *self._state_key())
        cache = self.pack._gate_cache
        active = cache.get(key)
        if active is None:
            pack = self.pack
            active = cache[key] = any(self.state.applies(pack.rules[pack._patterns[pi].rule])
                                      for pi in pack._raw_gated.patterns)
        return active

    def _judge_agent(self, index: int, text: str, folded: str, hits: Any,
                     raw_hits: Any = (), speaker: str = "agent") -> list[Finding]:
        findings: list[Finding] = []
        if self.gated_active():
            hits, raw_hits = self._with_gated(index, folded, hits, raw_hits)
        anchors, excepted = self._sort_hits(hits, speaker) if hits else ({}, {})
        raw = self._applicable_raw(raw_hits, speaker)
        if anchors or raw:
            findings = self._judge_candidates(index, speaker, text, folded, anchors, excepted, raw)
        if speaker != "agent":
            return one_per_rule(findings)
        if self.pending_answer:  # answers owed to a "who are you?" from the other side
            findings += self._owed_answers(index, text, folded)
        if self.state.agent_turns < self.pack._max_within and not self.required_known:
            self.mark_required(index, folded)
        if findings and self.pack._derived:
            findings += self._derive(findings)
        if findings and any(f["category"] == "false_claim" for f in findings):
            self.state.flags.add(CLAIMED)  # what is said next may keep the false claim up
        if len(findings) < 2:
            return findings
        return fold_related(one_per_rule(findings), self._yields_here(findings))

    def _yields_here(self, findings: list[Finding]) -> Mapping[str, frozenset[str]]:
        """The pack's ``yields_to``, and on this turn the findings a derived rule ``takes_over``."""
        takes = self.pack._takes_over
        over = [takes[f["rule"]] for f in findings if f["rule"] in takes] if takes else ()
        if not over:
            return self._yields()
        yields = dict(self._yields())
        for category, taken in over:
            for f in findings:
                if f["category"] in taken:
                    yields[f["rule"]] = yields.get(f["rule"], frozenset()) | {category}
        return yields

    def _derive(self, findings: list[Finding]) -> list[Finding]:
        """The ``derived`` rules that follow from this turn's findings in the call's state."""
        pack = self.pack
        categories = {f["category"] for f in findings} | {f["rule"] for f in findings}
        out: list[Finding] = []
        for ri in pack._derived:
            rule = pack.rules[ri]
            if (rule.category in categories or not self.state.applies(rule)
                    or not pack._checks[ri].derives(rule, categories)):
                continue
            base = next(f for f in findings if f["category"] in rule.derive_from or f["rule"] in rule.derive_from)
            out.append(finding(self.transcript_id, rule, base["turn"], base["speaker"], base["excerpt"],
                               base["start"], base["end"]))
            categories.add(rule.category)
        return out

    def _with_gated(self, index: int, folded: str, hits: Any, raw_hits: Any) -> tuple[Any, Any]:
        """Add the state-gated rules' hits: from the batch's facts, else by scanning the turn."""
        pack = self.pack
        at = self._gated_at
        g = index + self._offset
        if at is not None and g in at.turns:
            more, more_raw = at.hits.get(g), at.raw.get(g)
            if more:
                hits = [*hits, *more]
            if more_raw:
                raw_hits = [*raw_hits, *more_raw]
            return hits, raw_hits
        more_raw = pack.scan_raw(folded, pack._raw_gated) if pack._raw_gated and self.gated_raw_active() else ()
        return [*hits, *pack.scan(folded, gated=True)], [*raw_hits, *more_raw]

    def _sort_hits(self, hits: Any, speaker: str) -> tuple[Spans, Spans]:
        """Anchor spans by pattern (of rules that apply to ``speaker`` in this state), and
        allow-list spans by rule."""
        state = self.state
        anchors: Spans = {}
        excepted: Spans = {}
        pat_rule = self.pack._pat_rule
        plain = self.pack._plain if speaker == "agent" else None
        for start, end, items in hits:
            for kind, ref in items:
                if kind == ANCHOR:
                    if plain is None or not plain[ref]:
                        rule = pat_rule[ref]
                        if speaker not in rule.speakers or not state.applies(rule):
                            continue
                    got = anchors.get(ref)
                    if got is None:
                        anchors[ref] = [(start, end)]
                    else:
                        got.append((start, end))
                elif kind == ALLOW:
                    got = excepted.get(ref)
                    if got is None:
                        excepted[ref] = [(start, end)]
                    else:
                        got.append((start, end))
        return anchors, excepted

    def _applicable_raw(self, raw_hits: Any, speaker: str) -> list[RawHit]:
        pack = self.pack
        state = self.state
        raw = []
        for pi, rs, re_ in raw_hits:
            rule = pack.rules[pack._patterns[pi].rule]
            if speaker not in rule.speakers or not state.applies(rule):
                continue
            raw.append((pi, rs, re_))
        return raw

    def _judge_candidates(self, index: int, speaker: str, text: str, folded: str, anchors: Spans,
                          excepted: Spans, raw: list[RawHit]) -> list[Finding]:
        """Findings of the candidate matches of a turn, in order, one per rule and place,
        excused by their context or not."""
        pack = self.pack
        candidates = self._pattern_candidates(text, folded, anchors, excepted)
        for pi, rs, re_ in raw:
            if any(xs <= rs and re_ <= xe for xs, xe in excepted.get(pack._patterns[pi].rule, ())):
                continue
            candidates.append(Candidate(pi, rs, re_, False, rs))
        findings: list[Finding] = []
        if not candidates:
            return findings
        ctx, verdicts = _context(pack, text)  # (the same clauses, with the verdicts given in them)
        taken_end: dict[int, int] = {}  # per rule, where its last finding in this turn ends
        for pi, start, end, low, anchor in sorted(candidates, key=lambda c: (c[1], -c[2])):
            ri = pack._patterns[pi].rule
            if start < taken_end.get(ri, -1):
                continue  # overlaps a match of the same rule taken already (candidates come by start)
            verdict = verdicts.get(key := (ri, start, end, anchor))
            if verdict is None:
                verdict = verdicts[key] = excused(pack.rules[ri], ctx, start, end, anchor)
            if verdict or (
                    pack.rules[ri].context.get("fresh_sum") and self._sum_said_before(index, ctx.norm.text[start:end])) or (
                    pack.rules[ri].context.get("read_back") and self._read_back(index, ctx.norm.text[start:end])):
                continue
            o_start, o_end = ctx.norm.to_original(start, end)
            extra = pack._checks[ri].judges(pack.rules[ri], ctx.norm.original, o_start) \
                if ri in pack._judging else {}
            if extra is None:
                continue  # an example-based rule whose examples the sentence is not like
            taken_end[ri] = max(end, taken_end.get(ri, -1))
            found = finding(self.transcript_id, pack.rules[ri], index, speaker,
                            ctx.norm.original[o_start:o_end], o_start, o_end, low)
            findings.append(with_extra(found, extra) if extra else found)
        return findings

    def _sum_said_before(self, index: int, matched: str) -> bool:
        """Were all the sums in ``matched`` said earlier in the call, since the turn that told who
        is on the line (ill, bereaved, a minor)?  Then it is the person's own offer, a recap of the
        agreed plan or the same demand again, not a fresh demand."""
        self._read_history = True  # (the turn's verdict is not the text's alone: not remembered)
        sums = _SUM.findall(matched)
        if not sums:
            return False
        turns, since = self.batch_folded, self._flagged_at
        before = "".join(self._history[since:index] if turns is None
                         else turns[self._offset + since:self._offset + index])
        return all(x in before for x in sums)

    def _read_back(self, index: int, matched: str) -> bool:
        """Is the number in ``matched`` one the other side said in the turn just before (round 18:
        「13807315526，我记下了」 after the relative gave the new number)?  Then reading it back to
        check it tells the listener nothing they did not say."""
        self._read_history = True  # (the turn's verdict is not the text's alone: not remembered)
        digits = _DIGITS.sub("", matched)
        return len(digits) >= 7 and digits in _DIGITS.sub("", self._turn_before(index))

    def _pattern_candidates(self, text: str, folded: str, anchors: Spans, excepted: Spans) -> list[Candidate]:
        """Matches of the patterns whose anchors were hit, in the anchors' clauses."""
        pack = self.pack
        ctx: TurnContext | None = None
        candidates: list[Candidate] = []
        for pi, spans in anchors.items():
            pat = pack._patterns[pi]
            ri = pat.rule
            if ri in excepted:
                spans = [(s, e) for s, e in spans if not any(xs <= s and e <= xe for xs, xe in excepted[ri])]
                if not spans:
                    continue
            # no match of the whole pattern anywhere in the turn: none in any clause either
            # (the patterns have no look-arounds), so the context is not needed
            if pack._search[pi](folded) is None:
                continue
            if ctx is None:
                ctx = _context(pack, text)[0]
            # a term that only exists because folding removed clause punctuation is no hit
            valid = sorted((s, e) for s, e in spans if not _CLAUSE_MARK.search(ctx.norm.excerpt(s, e)))
            if not valid:
                continue
            starts = [s for s, _e in valid]
            for cs, ce in sorted({ctx.match_window(s, e) for s, e in valid}):
                for m in pat.regex.finditer(folded, cs, ce):
                    ms, me = m.span()
                    inside = spans_within(valid, starts, ms, me)
                    if inside:
                        low = all(folded[s:e] in pat.low for s, e in inside)
                        candidates.append(Candidate(pi, ms, me, low, inside[0][0]))
        return candidates

    def _owed_answers(self, index: int, text: str, folded: str) -> list[Finding]:
        pack = self.pack
        said = self._said(index, folded, None)
        out = [finding(self.transcript_id, pack.rules[ri], index, "agent", text, 0, len(text))
               for ri in self.pending_answer if pack._checks[ri].owed(pack.rules[ri], said)]
        self.pending_answer.clear()
        return out

    def _answered_before(self, ri: int, index: int) -> bool:
        """Did the agent already say what answer rule ``ri`` requires, in the opening turns before
        ``index``?  (「我总得知道你是谁吧」 after the bank was named is about the agent's name,
        which CN-ID-003/CN-ID-020 judge.)"""
        groups = self.pack.rules[ri].require
        at = self._required_at
        if at is not None:
            first, now = self._offset, index + self._offset  # the batch's turns hold every call's
            return all(any(first <= t < now for t in at.get(g, ())) for g in groups)
        return all(g in self._said_early for g in groups)

    def mark_required(self, index: int, folded: str) -> None:
        """Required elements said in this (one of the first) agent turn(s)."""
        pack = self.pack
        turns = self.state.agent_turns
        said = self._said(index, folded, self._required_at)
        self._said_early.update(g for g in pack._required_groups if said(g))
        for x in pack._required_within:
            if turns < x.within:
                pack._checks[x.rule].said_early(pack.rules[x.rule], self._required_seen[x.rule], said)

    def mark_late(self, folded: str) -> bool:
        """The required groups said, if this agent turn is one of the debtor's own opening
        (opening.py); whether it is."""
        pack, turns = self.pack, self.state.agent_turns
        if not self.late_opening.open(turns, pack._max_within):
            return False
        self.late_opening.mark(turns, pack._required_groups, pack.group_found, folded)
        return True

    def finish(self) -> list[Finding]:
        """Call-level findings: missing required elements, calling hours, attempt caps."""
        if self._finished:
            return []
        self._finished = True
        pack = self.pack
        late = {x.rule for x in pack._required_within if self.late_opening.said_all(x.groups, x.within)} \
            if self.late_opening.start is not None else _NO_RULES
        told = self.order.settle(self.state, self.late_opening.start is not None) if self.order else []
        missed = [finding(self.transcript_id, pack.rules[ri]) for ri in pack._missed
                  if ri not in late and pack._checks[ri].missed(pack.rules[ri], self._required_seen.get(ri), self.state,
                                                                self.meta, pack._call_settings)]
        # a late call the customer booked is no quiet-hours breach (consent.py): fed turn by turn, read here; a
        # batch, which may skip judging a quiet turn, reads the whole call after (RulePack._audit_batch)
        if self._first_turns:
            missed = consent.without_chosen_hours(pack, {"turns": self._first_turns, "meta": self.meta}, missed)
        return told + missed


_CONTEXTS_KEPT = 2048  # turn contexts remembered per pack (then forgotten all at once)


def _context(pack: RulePack, text: str) -> tuple[TurnContext, dict[tuple[int, int, int, int], bool]]:
    """The clauses and sentences of a turn saying ``text``, and the context verdicts given in it so
    far (both follow from the text alone: remembered by it, so a line said again is not cut again)."""
    known = pack._contexts.get(text)
    if known is None:
        if len(pack._contexts) >= _CONTEXTS_KEPT:
            pack._contexts.clear()
        known = pack._contexts[text] = (TurnContext(normalize(text), pack.cues), {})
    return known
