"""``model``: a statistical layer — a linear model of the agent's words and of who is on the line.

Rules catch the phrasings their authors foresaw; each new author's paraphrases escape some of
them.  A ``model`` rule scores every agent turn with a one-vs-rest logistic regression for its
``category``: the features are the character 1–3-grams of the folded turn (digits read as 0,
punctuation and spaces dropped) and the call state before the turn (a third party on the line,
a minor, a patient, the bereaved, someone in distress, identity confirmed or not).  The model
is plain JSON, ``trainer/data/model/compliance.json``, trained from the labelled sets in
``tests/data/compliance`` by ``python tools/train_model.py`` (deterministic; the file records
the data's hash and the command).  At ``threshold`` (a probability) or above the rule fires,
with the probability as ``confidence``; below ``review_below`` the finding is marked
``review`` (疑似，请人工复核), like an example-based rule's.

A model finding never changes a rule's: it is dropped when a rule already reported its category
on the turn, and folded into the ``also`` of a rule's finding of a category it ``yields_to``.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import sys
from array import array
from collections.abc import Callable
from importlib import resources
from operator import add, ge, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from trainer.base.errors import InputError, Location, Problem

from ..lawful import explains_turn
from ..literals import occurrences
from .base import CheckType

if TYPE_CHECKING:
    from ..finding import Finding
    from ..pack import Rule
    from ..state import CallState

FORMAT = 1
DEFAULT_THRESHOLD = 0.5
DEFAULT_REVIEW_BELOW = 0.7
BAD_MODEL = "RP012"
REVIEW_NOTE = "（模型判断违规概率 {confidence}，疑似，请人工复核）"
_DIGITS = str.maketrans("123456789", "000000000")
_SCORES_KEPT = 8192  # turns whose text scores are remembered (then forgotten all at once)
_NOT_ALNUM = re.compile(r"[\W_]+")  # what ``grams`` drops: exactly the characters not ``str.isalnum``
_NONZERO = re.compile("[1-9]")  # the digits _DIGITS reads as 0
# the packed rows (``Model._packed``): a gram's weights as one whole number, 64 bits a category,
# each weight plus _OFFSET (so every field is positive and a sum of rows carries nothing across
# fields); weights must lie within ±_OFFSET
_OFFSET = 1 << 31
_SUMMED_FIRST = 200  # distinct lines summed a row at a time before the rows are packed
_FIELD = (1 << 64) - 1
_CUT_UP_TO = 160  # lines up to this long (with their ends) are cut into n-grams by slicing (_cutter)
# lines (up to _CUT_UP_TO long) cut into n-grams before the packed rows' n-grams are searched for
# instead (Model._finder): building that automaton takes 25-35 ms and spares 6-8 µs a line
_CUT_FIRST = 4000

# the call-state features, in this order (names in the model file)
STATES = ("third_party", "unknown", "verified", "minor", "ill", "bereaved", "distressed", "asked_state")
FLAGS = frozenset(STATES[3:])  # the call-state flags among them


def grams(folded: str, lo: int = 1, hi: int = 3) -> list[str]:
    """The character ``lo``–``hi``-grams of a folded turn (digits as 0, only letters and digits,
    ``<`` and ``>`` at its ends), each once, in order of first appearance."""
    t = "".join(filter(str.isalnum, folded.translate(_DIGITS)))
    if not t:
        return []
    t = f"<{t}>"
    out: list[str] = [*t[1:-1]] if lo <= 1 else []
    longer: list[str] = list(t)
    for n in range(2, hi + 1):
        longer = list(map(add, longer, t[n - 1:]))  # n-grams: the (n-1)-grams and the next character
        if n >= lo:
            out += longer
    return list(dict.fromkeys(out))


def state_features(state: CallState) -> list[str]:
    """The names (:data:`STATES`) that hold in ``state``: who is on the line before the turn."""
    out = []
    if state.contact == "third_party":
        out.append("third_party")
    elif state.contact == "unknown":
        out.append("unknown")
    if state.verified:
        out.append("verified")
    flags = state.flags
    out += [name for name in STATES[3:] if name in flags]
    return out


def model_path() -> Path:
    return Path(str(resources.files("trainer").joinpath("data", "model", "compliance.json")))


class Model:
    """The weights of the model file, whole numbers in units of 1/``scale``: per category a bias,
    a weight per state and per n-gram.  Sums of whole numbers are exact, so a turn's score does
    not depend on the order of its n-grams."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.categories: list[str] = list(data["categories"])
        self.index = {c: k for k, c in enumerate(self.categories)}
        self.scale = int(data["scale"])
        self.lo, self.hi = (int(n) for n in data["ngrams"])
        self.bias: list[int] = data["bias"]
        self.states: dict[str, list[int]] = data["states"]
        self.weights: dict[str, list[int]] = data["grams"]
        width = len(self.categories)
        rows = [self.bias, *self.states.values(), *self.weights.values()]
        if self.scale <= 0 or set(map(len, rows)) != {width}:
            raise ValueError("权重的个数不对")
        sum(map(sum, rows))  # TypeError unless every weight is a number (in C: no per-weight loop here)
        # the most a state without flags (who answered, identity confirmed) can add to each
        # category's score: a batch judges a turn without flags only where the text may reach the
        # threshold with it, and every agent turn of a call while a flag holds (batch.py)
        zero = [0] * width
        contact = [self.states.get(s, zero) for s in STATES[:2]]
        verified = self.states.get("verified", zero)
        self.state_max = [max(0, *(c[k] for c in contact)) + max(0, verified[k]) for k in range(width)]
        self._last: tuple[str, tuple[str, ...], list[float]] = ("", (), [])
        self._text: dict[str, list[int]] = {}  # folded turn -> text scores
        self._bare: dict[str, list[int]] = {}  # the same by the letters and digits grams sees
        self._reach: dict[tuple[float, ...], dict[str, bool]] = {}  # floors -> folded turn -> may reach
        self._reach_bare: dict[tuple[float, ...], dict[str, bool]] = {}  # the same by the bare form
        self._packed_rows: dict[str, int] | bool | None = None  # False: weights too large to pack
        # a search for the packed rows' n-grams, built after _CUT_FIRST lines were cut into theirs
        self._finder: tuple[Callable[[str], Any], list[int]] | None = None
        self._uncut = _CUT_FIRST
        self._unpacked = _SUMMED_FIRST  # lines still to be summed a row at a time before packing
        self._floors: dict[tuple[tuple[str, float], ...], tuple[float, ...]] = {}
        self._state_rows: dict[tuple[str, ...], list[int]] = {}  # states -> their rows' sum per category

    def forget(self) -> None:
        """Forget the scores remembered per turn text (a benchmark's cold start)."""
        self._text.clear()
        self._bare.clear()
        self._reach.clear()
        self._reach_bare.clear()
        self._last = ("", (), [])

    def text_scores(self, folded: str) -> list[int]:
        """Per category, the bias plus the n-grams' weights (remembered per turn text)."""
        known = self._text.get(folded)
        return self._new_text(folded)[1] if known is None else known

    def _new_text(self, folded: str) -> tuple[str, list[int]]:
        """A line not scored before: its bare form and its scores (remembered by both)."""
        bare = _NONZERO.sub("0", _NOT_ALNUM.sub("", folded))  # = folded.translate(_DIGITS), 3.5 × faster
        known = self._bare.get(bare)
        if known is None:
            known = self._bare_scores(bare)
            if len(self._bare) >= _SCORES_KEPT:
                self._bare.clear()
            self._bare[bare] = known
        if len(self._text) >= _SCORES_KEPT:
            self._text.clear()
        self._text[folded] = known
        return bare, known

    def _bare_scores(self, bare: str) -> list[int]:
        """:meth:`text_scores` of a turn reduced to ``bare`` (digits as 0, letters and digits only)."""
        # packing the rows takes ~15 ms: a practice call's few lines are summed a row at a time
        packed = self._packed() if self._unpacked < 0 else None
        if packed is None or self.lo != 2 or self.hi != 3:  # the general case, a row at a time
            self._unpacked -= 1
            rows = list(filter(None, map(self.weights.get, grams(bare, self.lo, self.hi))))
            return list(map(sum, zip(self.bias, *rows, strict=True)))
        if not bare:
            return list(self.bias)
        t = f"<{bare}>"
        finder = self._finder
        if finder is None and self._uncut < 0:
            finder = self._build_finder(packed)
        if finder is not None:
            # the model's 2- and 3-grams said in the line, each once (by its row number): one automaton
            # pass finds every occurrence of each, overlapping ones included, so these are exactly the
            # line's 2- and 3-grams that have weights (the line's ends marked as in ``grams``)
            find, rows = finder
            found = {*map(_FIRST, find(t))}
            total, base = sum(map(rows.__getitem__, found)), len(found) * _OFFSET
        elif len(t) <= _CUT_UP_TO:  # each 2- and 3-gram cut out in one C call, those in the model kept once
            self._uncut -= 1
            found = packed.keys() & _cutter(len(t))(t)
            total, base = sum(map(packed.__getitem__, found)), len(found) * _OFFSET
        else:
            pairs = list(map(add, t, t[1:]))
            in_model = list(filter(None, map(packed.get, {*pairs, *map(add, pairs, t[2:])})))  # each gram once
            total, base = sum(in_model), len(in_model) * _OFFSET
        return [b + ((total >> shift) & _FIELD) - base for b, shift in zip(self.bias, range(0, 64 * len(self.bias), 64),
                                                                       strict=True)]

    def _build_finder(self, packed: dict[str, int]) -> tuple[Callable[[str], Any], list[int]]:
        """:attr:`_finder`: a search for the model's 2- and 3-grams (only those: ``grams`` cuts no
        other length here) and each one's packed row, by the number the search gives it."""
        words = [g for g in packed if 2 <= len(g) <= 3]
        self._finder = (occurrences(words) if words else _nothing_found), [packed[g] for g in words]
        return self._finder

    def _packed(self) -> dict[str, int] | None:
        """Each n-gram's row as one whole number (see ``_OFFSET``; built on first use), or None when
        a weight is too large for it.  A turn's scores are then one sum of whole numbers (exact)."""
        if self._packed_rows is None:
            self._packed_rows = _pack_rows(self.weights, len(self.categories)) or False
        return self._packed_rows or None

    def scores(self, folded: str, states: list[str]) -> list[float]:
        """Per category, the score (log-odds) of an agent turn saying ``folded`` in ``states``."""
        rows = [self.states[s] for s in states if s in self.states]
        return [z / self.scale for z in map(sum, zip(self.text_scores(folded), *rows, strict=True))]

    def probability(self, category: str, folded: str, state: CallState) -> float:
        states = tuple(state_features(state))
        last = self._last
        if last[0] == folded and last[1] == states:  # the other model rules on the same turn
            z = last[2][self.index[category]]
        else:
            scores = self.scores(folded, list(states))
            self._last = (folded, states, scores)
            z = scores[self.index[category]]
        return _sigmoid(z)

    def may_reach(self, category: str, folded: str, threshold: float) -> bool:
        """Could the turn reach ``threshold`` in a call state without flags?"""
        k = self.index[category]
        return self.text_scores(folded)[k] + self.state_max[k] >= _floor(threshold) * self.scale

    def floors(self, thresholds: tuple[tuple[str, float], ...]) -> tuple[float, ...]:
        """Per category, the least score one of its (category, threshold) pairs needs (scaled;
        infinite for a category without one): the argument of :meth:`may_reach_any`."""
        known = self._floors.get(thresholds)
        if known is None:
            known = self._floors[thresholds] = tuple(
                min((_floor(t) * self.scale for c, t in thresholds if c == category), default=math.inf)
                for category in self.categories)
        return known

    def may_reach_any(self, floors: tuple[float, ...], folded: str) -> bool:
        """Could the turn reach one of ``floors`` (:meth:`floors`) in a call state without flags?
        The same as :meth:`may_reach` for each threshold (remembered per turn text)."""
        known = self._reach.get(floors)
        if known is None:
            known = self._reach[floors] = {}
        reach = known.get(folded)
        if reach is None:
            reach = self._new_reach(floors, folded)
            if len(known) >= _SCORES_KEPT:
                known.clear()
            known[folded] = reach
        return reach

    def _new_reach(self, floors: tuple[float, ...], folded: str) -> bool:
        """:meth:`may_reach_any` of a line not asked before.  It reads the line's scores alone,
        which follow from its bare form: a line not scored before (most often a known sentence
        with other numbers or another name) is answered by that form, remembered per floors."""
        scores = self._text.get(folded)
        if scores is not None:
            return self._reaches(floors, scores)
        bare, scores = self._new_text(folded)
        by_bare = self._reach_bare.get(floors)
        if by_bare is None:
            by_bare = self._reach_bare[floors] = {}
        reach = by_bare.get(bare)
        if reach is None:
            if len(by_bare) >= _SCORES_KEPT:
                by_bare.clear()
            reach = by_bare[bare] = self._reaches(floors, scores)
        return reach

    def _reaches(self, floors: tuple[float, ...], scores: list[int]) -> bool:
        # per category, score + the most a state adds >= floor: the same sums and tests, in C
        return any(map(ge, map(add, scores, self.state_max), floors))

    def reaches_any(self, floors: tuple[float, ...], folded: str, states: tuple[str, ...]) -> bool:
        """Could the turn reach one of ``floors`` (:meth:`floors`) in ``states``?  The sums of
        :meth:`scores` before the scale, against each threshold's floor (a hair lower)."""
        rows = self._state_rows.get(states)
        if rows is None:
            zero = [0] * len(self.categories)
            rows = self._state_rows[states] = [
                *map(sum, zip(zero, *(self.states[s] for s in states if s in self.states), strict=True))]
        return any(map(ge, map(add, self.text_scores(folded), rows), floors))


_FLIP_TOP = bytes(b ^ 0x80 for b in range(256))  # a byte with its top bit flipped


def _pack_rows(weights: dict[str, list[int]], width: int) -> dict[str, int] | None:
    """:meth:`Model._packed`'s rows, or None when a weight is not a whole number within ±_OFFSET.

    Each weight plus ``_OFFSET`` as 8 little-endian bytes, a row's ``width`` of them read as one
    number: read into an ``array("i")`` (which checks the range in C), a weight's 4 bytes plus
    2³¹ are its own bytes with the top bit flipped (nothing carries: the sum is below 2³²),
    then 4 zero bytes.  About 13 ms for the bundled model (a list, ``struct.pack``: 21–25 ms)."""
    try:
        flat = array("i", itertools.chain.from_iterable(weights.values()))
    except (TypeError, OverflowError):
        return None
    if flat and min(flat) == -_OFFSET:  # plus _OFFSET that is 0: not within the bounds
        return None
    if sys.byteorder != "little":
        flat.byteswap()
    four = flat.tobytes()
    eight = bytearray(2 * len(four))
    for k in range(3):
        eight[k::8] = four[k::4]
    eight[3::8] = four[3::4].translate(_FLIP_TOP)
    data, step, number = bytes(eight), 8 * width, int.from_bytes
    return {g: number(data[i:i + step], "little") for g, i in zip(weights, range(0, len(data), step), strict=True)}


_PAIRS = [slice(i, i + 2) for i in range(_CUT_UP_TO)]  # shared by every length's cutter: few objects
_TRIPLES = [slice(i, i + 3) for i in range(_CUT_UP_TO)]  # for the garbage collector to walk


@functools.lru_cache(maxsize=_CUT_UP_TO)
def _cutter(n: int) -> itemgetter:
    """Cuts a text of ``n`` characters into its 2-grams, then its 3-grams (a tuple of strings)."""
    return itemgetter(*_PAIRS[:n - 1], *_TRIPLES[:n - 2])


def _nothing_found(text: str) -> list[tuple[int, int, int]]:
    """The search of a model without 2- or 3-grams."""
    return []


_FIRST = itemgetter(0)  # an occurrence's word number


def _sigmoid(z: float) -> float:
    """The probability of log-odds ``z``."""
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@functools.lru_cache(maxsize=64)
def _floor(threshold: float) -> float:
    """The score a turn needs to reach ``threshold`` (a hair lower: never judged too little)."""
    return _logit(threshold) - 1e-9


_loaded: dict[str, Model] = {}


def load_model(path: Path | None = None) -> Model:
    """The model file (once per process and path); a file that cannot be used is an
    :class:`InputError` naming it."""
    if path is None:
        default = _loaded.get("")
        if default is not None:
            return default
        model = _loaded[""] = load_model(model_path())  # the bundled file, once per process
        return model
    key = str(path)
    model = _loaded.get(key)
    if model is None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"格式版本不是 {FORMAT}")
            model = Model(data)
        except OSError as exc:
            raise InputError(Problem(Location(key), BAD_MODEL, f"读不到合规模型文件：{exc.strerror or exc}",
                                     "用 python tools/train_model.py 重新生成")) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(Problem(Location(key), BAD_MODEL, f"合规模型文件已损坏，无法使用（{exc}）",
                                     "用 python tools/train_model.py 重新生成，或从发布包里恢复这个文件")) from None
        _loaded[key] = model
    return model


class ModelCheck(CheckType):
    name = "model"
    label = "统计模型"
    needs = ("threshold",)
    schema: ClassVar[dict[str, Any]] = {}  # threshold and review_below: see similar.py
    flags = FLAGS

    def settle(self, rule: Rule, settings: dict[str, Any]) -> Rule:
        model = load_model()  # a broken model file is reported when the pack is compiled
        if rule.category not in model.index:
            raise InputError(Problem(Location(str(model_path())), BAD_MODEL,
                                     f"合规模型里没有规则 {rule.id} 的类别 {rule.category}",
                                     "用 python tools/train_model.py 重新训练"))
        return rule

    def may_fire(self, rule: Rule, folded: str) -> bool:
        """Could ``rule`` fire on an agent turn saying ``folded``, in some call state?"""
        return load_model().may_reach(rule.category, folded, rule.threshold or DEFAULT_THRESHOLD)

    def may_fire_any(self, rules: list[Rule], folded: list[str], turns: list[int]) -> list[int]:
        """The ``turns`` on which one of ``rules`` could fire: all the categories at once."""
        model = load_model()
        floors = model.floors(_thresholds(rules))
        known = model._reach.get(floors)
        if known is None:
            return [g for g in turns if model.may_reach_any(floors, folded[g])]
        get, reach = known.get, model.may_reach_any  # most lines were said before: one look-up each
        return [g for g in turns if (r := get(folded[g])) or (r is None and reach(floors, folded[g]))]

    def may_fire_now(self, rules: list[Rule], folded: str, state: CallState) -> bool:
        """Could one of ``rules`` reach its threshold on the turn in ``state``?  (Each threshold's
        floor is a hair lower than it: False only where :meth:`per_turn_many` finds nothing.)"""
        model = load_model()
        return model.reaches_any(model.floors(_thresholds(rules)), folded, tuple(state_features(state)))

    def per_turn_many(self, rules: list[Rule], transcript: str, index: int, text: str, folded: str,
                      state: CallState) -> list[Finding]:
        """:meth:`per_turn` for each rule, with the turn scored once for them all (and, in a state
        without flags, not at all when it reaches none of their thresholds)."""
        model = load_model()
        if not (state.flags & FLAGS) and not model.may_reach_any(model.floors(_thresholds(rules)), folded):
            return []
        z = model.scores(folded, state_features(state))
        index_of = model.index
        out = []
        for rule in rules:
            p = _sigmoid(z[index_of[rule.category]])
            if p >= (rule.threshold or DEFAULT_THRESHOLD) and not _explained(rule, folded):
                out.append(_finding(rule, transcript, index, text, p))
        return out

    def per_turn(self, rule: Rule, transcript: str, index: int, text: str, folded: str,
                 state: CallState) -> Finding | None:
        """On agent turn ``index``: a finding on the whole turn with the model's probability as
        ``confidence`` (and ``review`` below ``review_below``), or None below ``threshold``."""
        p = load_model().probability(rule.category, folded, state)
        if p < (rule.threshold or DEFAULT_THRESHOLD) or _explained(rule, folded):
            return None
        return _finding(rule, transcript, index, text, p)


def _explained(rule: Rule, folded: str) -> bool:
    """A rule with ``context: {lawful_process: true}`` is not reported on a turn that explains lawful
    process (:func:`..lawful.explains_turn`): the model reads words, not who decides."""
    return bool(rule.context.get("lawful_process", False)) and explains_turn(folded)


def _finding(rule: Rule, transcript: str, index: int, text: str, p: float) -> Finding:
    """The finding of a model rule on the whole of agent turn ``index``, probability ``p``."""
    from ..finding import finding  # (finding imports the pack, which imports the check types)

    out: dict[str, Any] = {**finding(transcript, rule, index, "agent", text, 0, len(text)),
                           "confidence": round(p, 2)}
    if p < (rule.review_below or DEFAULT_REVIEW_BELOW):
        out["review"] = True
        out["message"] += REVIEW_NOTE.format(confidence=out["confidence"])
    return out  # type: ignore[return-value]


_THRESHOLDS: dict[int, tuple[list[Rule], tuple[tuple[str, float], ...]]] = {}


def _thresholds(rules: list[Rule]) -> tuple[tuple[str, float], ...]:
    """(category, threshold) of each of ``rules`` (remembered for the same list)."""
    known = _THRESHOLDS.get(id(rules))
    if known is None or known[0] is not rules:
        if len(_THRESHOLDS) >= 64:
            _THRESHOLDS.clear()
        known = _THRESHOLDS[id(rules)] = (rules, tuple((r.category, r.threshold or DEFAULT_THRESHOLD) for r in rules))
    return known[1]


def merge(findings: list[Finding], new: list[Finding], yields: dict[str, frozenset[str]]) -> list[Finding]:
    """The rules' ``findings`` of a turn with the model's ``new`` ones: a model finding of a
    category already reported (or named in an ``also``) is dropped; one that ``yields_to`` a
    category reported is named in that finding's ``also``; the rest are added."""
    said = {f["category"] for f in findings} | {a["category"] for f in findings for a in f.get("also", ())}
    out = list(findings)
    for f in new:
        if f["category"] in said:
            continue
        target = next((g for g in findings if g["category"] in yields.get(f["rule"], ())), None)
        if target is None:
            out.append(f)
            said.add(f["category"])
        else:
            target.setdefault("also", []).append({"rule": f["rule"], "category": f["category"], "title": f["title"]})
    return out


__all__ = ["ModelCheck", "Model", "load_model", "grams", "state_features", "model_path", "STATES", "merge"]
