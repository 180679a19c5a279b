"""A child's age given in answer to the agent's question: 「多大了？」 「十二。」

The cue lexicons catch 「我上初二」 or 「我才十岁」; a bare number after the agent asked the age
says the same thing and is read here.  Cheap: only a reply to an agent turn that asked the age
(a literal test) is parsed.
"""

from __future__ import annotations

import re

AGE_QUESTIONS = ("多大", "几岁", "多少岁", "几年级", "上几年级", "读几年级")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_AGE = re.compile(r"^[^一二两三四五六七八九十0-9]{0,4}([一二两三四五六七八九十]{1,3}|[0-9]{1,2})(?![一二两三四五六七八九十0-9百千万块元个号点月天次年分])")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if "十" not in word:
        return _DIGITS.get(word) if len(word) == 1 else None
    tens, _, ones = word.partition("十")
    if len(ones) > 1 or len(tens) > 1:
        return None
    value = (_DIGITS.get(tens, 0) if tens else 1) * 10
    return value + (_DIGITS.get(ones, 0) if ones else 0)


def answers_minor_age(question: str, answer: str) -> bool:
    """Whether ``answer`` gives an age under 18 to a ``question`` that asked it (folded texts)."""
    if not any(q in question for q in AGE_QUESTIONS):
        return False
    match = _AGE.match(answer.strip())
    if not match:
        return False
    age = _number(match.group(1))
    return age is not None and 3 <= age < 18
