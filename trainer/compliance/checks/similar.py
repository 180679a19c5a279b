"""``similar``: example-based rules — a few example sentences, and the turns that say the same.

A compliance officer writes ``like:`` (two or more example sentences of the breach) and
``patterns:`` that gate the rule (words one of which such a sentence must contain, judged in
context like any pattern: negation, quotes, questions).  A turn that hits a gate is compared
with every example: the similarity is the cosine of the counts of character bigrams and content
characters of the folded sentence and of the folded example, a plain measure that needs no model and explains itself.
At ``threshold`` or above the rule fires, reporting the nearest example and the similarity as
``confidence``; below ``review_below`` the finding is marked ``review`` (疑似，请人工复核).

``concepts:`` (optional) are word classes the officer names: 「单位、公司、上班、同事」 are one thing,
「不好做人、抬不起头、面子挂不住」 another.  A sentence that says any word of a class gets that class
as a feature (weighted like :data:`CONCEPT_WEIGHT` characters), and so do the examples: a paraphrase
in other words of the same classes — who, what, to whom — still meets its example.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from trainer.zh.text import fold

from .base import TEXTS, CheckType

if TYPE_CHECKING:
    from ..pack import Rule

_SENTENCE = re.compile(r"[。！？!?；;\n]")
DEFAULT_THRESHOLD = 0.5
DEFAULT_REVIEW_BELOW = 0.65
_SCORES_KEPT = 4096  # sentences whose scores are remembered (then forgotten all at once)


_FUNCTION_CHARS = frozenset("的了是吗呢吧啊呀哦嗯您你我他她们这那就也都很")
CONCEPT_WEIGHT = 3  # a word class said counts like this many shared characters

Concepts = tuple[tuple[str, ...], ...]  # folded word classes


def bigrams(folded: str, concepts: Concepts = ()) -> Counter[str]:
    """Features of a folded sentence: its character bigrams, its content characters (single
    characters other than function words) so that paraphrases sharing words in another order
    still meet, and the word classes (``concepts``) it says."""
    text = "".join(ch for ch in folded if ch.isalnum())
    grams = Counter(text[i:i + 2] for i in range(len(text) - 1))
    grams.update(ch for ch in text if ch not in _FUNCTION_CHARS)
    for k, words in enumerate(concepts):
        if any(w in text for w in words):
            grams[f"#{k}"] = CONCEPT_WEIGHT
    return grams


def norm(a: Counter[str]) -> float:
    return math.sqrt(sum(n * n for n in a.values()))


def cosine(a: Counter[str], b: Counter[str], a_norm: float | None = None, b_norm: float | None = None) -> float:
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b, a_norm, b_norm = b, a, b_norm, a_norm
    dot = sum(n * b[k] for k, n in a.items() if k in b)
    return dot / ((a_norm if a_norm is not None else norm(a)) * (b_norm if b_norm is not None else norm(b)))


Example = tuple[str, Counter[str], float]  # the sentence, its features and their norm


class Similar(CheckType):
    name = "similar"
    label = "与示例相似"
    needs = ("patterns", "like")
    schema: ClassVar[dict[str, Any]] = {
        "like": {**TEXTS, "minItems": 2, "description": "similar：两句以上违规示例；与其中一句足够相似的话即命中"},
        "threshold": {"type": "number", "minimum": 0.2, "maximum": 1,
                      "description": f"similar：相似度下限（默认 {DEFAULT_THRESHOLD}）"},
        "review_below": {"type": "number", "minimum": 0.2, "maximum": 1,
                         "description": f"similar：低于此相似度的命中标为疑似、请人工复核（默认 {DEFAULT_REVIEW_BELOW}）"},
        "concepts": {"type": "array", "items": {**TEXTS, "minItems": 1},
                     "description": "similar：词类，每类几个说法（如 单位、公司、上班）；说到其中任何一个都算同一个意思"},
    }

    def __init__(self) -> None:
        self._examples: dict[tuple[str, tuple[str, ...], Concepts], tuple[Concepts, list[Example]]] = {}
        # scripted sentences recur across an archive: the score of (rule, sentence) is kept
        self._scores: dict[tuple[tuple[str, tuple[str, ...], Concepts], str], tuple[float, str]] = {}

    def judges(self, rule: Rule, text: str, start: int) -> dict[str, Any] | None:
        """The sentence of ``text`` around ``start`` compared with the rule's examples: the
        finding's extra fields (confidence, nearest example, review), or None when not alike."""
        key = (rule.id, rule.like, rule.concepts)
        bounds = [0, *(m.end() for m in _SENTENCE.finditer(text)), len(text)]
        begin = max(b for b in bounds if b <= start)
        end = min((b for b in bounds if b > start), default=len(text))
        sentence = text[begin:end]
        known_score = self._scores.get((key, sentence))
        if known_score is None:
            known_score = self._score(key, rule, sentence)
            if len(self._scores) >= _SCORES_KEPT:
                self._scores.clear()
            self._scores[(key, sentence)] = known_score
        score, nearest = known_score
        if score < (rule.threshold or DEFAULT_THRESHOLD):
            return None
        extra: dict[str, Any] = {"confidence": round(score, 2), "nearest": nearest}
        if score < (rule.review_below or DEFAULT_REVIEW_BELOW):
            extra["review"] = True
        return extra

    def _score(self, key: tuple[str, tuple[str, ...], Concepts], rule: Rule, sentence: str) -> tuple[float, str]:
        """The best similarity of ``sentence`` to the rule's examples, and that example."""
        known = self._examples.get(key)
        if known is None:
            concepts = tuple(tuple(fold(w) for w in words) for words in rule.concepts)
            vectors = [(ex, bigrams(fold(ex), concepts)) for ex in rule.like]
            known = self._examples[key] = (concepts, [(ex, vec, norm(vec)) for ex, vec in vectors])
        concepts, examples = known
        mine = bigrams(fold(sentence), concepts)
        mine_norm = norm(mine)
        return max((cosine(mine, vec, mine_norm, vec_norm), ex) for ex, vec, vec_norm in examples)
