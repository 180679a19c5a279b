"""``trainer report --format csv``: one row per call, for a spreadsheet.

Columns: call number and transcript id, trainee, date, mode, scenario, outcome, passed, score,
then the violations of each category (one per rule per turn) and their total.  Excel-safe: the
file starts with a UTF-8 BOM (so Excel reads the Chinese), rows end in CRLF, and a text cell that
a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a TAB or a CR)
gets a leading apostrophe.  Rows stream from the store; nothing holds every call at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from trainer.base.vocab import CATEGORIES, CATEGORY_LABELS, MODES, OUTCOMES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("编号", "通话ID", "学员", "日期", "方式", "场景", "结果", "是否通过", "得分",
          *(f"{CATEGORY_LABELS[c]}（{c}）" for c in CATEGORIES), "违规合计")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: formula starts neutralised, None empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def calls_csv(rows: Iterable[tuple]) -> str:
    """The CSV text of :func:`trainer.records.stats.call_rows` rows (with ``CATEGORIES``)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(HEADER)
    outcome_labels = {**OUTCOMES, "recited": "背诵通过", "recite_failed": "背诵未通过"}
    for cid, uid, trainee, at, mode, scenario, outcome, passed, score, *counts in rows:
        out.writerow([cid, safe_cell(uid), safe_cell(trainee), (at or "")[:10], MODES.get(mode, mode),
                      safe_cell(scenario), outcome_labels.get(outcome or "incomplete", outcome),
                      "" if passed is None else ("通过" if passed else "未通过"),
                      "" if score is None else (int(score) if float(score).is_integer() else score),
                      *counts])
    return buffer.getvalue()
