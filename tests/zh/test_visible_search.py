"""``visible`` searches for a control character before translating: the search must find every
character its tables escape (C0, DEL, C1, the bidi overrides and isolates), in both modes."""

from __future__ import annotations

import sys

from trainer.zh.display import _CONTROL, _CONTROL_ONE_LINE, visible


def test_visible_escapes_exactly_what_its_tables_escape_for_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert visible(ch) == ch.translate(_CONTROL), hex(code)
        assert visible(ch, one_line=True) == ch.translate(_CONTROL_ONE_LINE), hex(code)


def test_visible_escapes_controls_inside_chinese_text() -> None:
    for hostile in ("坐席\x1b[2J说", "客户\x9b31m", "张\u202e伟", "\x7f", "组\u2069", "\r覆盖"):
        text = f"第 3 句 坐席：{hostile}……"
        assert visible(text) == text.translate(_CONTROL) != text
        assert visible(text, one_line=True) == text.translate(_CONTROL_ONE_LINE) != text
    assert visible("一\n二\t三") == "一\n二\t三"
    assert visible("一\n二\t三", one_line=True) == "一\\n二\\t三"


def test_visible_of_a_non_string_is_its_text() -> None:
    assert visible(12580) == "12580"
    assert visible(None, one_line=True) == "None"

    class Name(str):
        pass

    shown = visible(Name("王芳"))
    assert shown == "王芳" and type(shown) is str
