"""Paraphrases of harassment (the agent's own count of calls made), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHANG, ZHOU, categories

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "harassment", "今天已经给你打了十几个电话了 你一个都不接"),
    (ZHANG, "debtor", "harassment", "你不接我们就一遍遍地打 打到你接为止"),
    (ZHANG, "debtor", "harassment", "我们都打了十几个电话了你一个不接"),
    # round 6 second pass (authors T and U, dev_r8): the agent's own count of the day's calls (CN-HAR-020)
    (ZHOU, "debtor", "harassment", "从早上到现在，我们几个人加起来已经打了十六通了。"),
    (ZHOU, "debtor", "harassment", "我这边系统显示累计拨了十二次，你一个都没接。"),
    (ZHOU, "debtor", "harassment", "我跟几个同事一共给你拨了十三遍了。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line
