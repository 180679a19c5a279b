"""Reciting a standard line from memory: character-level diff, accuracy, required elements.

UI-free (layer 3): ``trainer recite`` and the practice console only display what
this module computes.

How an attempt is judged
------------------------
* Only *content characters* count: letters (Chinese characters included) and
  digits, after NFKC (full-width → half-width) and lower-casing.  Punctuation,
  spaces and symbols are ignored — a spoken line has none — but the target's
  punctuation is kept in the diff for reading.  A decimal point between digits
  is content (``3200.50``).
* Numbers may be said in Chinese: when a number of the account facts appears in
  the target, its Chinese reading in the attempt (``一万二千五百八十`` /
  ``一万两千五百八十``, or digit by digit ``六六八八`` for a card tail) counts as
  the digits.
* The diff is a minimal character alignment (Levenshtein): every character of
  the target is *equal*, *missing* or *wrong* (said as another character), and
  every other character of the attempt is *extra*.
* ``accuracy = max(0, 1 - (missing + extra + wrong) / len(target))``.
* Required elements are derived from the rendered facts: every fact that the
  target actually contains (bank, the department 「司法调查组」, the agent's
  surname, the customer's name, amounts, card tail, days overdue…) must appear
  in the attempt, exactly.
* The attempt passes at ``accuracy >= 95 %`` with every required element present.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PASS_ACCURACY = 0.95
DEPARTMENT = "司法调查组"  # the approved department name (DOMAIN.md); a script's lexicon may override

# Facts that become required elements when the target contains them, with their labels.
ELEMENT_FACTS: dict[str, str] = {
    "bank": "银行名称",
    "department": "部门「司法调查组」",
    "agent_surname": "坐席姓氏",
    "agent_id": "坐席工号",
    "name": "客户姓名",
    "balance": "欠款金额",
    "min_due": "最低还款额",
    "promise_amount": "承诺金额",
    "paid_amount": "已还金额",
    "card_tail": "卡号末四位",
    "days_overdue": "逾期天数",
    "due_date": "到期还款日",
    "promise_date": "承诺日期",
    "callback_number": "回电号码",
}
_MONEY = {"balance", "min_due", "promise_amount", "paid_amount"}
_DIGITWISE = {"card_tail", "callback_number", "agent_id"}

EQUAL, MISSING, EXTRA, WRONG, PUNCT = "equal", "missing", "extra", "wrong", "punct"

# Above this many cells the exact alignment is replaced by difflib's (long pasted texts).
_MAX_DP_CELLS = 400_000


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

def _char_key(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def _is_content(text: str, i: int) -> bool:
    key = _char_key(text[i])
    if not key:
        return False
    if key == ".":
        before = i > 0 and _char_key(text[i - 1]).isdigit()
        after = i + 1 < len(text) and _char_key(text[i + 1]).isdigit()
        return before and after
    return unicodedata.category(key[0])[0] in "LN"


def content(text: str) -> str:
    """The characters of ``text`` that count, normalised (see the module docstring)."""
    return "".join(_char_key(text[i]) for i in range(len(text)) if _is_content(text, i))


_CN_DIGITS = "零一二三四五六七八九"


def _cn_below_10000(n: int) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += _CN_DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def chinese_number(n: int) -> str:
    """The usual Chinese reading of a non-negative integer: 12580 → 一万二千五百八十."""
    if n == 0:
        return "零"
    parts = []
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // value % 10**4 if value < 10**8 else n // value
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_cn_below_10000(chunk) + unit)
        elif parts and parts[-1] != "零":
            parts.append("零")
    text = "".join(parts).rstrip("零")
    if text.startswith("一十"):
        text = text[1:]
    return text


def _chinese_forms(n: int) -> list[str]:
    base = chinese_number(n)
    forms = {base, re.sub("二(?=[千万百亿])", "两", base)}
    if 10 <= n < 20:
        forms.add("一" + base)
    return sorted(forms, key=len, reverse=True)


def _number_forms(key: str, value: Any) -> tuple[str, list[str]]:
    """(digits as written in the line, Chinese spellings that mean the same) for one fact."""
    if key in _MONEY:
        try:
            amount = float(value)
        except (TypeError, ValueError):
            return content(str(value)), []
        if amount == int(amount):
            digits = str(int(amount))
            return digits, _chinese_forms(int(amount))
        return f"{amount:.2f}", []
    text = content(str(value))
    if key in _DIGITWISE and text.isdigit():
        return text, ["".join(_CN_DIGITS[int(d)] for d in text)]
    if text.isdigit():
        return text, _chinese_forms(int(text))
    return text, []


# ---------------------------------------------------------------------------
# Required elements
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Element:
    """Something the recital must contain word for word (e.g. the bank's name)."""

    key: str
    label: str
    text: str  # as it appears in the target (content form)
    numeric: bool = False  # a number: must not be part of a longer number

    def present_in(self, content_text: str) -> bool:
        if not self.numeric:
            return self.text in content_text
        return re.search(rf"(?<![0-9.]){re.escape(self.text)}(?![0-9]|\.[0-9])", content_text) is not None


def required_elements(target: str, facts: Mapping[str, Any],
                      department: str = DEPARTMENT) -> tuple[Element, ...]:
    """The elements of ``target`` derived from ``facts`` (plus the department name)."""
    target_c = content(target)
    found: list[Element] = []
    values: dict[str, Any] = dict(facts)
    values["department"] = department
    for key, label in ELEMENT_FACTS.items():
        if key not in values or values[key] in (None, ""):
            continue
        if key in _MONEY or key in ("card_tail", "days_overdue", "callback_number"):
            text, _ = _number_forms(key, values[key])
        else:
            text = content(str(values[key]))
        if key == "agent_surname" and f"姓{text}" in target_c:
            text = f"姓{text}"  # "我姓王": the surname as the agent introduces it
        element = Element(key, label, text, numeric=bool(re.fullmatch(r"[0-9.]+", text or "x")))
        if text and element.present_in(target_c) and all(text != e.text for e in found):
            found.append(element)
    return tuple(found)


def _spoken_numbers(facts: Mapping[str, Any], target_c: str) -> list[tuple[str, str]]:
    """(Chinese spelling, digits) pairs for numbers of the facts that the target contains."""
    pairs = []
    for key in ELEMENT_FACTS:
        if key in facts and facts[key] not in (None, ""):
            digits, forms = _number_forms(key, facts[key])
            if digits and digits in target_c:
                pairs += [(form, digits) for form in forms if len(form) > 1]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


# ---------------------------------------------------------------------------
# Alignment
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Op:
    """One step of the diff: ``expected`` is the target's character, ``got`` the attempt's."""

    kind: str  # equal | missing | extra | wrong | punct (target punctuation, for reading)
    expected: str = ""
    got: str = ""


def _levenshtein_ops(a: str, b: str) -> list[Op]:
    n, m = len(a), len(b)
    prev = list(range(m + 1))
    rows = [prev]
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            cost = prev[j - 1] + (ai != b[j - 1])
            cur[j] = min(cost, prev[j] + 1, cur[j - 1] + 1)
        rows.append(cur)
        prev = cur
    ops: list[Op] = []
    i, j = n, m
    while i or j:
        here = rows[i][j]
        if i and j and a[i - 1] == b[j - 1] and here == rows[i - 1][j - 1]:
            ops.append(Op(EQUAL, a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i and j and here == rows[i - 1][j - 1] + 1:
            ops.append(Op(WRONG, a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i and here == rows[i - 1][j] + 1:
            ops.append(Op(MISSING, a[i - 1], ""))
            i -= 1
        else:
            ops.append(Op(EXTRA, "", b[j - 1]))
            j -= 1
    ops.reverse()
    return ops


def _difflib_ops(a: str, b: str) -> list[Op]:
    ops: list[Op] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops += [Op(EQUAL, x, x) for x in a[i1:i2]]
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        ops += [Op(WRONG, a[i1 + k], b[j1 + k]) for k in range(pairs)]
        ops += [Op(MISSING, x, "") for x in a[i1 + pairs:i2]]
        ops += [Op(EXTRA, "", x) for x in b[j1 + pairs:j2]]
    return ops


def align(target: str, attempt: str) -> list[Op]:
    """Character operations turning the target's content into the attempt's content."""
    if (len(target) + 1) * (len(attempt) + 1) <= _MAX_DP_CELLS:
        return _levenshtein_ops(target, attempt)
    return _difflib_ops(target, attempt)


def _with_punctuation(target: str, ops: list[Op]) -> list[Op]:
    """Put the target's punctuation back between the ops, where it stood."""
    # punctuation before the first content character, and after each one
    after: list[str] = [""]
    for i, ch in enumerate(target):
        if _is_content(target, i):
            after.append("")
        elif not ch.isspace():
            after[-1] += ch
    out = [Op(PUNCT, after[0])] if after[0] else []
    index = 0
    for op in ops:
        out.append(op)
        if op.kind != EXTRA:
            index += 1
            if index < len(after) and after[index]:
                out.append(Op(PUNCT, after[index]))
    return out


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RecitalResult:
    """The judged attempt.  ``ops`` include the target's punctuation as ``punct`` ops."""

    target: str
    attempt: str
    ops: tuple[Op, ...]
    accuracy: float
    elements: tuple[tuple[Element, bool], ...]
    passed: bool

    def count(self, kind: str) -> int:
        return sum(1 for op in self.ops if op.kind == kind)

    @property
    def missing_elements(self) -> list[Element]:
        return [e for e, ok in self.elements if not ok]

    @property
    def percent(self) -> int:
        """Accuracy in whole percent, rounded down (94.9 % is not 95 %)."""
        return int(self.accuracy * 100 + 1e-9)

    def runs(self) -> list[tuple[str, str, str]]:
        """Consecutive ops of one kind merged: ``(kind, expected, got)``, for display."""
        out: list[tuple[str, str, str]] = []
        for op in self.ops:
            if out and out[-1][0] == op.kind:
                kind, exp, got = out[-1]
                out[-1] = (kind, exp + op.expected, got + op.got)
            else:
                out.append((op.kind, op.expected, op.got))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target, "attempt": self.attempt,
            "accuracy": round(self.accuracy, 4), "passed": self.passed,
            "pass_mark": PASS_ACCURACY,
            "counts": {k: self.count(k) for k in (EQUAL, MISSING, EXTRA, WRONG)},
            "elements": [{"key": e.key, "label": e.label, "text": e.text, "present": ok}
                         for e, ok in self.elements],
            "diff": [{"kind": k, "expected": e, "got": g} for k, e, g in self.runs()],
        }


def compare(target: str, attempt: str, elements: Sequence[Element] = (),
            facts: Mapping[str, Any] | None = None) -> RecitalResult:
    """Judge ``attempt`` against ``target``; ``facts`` let spoken numbers count as digits."""
    target_c = content(target)
    attempt_c = content(attempt)
    for spoken, digits in _spoken_numbers(facts or {}, target_c):
        attempt_c = attempt_c.replace(spoken, digits)
    ops = align(target_c, attempt_c)
    errors = sum(1 for op in ops if op.kind != EQUAL)
    accuracy = max(0.0, 1 - errors / len(target_c)) if target_c else float(not attempt_c)
    checked = tuple((e, e.present_in(attempt_c)) for e in elements)
    passed = accuracy >= PASS_ACCURACY - 1e-9 and all(ok for _, ok in checked)
    return RecitalResult(target, attempt, tuple(_with_punctuation(target, ops)), accuracy,
                         checked, passed)


# ---------------------------------------------------------------------------
# A recital: the line to recite, rendered with a scenario's facts
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Recital:
    """What the trainee must recite: a rendered line and the elements it must contain."""

    script_id: str
    line_id: str
    scenario_id: str | None
    target: str
    facts: Mapping[str, Any]
    elements: tuple[Element, ...]
    account: Mapping[str, Any]

    def check(self, attempt: str) -> RecitalResult:
        return compare(self.target, attempt, self.elements, self.facts)


def _department(script: Any) -> str:
    words: Iterable[str] = getattr(script, "lexicons", {}).get("department", ()) or ()
    return next(iter(words), DEPARTMENT)


def prepare(script: Any, scenario: Any, line_id: str | None = None) -> Recital:
    """The recital of ``script``'s standard line (or ``line_id``) with ``scenario``'s facts.

    Raises :class:`trainer.base.errors.UsageError` when the script has no standard line.
    """
    from trainer.base.errors import UsageError

    if line_id:
        line = script.line(line_id)
    else:
        line = script.standard_line()
        if line is None:
            raise UsageError(f"脚本 {script.id} 没有标为 standard: true 的标准话术，请用 --line 指定一句")
    facts = dict(scenario.facts())
    target = line.render(facts)
    return Recital(script_id=script.id, line_id=line.id, scenario_id=getattr(scenario, "id", None),
                   target=target, facts=facts,
                   elements=required_elements(target, facts, _department(script)),
                   account=dict(getattr(scenario, "account", {}) or {}))
