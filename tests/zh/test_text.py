"""Normalisation: evasions fold to the plain form, and spans map back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.zh.text import fold, fold_all, homophones, normalize, pinyin_key


@pytest.mark.parametrize("raw", [
    "公安局", "公 安 局", "公*安*局", "公.安.局", "公～安～局", "公(安)局", "公\u3000安\u3000局",
    "公\u200b安\u200d局", "\ufeff公安局", "公_安_局",
])
def test_separator_and_zero_width_evasions_fold_to_the_term(raw: str) -> None:
    assert fold(raw) == "公安局"


@pytest.mark.parametrize(("raw", "folded"), [
    ("律師事務所", "律师事务所"),
    ("司法調查組", "司法调查组"),
    ("檢察院", "检察院"),
    ("ＧＡＪ１１０", "gaj110"),
    ("⻓沙", "长沙"),
    ("Police", "police"),
])
def test_width_case_and_traditional_forms_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_ordinary_doubling_and_newlines_are_kept() -> None:
    assert fold("谢谢，看看") == "谢谢看看"
    assert fold("第一行\n第二行") == "第一行\n第二行"


def test_separators_between_latin_words_are_kept() -> None:
    assert fold("call me back") == "call me back"


def test_span_of_a_spaced_out_term_maps_to_the_original_characters() -> None:
    original = "我们是 公 安 局 的，你等着"
    norm = normalize(original)
    start = norm.text.index("公安局")
    s, e = norm.to_original(start, start + 3)
    assert original[s:e] == "公 安 局"


def test_span_after_dropped_zero_width_and_fullwidth_maps_back() -> None:
    original = "\u200b\u200bＡ我是律師"
    norm = normalize(original)
    assert norm.text == "a我是律师"
    start = norm.text.index("律师")
    assert norm.excerpt(start, start + 2) == "律師"


def test_expanding_character_maps_to_the_single_original() -> None:
    norm = normalize("a㈣b")
    assert norm.text == "a(四)b"
    assert norm.to_original(1, 4) == (1, 2)


def test_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError):
        normalize("公安").to_original(0, 5)


_chars = st.sampled_from(list("公安局律师法院我们不是，。 *\u200b\u3000ＡＢ１２律師檢察㈣⻓谢\n_") + ["a", "Z"])


@settings(max_examples=300, deadline=None)
@given(st.text(_chars, max_size=30))
def test_normalize_agrees_with_fold_and_every_span_maps_inside_the_original(text: str) -> None:
    norm = normalize(text)
    assert norm.text == fold(text)
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        # a folded character always comes from an original character that folds to it
        assert norm.text[i] in fold(text[s:e]) or fold(text[s:e]) == ""


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(_chars.filter(lambda c: c != "\n"), max_size=10), max_size=6))
def test_fold_all_equals_folding_one_by_one(texts: list[str]) -> None:
    assert fold_all(texts) == [fold(t) for t in texts]


def test_pinyin_key_equates_homophone_and_spaced_forms() -> None:
    assert pinyin_key("工安局") == pinyin_key("公 安 局") == pinyin_key("gong an ju") == "gonganju"
    assert pinyin_key("律師") == "lvshi"


def test_homophones_of_a_character() -> None:
    assert "工" in homophones("公")
    assert "公" not in homophones("公")
    assert homophones("a") == frozenset()


def test_shipped_homophone_table_is_current() -> None:
    """trainer/data/homophones.tsv is what tools/gen_homophones.py writes from pypinyin."""
    from importlib import resources

    from trainer.zh.text import HOMOPHONE_DATA, homophone_table_text

    shipped = resources.files("trainer").joinpath("data", HOMOPHONE_DATA).read_text("utf-8")
    assert shipped == homophone_table_text(), "run: python tools/gen_homophones.py"


def test_homophones_from_the_table_match_pypinyin() -> None:
    from pypinyin import Style, lazy_pinyin

    from trainer.zh.text import _homophone_index

    index = _homophone_index()
    for ch in "公安局法院律师检察工按拘留征信":
        sound = lazy_pinyin(ch, style=Style.NORMAL)[0]
        assert homophones(ch) == index.get(sound, frozenset()) - {ch}
    assert homophones("𠀀") == homophones("𠀀")  # outside the table: pypinyin, no error


def test_long_text_fold_matches_the_short_path():
    """Long texts use a faster spelling of the separator regex; it must fold the same."""
    import re

    from trainer.zh import text as t

    sep_bmp = t._sep_bmp()
    cls = re.compile(sep_bmp.pattern[:sep_bmp.pattern.index("]") + 1])
    word = re.compile(r"[^\w\n]")
    assert all(bool(cls.fullmatch(chr(c))) == bool(word.fullmatch(chr(c)))
               for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    pieces = ["公 安 局", "公*安*局", "好的，我是", "律 師 事 務 所", "ＧＡＪ１１０", "公\u200b安", "公_安",
              "谢谢、再见", "a, b", "公😀安", "公 𠀀 安", "一，，，，二", "①②"]
    for extra in ("", "𠀀"):
        long = "\n".join(pieces * 2000) + extra
        assert len(long) > t._LONG
        assert t.fold(long) == t._SEP.sub("", t._map_chars(long))
        assert t.fold(long).split("\n")[:len(pieces)] == [t.fold(p) for p in pieces]


def test_lone_surrogate_folds_to_the_replacement_character() -> None:
    text = "公\ud800安局"
    assert fold(text) == "公安局" and normalize(text).text == fold(text)
    assert fold("\udc80") == "\ufffd"
