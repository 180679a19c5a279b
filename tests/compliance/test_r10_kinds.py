"""Round 8 (r10): the misses several fresh authors shared, by kind, in our own words (``kinds2.yaml``).

Family said to be liable, lawsuits said to be under way, pressure on the bereaved, the ill and
children, public exposure and veiled danger, personal details held or told to a third party, the
debt told in other words, contempt. The sentences are none of the authors' (``dev_sj.jsonl``,
``dev_sk.jsonl``, ``calls/dev_r10.jsonl``); their lawful neighbours are in ``test_r10_context.py``.
"""

from __future__ import annotations

from helpers_audit import categories
from test_r10_context import CHILD


def test_the_age_a_child_gives_marks_a_minor_but_an_adults_does_not() -> None:
    line = "你把这个号码记下来，等你爸回来就说是还钱的事。"
    assert "vulnerable" in categories([CHILD[0], {"speaker": "third_party", "text": "我才九岁。"}], line)
    adult = [CHILD[0], {"speaker": "third_party", "text": "我是他弟弟，今年三十岁。"}]
    assert "vulnerable" not in categories(adult, line)
