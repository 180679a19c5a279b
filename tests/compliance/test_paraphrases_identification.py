"""Paraphrases of identification (the agent's name or number refused), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHANG, categories

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "identification", "我叫什么无所谓 你先说什么时候还"),
    (ZHANG, "debtor", "identification", "你问我工号干嘛 有什么用"),
    (ZHANG, "debtor", "identification", "你管我是哪个 你就说还不还"),
    (ZHANG, "debtor", "identification", "你别问那么多 钱还了就行"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line
