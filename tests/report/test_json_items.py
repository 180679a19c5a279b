"""``trainer audit --format json`` writes each item field by field, its review ``id`` included
(``JsonArray.items_with_ids``): the same text as the items with the ids added as fields, and every
string from a file escaped."""

from __future__ import annotations

import json

from helpers_audit import labelled_call_findings

from trainer.compliance.finding import finding_id
from trainer.report.audit import JsonArray


def _odd(f: dict) -> list[dict]:
    """Values a file or a caller could give that the usual findings do not have."""
    return [{**f, "turn": None, "speaker": None, "excerpt": None, "start": None, "end": None},
            {**f, "turn": True, "start": 2.5, "end": "7", "speaker": "客户\u202e"},
            {**f, "transcript": "call\x9b2J\u2066", "rule": "R\x85", "message": "说明\u202a",
             "excerpt": "原文\x9b\u2069", "spans": [[0, 1], [2, 3]], "also": [{"rule": "X\u202d"}]}]


def _with_ids_as_fields(findings: list[dict], agent, team, show: bool) -> str:
    return JsonArray().items(findings, agent, team, show, [{"id": finding_id(f)} for f in findings])


def test_items_with_ids_are_the_items_with_the_ids_added_as_fields() -> None:
    findings = labelled_call_findings()
    assert any(f.get("spans") for f in findings) and any(f.get("also") for f in findings)
    findings += _odd(findings[0])
    for show in (False, True):
        for agent, team in ((None, None), ("A0001", "催收一组\u2028"), ("坐席\x9b", "组\u2067")):
            text = JsonArray().items_with_ids(findings, agent, team, show)
            assert text == _with_ids_as_fields(findings, agent, team, show)
            items = json.loads("[" + text + "]")
            assert [item["id"] for item in items] == [finding_id(f) for f in findings]


def test_items_with_ids_escape_c1_and_bidi_controls() -> None:
    f = labelled_call_findings()[0]
    text = JsonArray().items_with_ids(_odd(f), "坐席\x9b", "组\u2067", True)
    assert all(ch not in text for ch in "\x9b\x85\u202a\u202d\u202e\u2066\u2067\u2069")
    assert json.loads("[" + text + "]")[2]["transcript"] == "call\x9b2J\u2066"


def test_a_second_call_continues_the_array() -> None:
    f = labelled_call_findings()[0]
    array = JsonArray()
    text = array.start() + array.items_with_ids([f], None, None, False) + array.items_with_ids([], None, None, False)
    text += array.items_with_ids([f, f], None, None, False) + array.end()
    assert len(json.loads(text)) == 3
