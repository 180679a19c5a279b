"""One vocabulary: every stable code has one Chinese label, defined in trainer/base/vocab.py only."""

from __future__ import annotations

import ast
from pathlib import Path

from trainer.base import vocab

PACKAGE = Path(__file__).resolve().parents[2] / "trainer"


def test_every_code_has_exactly_one_label() -> None:
    for table, (codes, labels) in vocab.LABELLED.items():
        assert list(codes) == [c for c in labels if c is not None], table
        assert all(isinstance(labels[c], str) and labels[c].strip() for c in codes), table


def _code_to_label_dicts(path: Path) -> list[tuple[int, str]]:
    """Dict literals mapping two or more of one table's codes to Chinese strings."""
    tables = {name: set(codes) for name, (codes, _labels) in vocab.LABELLED.items()}
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Dict) or len(node.keys) < 2:
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
        values = [v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                  and any("\u4e00" <= ch <= "\u9fff" for ch in v.value)]  # a Chinese label
        if len(keys) != len(node.keys) or len(values) != len(node.values):
            continue
        for name, codes in tables.items():
            if set(keys) <= codes:
                found.append((node.lineno, name))
    return found


def test_no_other_module_defines_its_own_labels() -> None:
    offenders = [f"{path.relative_to(PACKAGE)}:{line} ({table})"
                 for path in sorted(PACKAGE.rglob("*.py")) if path.name != "vocab.py"
                 for line, table in _code_to_label_dicts(path)]
    assert not offenders, "label maps outside trainer/base/vocab.py: " + ", ".join(offenders)


def test_the_same_category_reads_the_same_in_scorecard_report_and_audit() -> None:
    from trainer.report import audit, progress
    from trainer.sim import scoring

    for module in (audit, progress, scoring):
        assert module.CATEGORY_LABELS is vocab.CATEGORY_LABELS
    for module in (audit, scoring):
        assert module.SEVERITY_LABELS is vocab.SEVERITY_LABELS
