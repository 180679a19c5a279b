"""一处违规只报一个类别 (arbitration): one finding per breach across categories.

Authors and reviewers label a breach once, in the category that fits it best; a breach that is
said again later, on its own, is labelled again.  Rules of two categories that fire on the same
words (a threat to a child: threat and pressure on the vulnerable) give two lines for one breach.
``yields_to`` folds such pairs rule by rule; arbitration does it by category, once a turn's
findings are final (the rules', the derived ones, the model's): a finding of category *L* beside a
finding of category *W* such that (*W*, *L*) is one of the setting's pairs, **in the same
sentence** (scope ``sentence``; up to 。！？ or a line break) or anywhere in the turn (scope
``turn``), is not reported on its own but named in that finding's ``also`` (with its own ``also``)
— so ``--also`` scoring and the reports still name it — and the kept finding takes the graver
severity of the two (a critical breach still fails a practice call).  Two breaches in two sentences
keep both lines.

Which category is kept (``by``): ``model`` — the one the statistical model (checks/model.py) finds
more likely on the turn, both kept when it gives the other one ``keep_both_above`` or more (the model
would report it on its own); ``order`` — the one earlier in ``order`` (which also breaks the
model's ties).  ``pairs`` (optional) restricts arbitration to those pairs of categories.  Chosen out
of author group (tools/cv_arbitrate.py, docs/compliance.md "One finding per breach across
categories").  The default (:data:`DEFAULT`) applies when a pack says nothing; a local pack changes
it with ``settings: {arbitration: {by: order, order: [...]}}`` (the keys it leaves out keep their
default) or switches it off with ``settings: {arbitration: off}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trainer.base.errors import Problem
from trainer.base.vocab import CATEGORIES

from .checks.model import _sigmoid, load_model, state_features

if TYPE_CHECKING:
    from trainer.base.yamlio import Document

    from .finding import Finding
    from .state import CallState

SETTING = "arbitration"
BAD_SETTING = "RP008"  # pack.BAD_SETTING
OFF = (False, "off")
SCOPES = ("clause", "sentence", "turn")
BY = ("model", "order")
ORDER = ("impersonation", "false_claim", "vulnerable", "harassment", "threat", "third_party_disclosure",
         "abuse", "privacy", "identification")
# Pairs never folded into one line: a threat or a false claim made to a child, a patient or the bereaved is
# two breaches (what was said, and that it pressed someone the course shields), as DOMAIN.md counts them; an
# insult or a sneer is a breach of its own beside whatever else the sentence breaks (round 14: the reviewers
# since round 13 label both 「…看他还要不要这个脸」 and the threat it ends); so is a false claim of a case's
# state said in a borrowed authority's name (「我们跟经侦对接过了，你这个案子他们也在看」: both labelled), and calls
# threatened at night (「今晚十二点以后继续给您打」: the hours and the threat of calls), and a refusal to say who is
# calling with a sneer (round 15: 「我叫什么有那么重要吗？你记性这么好，怎么就记不住欠钱」: both labelled)
APART = (("vulnerable", "threat"), ("false_claim", "vulnerable"), ("impersonation", "false_claim"),
         *((other, "abuse") for other in ("impersonation", "false_claim", "vulnerable", "threat", "harassment", "privacy",
                                          "third_party_disclosure")), ("harassment", "threat"), ("abuse", "identification"))
DEFAULT: dict[str, Any] = {"scope": "sentence", "by": "order", "keep_both_above": 0.82, "order": list(ORDER),
                           "pairs": [[w, lo] for i, w in enumerate(ORDER) for lo in ORDER[i + 1:]
                                     if (w, lo) not in APART]}
_KEYS = ("scope", "by", "keep_both_above", "order", "pairs")
_SEVERITY = {"critical": 0, "major": 1, "minor": 2}
_ENDS = {"sentence": re.compile(r"[。！？!?\n]+"), "clause": re.compile(r"[，,；;：:。！？!?\n]+")}


@dataclass(frozen=True)
class Arbitration:
    scope: str  # "sentence" or "turn"
    pairs: tuple[tuple[str, str], ...]  # (winner, loser) categories
    by_model: bool = False  # the model's probabilities choose the winner of a pair
    both_above: float | None = None  # (by_model) both kept when the model gives each at least this


    def __str__(self) -> str:
        model = f" by model, both above {self.both_above}" if self.by_model else ""
        return f"{self.scope}{model}: " + ", ".join(f"{w}>{lo}" for w, lo in self.pairs)

    def without(self, category: str) -> Arbitration:
        """The same setting with ``category`` kept apart: its findings neither fold nor take others in."""
        pairs = tuple(p for p in self.pairs if category not in p)
        return Arbitration(self.scope, pairs, self.by_model, self.both_above)


def from_settings(settings: Mapping[str, Any]) -> Arbitration | None:
    """The pack's (already checked) setting, :data:`DEFAULT` when absent; None when off."""
    value = settings.get(SETTING)
    if value in OFF:
        return None
    value = {**DEFAULT, **(value or {})}
    order = list(value["order"])
    order += [c for c in CATEGORIES if c not in order]
    rank = {c: i for i, c in enumerate(order)}
    if "pairs" in value:
        pairs = [(w, lo) if rank[w] < rank[lo] else (lo, w) for w, lo in value["pairs"]]
    else:
        pairs = [(w, lo) for i, w in enumerate(order) for lo in order[i + 1:]]
    by_model = value["by"] == "model"
    return Arbitration(str(value["scope"]), tuple(dict.fromkeys(pairs)), by_model,
                       float(value["keep_both_above"]) if by_model else None)


def arbitrate_turn(setting: Arbitration, findings: list[Finding], text: str, folded: str,
                   state: CallState) -> list[Finding]:
    """:func:`arbitrate` on an agent turn's final findings, the model scoring the turn (in the call
    state it was judged in) only when two categories meet."""
    if len({f["category"] for f in findings}) < 2:
        return findings
    probs = None
    if setting.by_model:
        model = load_model()
        z = model.scores(folded, state_features(state))
        probs = {c: _sigmoid(v) for c, v in zip(model.categories, z, strict=True)}
    return arbitrate(findings, setting, text, probs)


def sentences_of(f: Mapping[str, Any], text: str, scope: str = "sentence") -> set[int]:
    """The sentences (or clauses, ``scope``; numbered from 0) that a finding's spans touch (every
    one for a finding on the whole turn, as the model's)."""
    spans = f.get("spans") or ([[f["start"], f["end"]]] if f.get("start") is not None else [])
    unit = _ENDS[scope]
    if not spans:
        return set(range(len(unit.findall(text)) + 1))
    ends = [m.end() for m in unit.finditer(text)]
    out: set[int] = set()
    for start, end in spans:
        first = sum(1 for e in ends if e <= start)
        last = sum(1 for e in ends if e < end)
        out.update(range(first, max(first, last) + 1))
    return out


def arbitrate(findings: list[Finding], setting: Arbitration, text: str,
              probs: Mapping[str, float] | None = None) -> list[Finding]:
    """The turn's ``findings`` with each finding that loses to another of a pair's winning
    category (in the same sentence, for scope ``sentence``) folded into that one's ``also``; the
    kept ones in their order.  ``probs`` (by_model): per category, the model's probability."""
    cats = {f["category"] for f in findings}
    if len(cats) < 2:
        return findings
    beats = _beats(cats, setting, probs)
    if not beats:
        return findings
    rank = _ranked(cats, beats, [f["category"] for f in findings])
    where = [None if setting.scope == "turn" else sentences_of(f, text, setting.scope) for f in findings]
    ranked = sorted(range(len(findings)), key=lambda k: (rank[findings[k]["category"]], k))
    into: dict[int, int] = {}  # folded finding -> the finding it went into
    for i in ranked:
        cat = findings[i]["category"]
        target = next((j for j in ranked
                       if (findings[j]["category"], cat) in beats and rank[findings[j]["category"]] < rank[cat]
                       and (where[i] is None or where[i] & where[j])), None)  # type: ignore[operator]
        if target is not None:
            while target in into:
                target = into[target]
            into[i] = target
    if not into:
        return findings
    for i in (k for k in ranked if k in into):
        _fold(findings[into[i]], findings[i])
    return [f for i, f in enumerate(findings) if i not in into]


def _beats(cats: set[str], setting: Arbitration, probs: Mapping[str, float] | None) -> set[tuple[str, str]]:
    out = set()
    for w, lo in setting.pairs:
        if w in cats and lo in cats:
            if setting.by_model and probs is not None:
                if probs.get(lo, 0.0) > probs.get(w, 0.0):
                    w, lo = lo, w
                if setting.both_above is not None and probs.get(lo, 0.0) >= setting.both_above:
                    continue
            out.add((w, lo))
    return out


def _ranked(cats: set[str], beats: set[tuple[str, str]], seen: list[str]) -> dict[str, int]:
    """A rank for each category, winners first (the pairs are acyclic: they follow one order,
    or the model's probabilities); ties in the order the findings came."""
    first = {c: seen.index(c) for c in cats}
    left, rank = set(cats), {}
    while left:
        free = [c for c in left if not any((w, c) in beats for w in left)] or list(left)
        c = min(free, key=first.__getitem__)
        rank[c] = len(rank)
        left.discard(c)
    return rank


def _fold(target: Finding, f: Finding) -> None:
    if _SEVERITY.get(f["severity"], 9) < _SEVERITY.get(target["severity"], 9):
        target["severity"] = f["severity"]
    also = target.setdefault("also", [])
    for a in [{"rule": f["rule"], "category": f["category"], "title": f["title"]}, *f.get("also", ())]:
        if a["rule"] != target["rule"] and all(b["rule"] != a["rule"] for b in also):
            also.append(dict(a))


def problems(doc: Document) -> list[Problem]:
    """The problems of a pack document's ``settings.arbitration`` (file, line, Chinese)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    if SETTING not in settings or settings[SETTING] in OFF:
        return []
    value = settings[SETTING]
    at = ("settings", SETTING)
    if not isinstance(value, dict):
        return [Problem(doc.where(at), BAD_SETTING, f"一处违规只报一个类别的设置 '{value}' 看不懂",
                        "写 off（关闭），或写成 {scope: sentence, order: [impersonation, false_claim, threat]}")]
    out = [Problem(doc.where_key(at + (k,)), BAD_SETTING, f"一处违规只报一个类别的设置没有 '{k}' 这一项",
                   "可写的项：" + "、".join(_KEYS)) for k in value if k not in _KEYS]
    if "scope" in value and value["scope"] not in SCOPES:
        out.append(Problem(doc.where(at + ("scope",)), BAD_SETTING,
                           f"一处违规只报一个类别的 scope 要写 clause（同一分句）、sentence（同一句）或 turn（整轮），现在是 {value['scope']!r}",
                           "如 scope: sentence：同一句话里的几类违规只报最贴切的一类"))
    if "by" in value and value["by"] not in BY:
        out.append(Problem(doc.where(at + ("by",)), BAD_SETTING,
                           f"一处违规只报一个类别的 by 要写 model（模型判断哪一类更贴切）或 order（按 order 的先后），现在是 {value['by']!r}",
                           "如 by: order"))
    v = value.get("keep_both_above", 0.5)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 1:
        out.append(Problem(doc.where(at + ("keep_both_above",)), BAD_SETTING,
                           f"一处违规只报一个类别的 keep_both_above 要写 0 到 1 之间的概率（不含 0），现在是 {v!r}",
                           "如 keep_both_above: 0.82：模型认为另一类的概率也到 82% 时两条都报"))
    out += _categories(doc, at + ("order",), value.get("order", []), "order", "如 order: [impersonation, false_claim, threat]")
    pairs = value.get("pairs", [])
    if not isinstance(pairs, list):
        return out + [Problem(doc.where(at + ("pairs",)), BAD_SETTING, "一处违规只报一个类别的 pairs 要写成列表",
                              "如 pairs: [[threat, abuse]]：只在威胁和辱骂之间取舍，其他类别都照报")]
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] != pair[1]):
            out.append(Problem(doc.where(at + ("pairs", i)), BAD_SETTING,
                               f"pairs 的每一项要写两个不同的类别，如 [threat, abuse]，现在是 {pair!r}",
                               "可写的类别：" + "、".join(CATEGORIES)))
        else:
            out += _categories(doc, at + ("pairs", i), pair, "pairs", "可写的类别：" + "、".join(CATEGORIES))
    return out


def _categories(doc: Document, where: tuple[Any, ...], items: Any, key: str, hint: str) -> list[Problem]:
    if not isinstance(items, list):
        return [Problem(doc.where(where), BAD_SETTING, f"一处违规只报一个类别的 {key} 要写成类别列表", hint)]
    out = [Problem(doc.where(where + (i,)), BAD_SETTING, f"一处违规只报一个类别的 {key} 里 '{item}' 不是类别",
                   "可写的类别：" + "、".join(CATEGORIES)) for i, item in enumerate(items) if item not in CATEGORIES]
    twice = [item for i, item in enumerate(items) if item in items[:i]]
    if twice and key == "order":
        out.append(Problem(doc.where(where), BAD_SETTING, f"一处违规只报一个类别的 order 里 '{twice[0]}' 写了两次",
                           "每个类别只写一次，越靠前越优先"))
    return out
