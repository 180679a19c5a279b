"""``writers.one_line`` is ``visible(…, one_line=True)`` for strings, with a search first: it must
find every character ``visible`` would show as an escape, so no control character reaches a terminal."""

from __future__ import annotations

import sys

from trainer.report.writers import one_line
from trainer.zh.display import visible


def test_one_line_escapes_exactly_what_visible_escapes_for_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert one_line(ch) == visible(ch, one_line=True), hex(code)


def test_one_line_escapes_controls_inside_chinese_text() -> None:
    for hostile in ("坐席\x1b[2J说", "客户\x9b31m", "张\u202e伟", "一\n二\t三", "\x7f", "组\u2069"):
        text = f"第 3 句 坐席：{hostile}……"
        assert one_line(text) == visible(text, one_line=True) != text
    assert one_line("您好，这里是安信银行信用卡中心。") == "您好，这里是安信银行信用卡中心。"
