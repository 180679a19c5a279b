"""Context around a hit: the clause it sits in, and whether that clause negates it,
reports someone else's words, asks a question or states a lawful condition.

Clauses are cut on the *original* text (punctuation is removed by folding), on
``，。；！？…`` and line breaks, and before contrastive connectives
(但是、不过、可是、只是、而是).  All cue lists are matched on folded text and can
be replaced in a rule pack's ``settings.cues``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from trainer.zh.text import Normalized, fold

from .lawful import explains_process

if TYPE_CHECKING:
    from .pack import Rule

_BOUNDARY = re.compile(r"[，,。；;！!？?…\n]+|(?=但是|不过|可是|只是|而是|然而)")
NEGATION_WINDOW = 24  # characters before a hit where its negation may stand
# 就 as "about" (「也不会就这件事联系您父母」) re-asserts nothing, unlike 就 as "then" (「不还就…」)
# nor after a verb of saying or equating that the negation governs (「不能说就是诈骗」「逾期不等于就是恶意」)
_REGARDING = re.compile("就(?=这件事|这个事|这事|此事|此|这笔|该|有关|相关)|(?:(?<=说)|(?<=等于)|(?<=代表)|(?<=意味着))就")
REPORT_WINDOW = 60    # ... where a reporting cue (您说、您刚才问) may stand in its clause
QUOTE_WINDOW = 400    # ... where the opening quote of a quotation around it may stand
_SENTENCE_END = re.compile(r"[。！!？?；;\n]")
# Speech-to-text turns have no punctuation: a pause is written as a space (「他不听你也得说 他要是再拖
# 警察是要上门」).  A run of spaces between two stretches of at least two characters each is a
# clause boundary; single characters between spaces (公 安 局) are an evasion, not pauses, and a
# space right after a negation (我们不会 去您单位) does not end its scope.
_SPACES = re.compile(r"[ \t\u3000]+")
_MIN_SEGMENT = 2
_QUOTES = {"「": "」", "“": "”", "『": "』", "‘": "’", '"': '"', "'": "'"}
_OPEN_QUOTES = frozenset(_QUOTES)
# 「我跟你说」「跟您讲」: the agent telling the customer, not reporting their words; nor is 「你说话」
# (how the customer speaks: 「你说话过过脑子」)
_TELLING = re.compile(r"(跟|和|给|对|同)(你|您)(说|讲|问)|(你|您)说话")


def _reports(window: str, cues: tuple[str, ...]) -> bool:
    """A reporting cue in ``window`` that is not the agent's own 「我跟你说」."""
    search = _any_of(cues)
    if search(window) is None:
        return False
    return search(_TELLING.sub("\0\0\0", window)) is not None


@lru_cache(maxsize=32)
def _any_of(cues: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """``search`` of a regex finding any of ``cues`` (one pass instead of one test per cue)."""
    return re.compile("|".join(re.escape(c) for c in cues) if cues else "(?!)").search


@lru_cache(maxsize=32)
def _with_de(cues: tuple[str, ...]) -> tuple[str, ...]:
    """``cues`` and each of them followed by 的 (for ``str.endswith``)."""
    return cues + tuple(c + "的" for c in cues)


def _last_cue(text: str, cues: tuple[str, ...]) -> tuple[int, int]:
    """Where the last of ``cues`` found in ``text`` starts, and its length ((-1, 0): none).
    Of several cues starting there, the first in ``cues`` counts.  Only the places holding a
    cue's first character are tried, from the end."""
    firsts, by_first = _cue_index(cues)
    if firsts is None:  # an empty cue: found everywhere, the plain way
        best, best_len = -1, 0
        for cue in cues:
            i = text.rfind(cue)
            if i > best:
                best, best_len = i, len(cue)
        return best, best_len
    if firsts.isdisjoint(text):
        return -1, 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] in firsts:
            for cue in by_first[text[i]]:
                if text.startswith(cue, i):
                    return i, len(cue)
    return -1, 0


@lru_cache(maxsize=32)
def _cue_index(cues: tuple[str, ...]) -> tuple[frozenset[str] | None, dict[str, tuple[str, ...]]]:
    """The first characters of ``cues`` (None when a cue is empty) and the cues by first
    character, in their order."""
    if any(not cue for cue in cues):
        return None, {}
    by_first: dict[str, list[str]] = {}
    for cue in cues:
        by_first.setdefault(cue[0], []).append(cue)
    return frozenset(by_first), {k: tuple(v) for k, v in by_first.items()}


# an A-not-A question (能不能、是不是、有没有、会不会): its 不/没 asks, it does not negate
_A_NOT_A = re.compile(r"(.)[不没]\1")
# the hit named first, then refused (「利息全免我没法跟您保证」「他的住址、电话这些，我不能提供给您」):
# a refusal to give, say, check or promise it later in the clause, or opening the next one
_REFUSAL = re.compile("(不能|不会|没法|无法|没办法|不方便|不可以|不好)(跟|给|和|向|替|帮)?(您|你)?"
                      "(提供|告诉|透露|核对|保证|承诺|答应|打包票|确认|说|讲|念|发给)")
# ... opening the next clause only a refusal to hand over or tell (「……，我不能保证你的安全」 is a threat)
_REFUSAL_NEXT = re.compile("(不能|没法|无法|没办法|不方便|不可以)(跟|给|和|向)?(您|你)?(提供|告诉|透露|核对|确认|发给|念给)")
_REFUSAL_LEAD = re.compile("^(这些|这个|这种)?(信息|资料|情况)?(我|我们|我这边|这边)?(是)?$")

DEFAULT_CUES: dict[str, list[str]] = {
    # a negation before the hit, in the same clause, excuses it
    "negation": ["不是", "并非", "并不是", "不属于", "不代表", "不会", "不可能", "没有", "并没有", "没", "不需要", "无需", "没必要",
                 "无关", "不存在", "绝不", "绝对不", "不能", "不得", "不用", "不要", "不想", "不建议", "不必", "请勿", "切勿", "千万别", "别去", "从不",
                 "也不是", "既不是", "不再", "决不", "不该", "从来没有", "从没", "不影响", "不会影响", "不谈", "先不"],
    # what ends a negation's scope before the hit: "…is" said again (我不是客服我是公安局的)
    # or a consequence that follows a negated condition (你不还钱我们就…)
    "reassert": ["我是", "我们是", "我这边是", "这边是", "这里是", "而是", "就是", "其实是", "实际上是",
                 "但是", "可是", "是从", "是来自", "就", "才", "的话", "否则", "不然", "那么", "我们", "那"],
    # the agent reporting the customer's (or third party's) own words
    "report": ["您说", "你说", "您刚才说", "你刚才说", "您问", "你问", "您刚才问", "您提到", "你提到",
               "您讲", "您担心", "你担心", "您以为", "你以为", "您怀疑", "你怀疑", "您觉得", "客户说",
               "您是说", "您说的", "您要", "您想",
               # the customer's people's words the agent answers, or a scam it warns about (「您朋友说的“挂到网上”」「凡是说要抓人的」)
               "朋友说", "邻居说", "同事说", "家里人说", "亲戚说", "有人自称", "凡是说", "凡是自称"],
    "question_end": ["吗", "么", "呢", "吧"],
    "question_in": ["是不是", "是否", "有没有", "会不会", "要不要", "能不能", "对不对", "可不可以"],
    "conditional": ["如果", "假如", "倘若", "若是", "要是", "一旦", "若", "如", "否则", "不然", "如若",
                    "的话", "只有", "才可能", "才会被",
                    # the legal precondition is the condition (「判决生效以后您还不履行，…可能会被列入失信被执行人」)
                    "还不履行", "仍不履行", "仍未履行", "拒不履行", "生效以后", "生效后"],
    "lawful": ["依法", "有权", "可能", "法律规定", "根据", "按照", "按规定", "合同约定", "相关规定",
               "法律途径", "法定程序", "司法程序", "依据", "有可能", "协议约定",
               # the legal precondition said with the consequence (「前提是判了还不履行」)
               "前提是", "判了还不履行", "判决后仍不履行", "判决后不履行", "拒不履行"],
    "certainty": ["马上", "立刻", "立即", "今天就", "明天就", "今晚就", "一定", "肯定", "直接",
                  "现在就", "已经", "必定", "等着", "这就"],
    # right after a quotation: the agent rejects the rumour it quoted (「“…就冻结”，这个说法不对」)
    "disavowal": ["说法不对", "不对", "不是真的", "是谣言", "是错的", "不准确", "没有这回事", "不是这样",
                  "是误传", "不成立", "谣传", "不认可", "不实", "是假的",
                  # 「“不还就抓人”这种话您不用信」: the rumour quoted and dismissed (round 10)
                  "不用信", "别信", "不要信", "不能信", "不可信", "信不得"],
    # the practice just named condemned at the start of the next clause (「把照片发到网上，这是违法的」)
    "condemnation": ["这是违法的", "这都是违法的", "这些都是违法的", "都是违法的", "是违法的", "这属于违法", "属于违法",
                     "这是不允许的", "是不允许的", "这是不合规的", "我们不会做", "我们不会这么做", "我们不会这样做",
                     "我们绝不会", "我们从来不", "银行不会这么做", "银行不会做",
                     # the practice disowned (「有人到您店里闹，那绝对不是我们安排的」) or the rumour rejected
                     "那绝对不是我们", "绝对不是我们", "那不是我们的人", "不是我们的人", "不是我们安排的", "不是我们派的",
                     "跟我们没关系", "跟我们没有关系", "和我们没关系", "与我们无关", "跟我们无关",
                     "这种说法是谣传", "这个说法是谣传", "这是谣传", "这是谣言", "那是谣言", "这种说法不对", "这个说法不对",
                     "这种说法不准确", "这个说法不准确", "这种说法不实",
                     # a scam warned against (「凡是说要抓人的，都不是正规的」「……，那是诈骗，请报警」)
                     "都不是正规的", "不是正规的", "那是诈骗", "这是诈骗", "都是诈骗", "那是骗子", "都是骗子", "肯定是骗子"],
}


@dataclass(frozen=True)
class Cues:
    negation: tuple[str, ...]
    reassert: tuple[str, ...]
    report: tuple[str, ...]
    question_end: tuple[str, ...]
    question_in: tuple[str, ...]
    conditional: tuple[str, ...]
    lawful: tuple[str, ...]
    certainty: tuple[str, ...]
    disavowal: tuple[str, ...]
    condemnation: tuple[str, ...]

    @classmethod
    def from_settings(cls, given: dict[str, list[str]] | None) -> Cues:
        merged = dict(DEFAULT_CUES)
        merged.update(given or {})
        return cls(**{k: tuple(sorted({fold(x) for x in v}, key=len, reverse=True))
                      for k, v in merged.items()})


def spoken_pauses(original: str, negation: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """The spaces of ``original`` that stand for a pause between clauses (speech-to-text style)."""
    if " " not in original and "\t" not in original and "\u3000" not in original:
        return []
    out = []
    runs = [m.span() for m in _SPACES.finditer(original)]
    for k, (s, e) in enumerate(runs):
        left_start = runs[k - 1][1] if k else 0
        right_end = runs[k + 1][0] if k + 1 < len(runs) else len(original)
        left, right = original[left_start:s], original[e:right_end]
        if len(left) < _MIN_SEGMENT or len(right) < _MIN_SEGMENT:
            continue
        if not all(map(_is_word, left[-_MIN_SEGMENT:] + right[:_MIN_SEGMENT])):
            continue  # 公*安 局: noise between characters, an evasion rather than a pause
        if negation and fold(left[-4:]).endswith(negation):
            continue
        out.append((s, e))
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum()


class TurnContext:
    """Clause and sentence windows of one turn, in folded coordinates."""

    def __init__(self, norm: Normalized, cues: Cues) -> None:
        self.norm = norm
        self.cues = cues
        original = norm.original
        # clause boundaries: (folded_start, folded_end, original_end_char)
        marks = [m.span() for m in _BOUNDARY.finditer(original)]
        pauses = spoken_pauses(original, cues.negation)
        spans = self._cut(marks + pauses)
        # patterns are matched within clauses cut on punctuation only: a frame may run across a
        # spoken pause (「我这边 公安局经侦的」); the context tests use the finer clauses
        self._match = (self._cut(marks) or [(0, len(norm.text), 0, len(original), "")]) if pauses else None
        self.clauses = spans or [(0, len(norm.text), 0, len(original), "")]
        self._clause_ends = [c[1] for c in self.clauses]
        self._questions: dict[tuple[int, int], bool] = {}
        self._lawful: dict[tuple[int, int, int, int], bool] = {}
        self._quoted: bool | None = None  # does the turn hold an opening quotation mark?
        self._clause_terms: dict[tuple[tuple[str, ...], int, int], bool] = {}

    def clause_says(self, terms: tuple[str, ...], cs: int, ce: int) -> bool:
        """Whether the folded clause ``cs``..``ce`` holds one of ``terms`` (folded): asked once per
        clause, however many hits it holds (a long turn without punctuation is one clause)."""
        key = (terms, cs, ce)
        said = self._clause_terms.get(key)
        if said is None:
            clause = self.norm.text[cs:ce]
            said = self._clause_terms[key] = any(t in clause for t in terms)
        return said

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """The sentences' folded windows (cut when a test first asks: most turns never do)."""
        norm, original = self.norm, self.norm.original
        sentences = []
        prev = 0
        for cut in [m.end() for m in _SENTENCE_END.finditer(original)] + [len(original)]:
            if cut > prev:
                sentences.append((norm.to_folded(prev), norm.to_folded(cut)))
            prev = cut
        return sentences

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [fe for _fs, fe in self.sentences]

    def _cut(self, marks: list[tuple[int, int]]) -> list[tuple[int, int, int, int, str]]:
        """Clauses between ``marks`` (original spans): (folded start, end, original start, end, tail)."""
        norm, original = self.norm, self.norm.original
        cuts = [0]
        for m_start, m_end in sorted(marks):
            if m_start < cuts[-1]:
                continue  # a pause inside a punctuation run
            cuts.append(m_start)
            cuts.append(m_end)
        cuts.append(len(original))
        spans = []
        for i in range(0, len(cuts), 2):
            o_start, o_end = cuts[i], cuts[i + 1]
            if o_end <= o_start:
                continue
            f_start, f_end = norm.to_folded(o_start), norm.to_folded(o_end)
            if f_end <= f_start:
                continue
            spans.append((f_start, f_end, o_start, o_end, original[o_end:o_end + 1]))
        return spans

    def match_window(self, start: int, end: int) -> tuple[int, int]:
        """Folded window where a pattern around ``start:end`` is matched (punctuation clauses)."""
        if self._match is None:
            return self.clause_of(start, end)
        first = next(c for c in self._match if c[1] > start or c is self._match[-1])
        last = next((c for c in self._match if c[0] < end and c[1] >= end), first)
        return first[0], max(first[1], last[1])

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        """Folded window of the clause(s) covering ``start:end`` (found by bisection: a long turn
        with many clauses and many hits stays linear)."""
        clauses, n = self.clauses, len(self.clauses)
        first = min(bisect_right(self._clause_ends, start), n - 1)
        last = bisect_left(self._clause_ends, end)
        if last >= n or not clauses[last][0] < end or last < first:
            last = first
        return clauses[first][0], clauses[last][1]

    def clause_index(self, pos: int) -> int:
        return min(bisect_right(self._clause_ends, pos), len(self.clauses) - 1)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sentence_ends, pos)
        if i < len(self.sentences):
            return self.sentences[i]
        return (self.sentences[-1] if self.sentences else (0, len(self.norm.text)))

    # --- the context tests -------------------------------------------------------------

    def negated(self, start: int, clause_start: int) -> bool:
        """A negation cue before the hit in its clause, not cancelled by a re-assertion."""
        # a negation more than 12 characters before the hit never counts (see below), so a window
        # of that plus the longest cue is all there is to look at: linear in long turns
        before = self.norm.text[max(clause_start, start - NEGATION_WINDOW):start]
        if "不" in before or "没" in before:
            before = _A_NOT_A.sub(lambda m: "\0" * 3, before)  # same length: positions hold
        best, best_len = _last_cue(before, self.cues.negation)
        if best < 0:
            return self.refused_after(start)
        if before[max(0, best - 2):best] in ("你也", "您也") and before[best:best + best_len] == "不想":
            return False  # 「你也不想…吧」: a rhetorical threat, not a negation
        between = _REGARDING.sub("\0", before[best + best_len:])
        if not any(r in between for r in self.cues.reassert) and len(between) <= 12:
            return True
        return self.refused_after(start)

    def refused_after(self, start: int) -> bool:
        """The hit is named and then refused: the rest of its clause, or the start of the next
        clause of its sentence, says 「我不能提供给您」「我没法跟您保证」."""
        text = self.norm.text
        idx = self.clause_index(start)
        rest = text[start:self.clauses[idx][1]]
        if ("不" in rest or "没" in rest or "无" in rest) and (m := _REFUSAL.search(rest)) is not None \
                and len(rest) - m.end() <= 3:
            return True
        if idx + 1 >= len(self.clauses):
            return False
        nxt = self.clauses[idx + 1][0]
        head = text[nxt:nxt + 16]
        if "不" not in head and "没" not in head and "无" not in head:
            return False  # most hits: no refusal to look for, and no sentence to cut
        m = _REFUSAL_NEXT.search(head)
        if m is None or _REFUSAL_LEAD.search(head[:m.start()]) is None:
            return False
        return nxt < self.sentence_of(start)[1]

    def reported(self, start: int, clause_start: int) -> bool:
        """The customer's own words, quoted or reported by the agent."""
        text = self.norm.text
        if _reports(text[max(clause_start, start - REPORT_WINDOW):start], self.cues.report):
            return True
        idx = self.clause_index(start)
        if idx > 0:
            fs, fe, o_start, o_end, _tail = self.clauses[idx - 1]
            prev = _TELLING.sub("", text[fs:fe])
            if prev.endswith(_with_de(self.cues.report)):
                return True
            if prev.endswith(("说", "问", "讲")) and _any_of(self.cues.report)(prev) is not None:
                return True
        # inside quotation marks whose opening follows a reporting cue
        original = self.norm.original
        if self._quoted is None:
            self._quoted = not _OPEN_QUOTES.isdisjoint(original)
        if not self._quoted:
            return False
        o_start, _ = self.norm.to_original(start, min(start + 1, len(text)))
        for open_q, close_q in _QUOTES.items():
            i = original.rfind(open_q, max(0, o_start - QUOTE_WINDOW), o_start)
            if i < 0:
                continue
            closing = original.find(close_q, i + 1)
            if closing != -1 and closing < o_start:
                continue
            lead = fold(original[max(0, i - 8):i])
            if any(c in lead for c in self.cues.report):
                return True
            # a rumour put in quotes and rejected straight after (「“超过三个月就冻结”，这个说法不对」)
            if closing != -1 and any(d in fold(original[closing + 1:closing + 14]) for d in self.cues.disavowal):
                return True
        return False

    def condemned(self, clause_start: int) -> bool:
        """The agent names a practice to condemn it: the next clause of the sentence begins
        「这是违法的」「我们不会做」 (「把照片发到网上、朋友圈，这是违法的，我们不会做」)."""
        idx = self.clause_index(clause_start)
        if idx + 1 >= len(self.clauses):
            return False
        nxt = self.clauses[idx + 1][0]
        if nxt >= self.sentence_of(clause_start)[1]:
            return False
        return self.norm.text[nxt:nxt + 12].startswith(self.cues.condemnation)

    def question(self, clause_start: int, clause_end: int) -> bool:
        """Whether the clause is a question (once per clause: many hits in one long clause ask
        the same thing)."""
        key = (clause_start, clause_end)
        known = self._questions.get(key)
        if known is None:
            known = self._questions[key] = self._is_question(clause_start, clause_end)
        return known

    def _is_question(self, clause_start: int, clause_end: int) -> bool:
        text = self.norm.text[clause_start:clause_end]
        if any(c in text for c in self.cues.question_in):
            return True
        idx = self.clause_index(max(clause_start, clause_end - 1))
        tail = self.clauses[idx][4]
        stripped = text.rstrip("?？!！。. ")
        if tail in ("?", "？") or text.endswith(("?", "？")):
            return True
        return stripped.endswith(self.cues.question_end) and tail not in ("!", "！")

    def lawful_conditional(self, start: int, clause_start: int, clause_end: int) -> bool:
        key = (*self.sentence_of(start), clause_start, clause_end)
        known = self._lawful.get(key)
        if known is None:
            known = self._lawful[key] = self._is_lawful_conditional(start, clause_start, clause_end)
        return known

    def lawful_process(self, start: int) -> bool:
        """Does the sentence of ``start`` explain lawful process (:mod:`.lawful`)?"""
        s_start, s_end = self.sentence_of(start)
        key = (s_start, s_end, -1, -1)
        known = self._lawful.get(key)
        if known is None:
            text = self.norm.text
            clauses = [text[cs:ce] for cs, ce, *_rest in self.clauses if s_start <= cs and ce <= s_end]
            known = self._lawful[key] = explains_process(text[s_start:s_end], clauses)
        return known

    def _is_lawful_conditional(self, start: int, clause_start: int, clause_end: int) -> bool:
        s_start, s_end = self.sentence_of(start)
        sentence = self.norm.text[s_start:s_end]
        clause = self.norm.text[clause_start:clause_end]
        if any(c in clause for c in self.cues.certainty):
            return False
        has_if = any(c in sentence for c in self.cues.conditional)
        has_law = any(c in sentence for c in self.cues.lawful)
        return has_law and (has_if or "依法" in sentence or "有权" in sentence)


# 「走了」 after a verb of taking or leaving is something or someone gone, not a death
_TAKEN_AWAY = re.compile("[借拿带搬开取转划扣卷偷骗抢收寄运调挪跑溜]走了")


def speaks_of_death(folded: str, terms: tuple[str, ...] | frozenset[str]) -> bool:
    """Does a turn that hit a bereavement cue speak of a death?  Only when a cue remains once the
    「借走了」「拿走了」 kind are set aside (the cue list is the pack's ``bereaved_cues``)."""
    if "走了" not in folded:
        return True
    rest = _TAKEN_AWAY.sub("", folded)
    return any(t in rest for t in terms)


@lru_cache(maxsize=4096)
def _folded_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(t) for t in terms)


def excused(rule: Rule, ctx: TurnContext, start: int, end: int, anchor: int) -> bool:
    """Does the context of a candidate match (``start``:``end``, its anchor at ``anchor``) excuse it?"""
    context = rule.context
    cs, ce = ctx.clause_of(start, end)
    if rule.unless_clause and ctx.clause_says(_folded_terms(rule.unless_clause), cs, ce):
        return True
    if rule.unless_sentence and ctx.clause_says(_folded_terms(rule.unless_sentence), *ctx.sentence_of(start)):
        return True
    if context.get("negation", True) and (ctx.negated(anchor, cs) or ctx.condemned(cs)):
        return True
    if context.get("quote", True) and ctx.reported(anchor, cs):
        return True
    if context.get("question", False) and ctx.question(cs, ce):
        return True
    if context.get("lawful_process", False) and ctx.lawful_process(start):
        return True
    return bool(context.get("lawful_conditional", False) and ctx.lawful_conditional(start, cs, ce))
