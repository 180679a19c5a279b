"""模型复核 (the model's second opinion on the rules' findings).

A rule reports the category its author had in mind; on new authors' calls it sometimes fires on
a turn that breaks nothing (a reassurance to a relative, a scam warning, the law stated
correctly) or that breaks something else (a false claim read as a disclosure).  Where the
statistical model (:mod:`.checks.model`) finds the rule's category all but impossible on the
turn — its probability below ``withdraw_below`` — the rule's finding is **withdrawn**: it is not
reported, the audit summary counts it (「模型复核撤回 N 条规则命中」) and ``trainer audit
--show-withdrawn`` lists it with the model's probability.  The model's own finding of another
category on the turn then stands as usual (it no longer meets a rule's finding of that turn).

Never withdrawn: call-level findings (no turn), findings of the check types in ``exempt_checks``
(what the model cannot judge from one turn: a required element never said, calling hours, an
owed answer to "who are you?"), of the categories in ``exempt_categories``, of rules that apply
only in a call state of ``exempt_states`` (before anyone confirmed who they are, any debt talk is a
breach whatever the words: words are what the model reads), of a category the model does not
score, of the rules in ``exempt_rules`` (frames written for what the model has not yet read, such as the
mockery of CN-ABU-101: withdrawing them on the model's word would undo what they were written for), and of a
local pack's rules (the bank's own judgement).  The setting lives in the pack's ``settings`` (trainer/data/rules/model.yaml)::

    settings:
      second_opinion: {withdraw_below: 0.005, by_category: {third_party_disclosure: 0.02},
                       exempt_checks: [required, metadata, answer],
                       exempt_categories: [identification], exempt_states: [unverified],
                       exempt_rules: [CN-ABU-101]}

``by_category`` gives a category its own level (0: never withdrawn), chosen per category out of
author (tools/cv_thresholds.py).

A local pack switches it off with ``settings: {second_opinion: off}``; the audit is then what it
was before the second opinion existed, byte for byte.  Disabling the model's rules (``disable:
[CN-ML-001, …]``) leaves it on: it needs the model, not its rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trainer.base.errors import Problem
from trainer.base.vocab import CATEGORIES

from .checks import REGISTRY
from .checks.model import load_model

if TYPE_CHECKING:
    from trainer.base.yamlio import Document

    from .finding import Finding
    from .pack import Rule
    from .state import CallState

SETTING = "second_opinion"
BAD_SETTING = "RP008"  # pack.BAD_SETTING
OFF = (False, "off")
_KEYS = ("withdraw_below", "by_category", "exempt_checks", "exempt_categories", "exempt_states", "exempt_rules")


@dataclass(frozen=True)
class SecondOpinion:
    withdraw_below: float
    exempt_checks: frozenset[str] = frozenset()
    exempt_categories: frozenset[str] = frozenset()
    exempt_states: frozenset[str] = frozenset()
    by_category: tuple[tuple[str, float], ...] = ()  # a category's own level, instead of withdraw_below
    exempt_rules: frozenset[str] = frozenset()

    def level(self, category: str) -> float:
        """The probability below which a finding of ``category`` is withdrawn."""
        return next((v for c, v in self.by_category if c == category), self.withdraw_below)

    def judges(self, rule: Rule) -> bool:
        """Does the model's opinion count for ``rule``'s findings on a turn?  Not for the model's
        own rules, a local pack's rules (the bank's own judgement), nor the exempt ones."""
        return (rule.check not in self.exempt_checks and rule.category not in self.exempt_categories
                and rule.check != "model" and not self.exempt_states.intersection(rule.while_)
                and rule.id not in self.exempt_rules
                and rule.origin in _bundled())


@functools.lru_cache(maxsize=1)
def _bundled() -> frozenset[str]:
    """The bundled packs' files (a rule's ``origin`` names its file)."""
    from .pack import bundled_pack_paths  # (pack.py imports this module)

    return frozenset(str(path) for path in bundled_pack_paths())


def from_settings(settings: dict[str, Any]) -> SecondOpinion | None:
    """The pack's (already checked) setting; None when absent or off."""
    value = settings.get(SETTING)
    if value is None or value in OFF:
        return None
    return SecondOpinion(float(value["withdraw_below"]), frozenset(value.get("exempt_checks", ())),
                         frozenset(value.get("exempt_categories", ())), frozenset(value.get("exempt_states", ())),
                         tuple(sorted((c, float(v)) for c, v in (value.get("by_category") or {}).items())),
                         frozenset(value.get("exempt_rules", ())))


def problems(doc: Document) -> list[Problem]:
    """The problems of a pack document's ``settings.second_opinion`` (file, line, Chinese)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    if SETTING not in settings:
        return []
    value = settings[SETTING]
    at = ("settings", SETTING)
    hint = "写 off（关闭），或写成 {withdraw_below: 0.05, exempt_checks: [required, metadata, answer]}"
    if value in OFF:
        return []
    if not isinstance(value, dict):
        return [Problem(doc.where(at), BAD_SETTING, f"模型复核设置 '{value}' 看不懂", hint)]
    out = [Problem(doc.where_key(at + (k,)), BAD_SETTING, f"模型复核没有 '{k}' 这一项",
                   "可写的项：" + "、".join(_KEYS)) for k in value if k not in _KEYS]
    v = value.get("withdraw_below")
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
        out.append(Problem(doc.where(at + ("withdraw_below",)) if "withdraw_below" in value else doc.where(at),
                           BAD_SETTING, f"模型复核的 withdraw_below 要写 0 到 1 之间的概率（不含 0 和 1），现在是 {v!r}",
                           "如 withdraw_below: 0.05：模型认为这一类违规的概率低于 5% 时撤回规则命中"))
    out += _by_category_problems(doc, at, value.get("by_category", {}))
    from .pack import STATES  # (pack.py imports this module)

    for key, known, what in (("exempt_checks", sorted(REGISTRY), "检查类型"),
                             ("exempt_categories", list(CATEGORIES), "类别"),
                             ("exempt_states", list(STATES), "通话状态")):
        items = value.get(key, [])
        if not isinstance(items, list):
            out.append(Problem(doc.where(at + (key,)), BAD_SETTING, f"模型复核的 {key} 要写成列表",
                               f"如 {key}: [{known[0]}]"))
            continue
        for i, item in enumerate(items):
            if item not in known:
                out.append(Problem(doc.where(at + (key, i)), BAD_SETTING, f"模型复核的 {key} 里 '{item}' 不是{what}",
                                   f"可写的{what}：" + "、".join(known)))
    return out + _exempt_rules_problems(doc, at, value.get("exempt_rules", []))


def _exempt_rules_problems(doc: Document, at: tuple[str, ...], items: Any) -> list[Problem]:
    """``exempt_rules``: the ids of bundled rules whose findings are never withdrawn."""
    from .pack import RULE_ID  # (pack.py imports this module)

    if not isinstance(items, list):
        return [Problem(doc.where(at + ("exempt_rules",)), BAD_SETTING, "模型复核的 exempt_rules 要写成列表",
                        "如 exempt_rules: [CN-ABU-101]")]
    return [Problem(doc.where(at + ("exempt_rules", i)), BAD_SETTING,
                    f"模型复核的 exempt_rules 里 '{item}' 不是规则编号", "规则编号形如 CN-ABU-101")
            for i, item in enumerate(items) if not isinstance(item, str) or not re.match(RULE_ID, item)]


def _by_category_problems(doc: Document, at: tuple[str, ...], value: Any) -> list[Problem]:
    """``by_category``: a category's own withdrawal level, {category: probability}."""
    where = at + ("by_category",)
    if not isinstance(value, dict):
        return [Problem(doc.where(where), BAD_SETTING, "模型复核的 by_category 要写成「类别: 概率」",
                        "如 by_category: {false_claim: 0.002}")]
    out = []
    for cat, v in value.items():
        if cat not in CATEGORIES:
            out.append(Problem(doc.where_key(where + (cat,)), BAD_SETTING, f"模型复核的 by_category 里 '{cat}' 不是类别",
                               "可写的类别：" + "、".join(CATEGORIES)))
        elif isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < 1:
            out.append(Problem(doc.where(where + (cat,)), BAD_SETTING,
                               f"模型复核的 by_category 里 {cat} 要写 0 到 1 之间的概率（0 即不撤回这一类），现在是 {v!r}",
                               "如 false_claim: 0.002"))
    return out


def review(opinion: SecondOpinion, rules: dict[str, Rule], findings: list[Finding], folded: str,
           state: CallState) -> tuple[list[Finding], list[dict[str, Any]]]:
    """A turn's rule findings split into (those kept, those withdrawn); a withdrawn one is the
    finding with ``probability``, the model's probability of its category on the turn."""
    model = load_model()
    kept: list[Finding] = []
    gone: list[dict[str, Any]] = []
    for f in findings:
        rule = rules.get(f["rule"])
        if f["turn"] is None or rule is None or not opinion.judges(rule) or f["category"] not in model.index:
            kept.append(f)
            continue
        p = model.probability(f["category"], folded, state)
        if p < opinion.level(f["category"]):
            gone.append({**f, "probability": round(p, 3)})
        else:
            kept.append(f)
    return kept, gone


def ruled_out(opinion: SecondOpinion, folded: str, state: CallState) -> frozenset[str]:
    """The categories the model all but rules out on an agent turn saying ``folded`` in ``state``
    (probability below the category's level; exempt categories never are). The trainer's own reading
    of a line (a threat or an insult it understood where no rule fired) defers to the same opinion,
    so a practice scorecard and ``trainer audit`` do not disagree about one line."""
    model = load_model()
    return frozenset(c for c in model.categories if c not in opinion.exempt_categories
                     and model.probability(c, folded, state) < opinion.level(c))


class Findings(list):  # type: ignore[type-arg]
    """A call's findings, with what is kept apart from them: the rule findings the second opinion
    ``withdrew`` (counted and listed on request) and the script-order ``notes`` (scriptorder.py:
    listed in the human reports, counted nowhere)."""

    withdrawn: list[dict[str, Any]]
    notes: list[Finding]

    def __init__(self, findings: list[Finding], withdrawn: list[dict[str, Any]],
                 notes: list[Finding] | None = None) -> None:
        super().__init__(findings)
        self.withdrawn = withdrawn
        self.notes = notes or []


def withdrawn_of(findings: Any) -> list[dict[str, Any]]:
    """The findings the second opinion withdrew from a call's ``findings`` (none for a plain list)."""
    return getattr(findings, "withdrawn", [])


__all__ = ["SecondOpinion", "from_settings", "problems", "review", "ruled_out", "Findings", "withdrawn_of"]
