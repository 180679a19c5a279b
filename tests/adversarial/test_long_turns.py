"""A turn of repeated hits without punctuation is judged in linear time (it took 37 s at 96k
characters, and over two minutes for some words, before the context checks were bounded)."""

from __future__ import annotations

import time

import pytest

from trainer.compliance import audit_transcript

UNITS = ["我是公安局的", "你这个老赖", "抓你坐牢", "您说我们是公安局的，", "你是不是公安局的？我是公安局的",
         "如果不还我们就起诉你"]


@pytest.mark.parametrize("unit", UNITS)
def test_a_long_turn_of_repeated_hits_is_judged_quickly(unit: str) -> None:
    text = unit * (96_000 // len(unit))
    call = {"id": "x", "meta": {}, "turns": [{"speaker": "agent", "text": "请问是张伟吗"},
                                             {"speaker": "debtor", "text": "是"},
                                             {"speaker": "agent", "text": text}]}
    started = time.monotonic()
    findings = audit_transcript(call)
    assert time.monotonic() - started < 15
    keys = [(f["rule"], f["turn"]) for f in findings]
    assert len(keys) == len(set(keys))  # one finding per rule per turn, however many places
