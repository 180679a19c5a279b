"""``masking.pieces`` walks the marks once when nothing is masked: it must cut exactly as the
general cut at every bound (``_cut_pieces``, the reference) does, for marks empty, adjacent, past
the end of the text, out of order or overlapping (those take the general cut)."""

from __future__ import annotations

import random

from trainer.report.masking import _cut_pieces, find, pieces


def _reference(text: str, marks: list[tuple[int, int]], show: bool) -> list[tuple[str, bool]]:
    """``pieces`` by the general cut at every bound, as it was before the walk (round 15)."""
    return _cut_pieces(text, marks, [] if show else find(text))


TEXTS = ["", "好", "您好，这里是安信银行信用卡中心，请问是张伟先生吗？",
         "我念一下：32010219851231002X。好", "请打13800138000联系我们\x1b[2J", "\u202e反转\u202c" * 3]


def _marks(rng: random.Random, size: int) -> list[tuple[int, int]]:
    points = sorted(rng.randrange(0, size + 4) for _ in range(2 * rng.randrange(0, 5)))
    marks = list(zip(points[::2], points[1::2], strict=True))
    if rng.random() < 0.3:  # out of order, overlapping or inverted: the general cut
        rng.shuffle(marks)
        marks = [(e, s) if rng.random() < 0.2 else (s, e) for s, e in marks]
    return marks


def test_pieces_cut_as_the_reference_on_random_marks() -> None:
    rng = random.Random(15)
    for _ in range(3000):
        text = rng.choice(TEXTS)
        marks = _marks(rng, len(text))
        for show in (False, True):
            assert pieces(text, marks, show) == _reference(text, marks, show), (text, marks, show)


def test_pieces_cut_as_the_reference_on_edge_marks() -> None:
    text = "您好，这里是安信银行信用卡中心"
    n = len(text)
    for marks in ([], [(0, 0)], [(3, 3)], [(n, n)], [(0, n)], [(2, 4), (4, 6)], [(2, 4), (4, 4), (4, 6)],
                  [(n - 2, n + 5)], [(n + 1, n + 3)], [(0, 1), (n - 1, n)], [(5, 2)], [(-1, 2)]):
        for show in (False, True):
            assert pieces(text, marks, show) == _reference(text, marks, show), marks
