"""``audit --format csv``: a cell a spreadsheet could take for a formula starts with a quote
(OWASP CSV injection: ``= + - @`` and also TAB and CR)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.report.audit import _csv_cell


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_with_a_formula_character_is_neutralised(lead: str) -> None:
    assert _csv_cell(lead + "SUM(A1)") == "'" + lead + "SUM(A1)"


def test_ordinary_cells_are_kept() -> None:
    assert _csv_cell("我是公安局") == "我是公安局" and _csv_cell(3) == 3 and _csv_cell(None) == ""


def test_audit_csv_neutralises_a_transcript_id_starting_with_tab_or_cr(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.jsonl"
    calls = [{"id": lead + "=HYPERLINK(\"http://x\")", "turns": [{"speaker": "agent", "text": "我是公安局的"}]}
             for lead in ("\t", "\r")]
    path.write_text("".join(json.dumps(c) + "\n" for c in calls), "utf-8")
    assert main(["audit", str(path), "--format", "csv"]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    ids = {row[0] for row in rows[1:]}
    assert ids == {"'\t=HYPERLINK(\"http://x\")", "'\r=HYPERLINK(\"http://x\")"}
