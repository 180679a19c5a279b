"""Typing mistakes a Chinese input method makes get a Chinese message saying what to type instead."""

from __future__ import annotations

import pytest

from trainer.base.errors import InputError
from trainer.base.yamlio import load_document


def _problem(text: str):
    with pytest.raises(InputError) as info:
        load_document("t.yaml", text=text)
    (problem,) = info.value.problems
    return problem


def test_fullwidth_space_in_indentation() -> None:
    p = _problem("id: mini\nstages:\n  - id: a\n\u3000\u3000title: 开场\n")
    assert (p.code, p.location.line, p.location.col) == ("SV016", 4, 1)
    assert "全角空格" in p.message and "半角空格" in (p.hint or "")


def test_fullwidth_space_inside_chinese_text_is_fine() -> None:
    assert load_document("t.yaml", text="title: 开场\u3000第一步\n").data == {"title": "开场\u3000第一步"}


def test_smart_quotes_used_as_yaml_quotes() -> None:
    p = _problem("id: mini\ntitle: “开场: 第一步”\n")
    assert p.code == "SV017" and "英文" in (p.hint or "")


@pytest.mark.parametrize(("text", "words"), [
    ("id: mini\nstages:\n  - id: a\n     title: x\n", "缩进"),
    ("id: mini\nstages:\n  - id: a\n    title: x\n   - id: b\n", "对齐"),
    ("id: mini\nstages:\n  - id: a\n\t title: x\n", "Tab"),
    ('id: mini\ntitle: "开场\n', "引号"),
])
def test_syntax_errors_are_said_in_chinese(text: str, words: str) -> None:
    p = _problem(text)
    assert p.code == "SV001"
    assert words in p.message + (p.hint or "")
    assert not any(w in p.message for w in ("mapping", "expected", "found", "could not"))
