"""The content shipped with the package: the four script trees of the course validate
clean with every stage reachable, the standard opening carries what the course demands,
and every recommended agent line is itself compliant under the bundled rule pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.compliance import load_pack
from trainer.content.scenario import list_scenarios
from trainer.content.script import SAMPLE_FACTS, bundled_script_paths, load_script
from trainer.content.validate import bundled_paths, validate_paths

COURSE_TREES = ("first_contact", "follow_up", "third_party", "special_accounts")


def test_the_four_trees_of_the_course_are_bundled() -> None:
    assert {p.stem for p in bundled_script_paths()} >= set(COURSE_TREES)


def test_everything_bundled_validates_clean() -> None:
    report = validate_paths()
    assert [str(p) for p in report.problems] == []
    kinds = {Path(f).parent.name for f in report.files}
    assert kinds == {"scripts", "scenarios", "rules"}
    assert len(report.files) == len(bundled_paths())


def test_standard_opening_carries_what_the_course_demands() -> None:
    script = load_script("first_contact")
    line = script.standard_line()
    assert line is not None
    facts = {"bank": "安信银行", "agent_surname": "王", "agent_id": "A1024", "name": "张伟", "surname": "张",
             "honorific": "先生", "card_tail": "6688", "balance": 12580, "min_due": 1258, "days_overdue": 45,
             "due_date": "1月16日", "promise_amount": 0, "promise_date": "", "paid_amount": 0,
             "callback_number": "400-123-4567"}
    text = line.render(facts)
    for element in ("安信银行", "司法调查组", "王", "张伟", "6688", "12580"):
        assert element in text, f"the standard opening lacks {element}: {text}"
    assert 70 <= len(text) <= 160, f"the standard opening should be about 100 characters, is {len(text)}"


def _agent_lines() -> list[tuple[str, str, str, str]]:
    """(scenario, context, line id, rendered text) for every line of every scenario's script.

    The context a line is judged in follows its stage: ``third_party`` (someone else is on
    the line), ``verified`` (the right party has confirmed) or ``unverified`` (nobody has
    confirmed yet: nothing about the debt may be said).  The standard opening asks for the
    customer itself and is recited as one speech, so it is judged after the confirmation."""
    out = []
    for scenario in list_scenarios():
        script = load_script(scenario.script_id)
        facts = {**SAMPLE_FACTS, **scenario.facts()}  # promise facts exist once a promise is made
        for stage, line in script.lines():
            if stage.contact == "third_party":
                context = "third_party"
            elif stage.verified or line.standard:
                context = "verified"
            else:
                context = "unverified"
            out.append((scenario.id, context, line.id, line.render(facts)))
    return out


_LINES = _agent_lines()


@pytest.mark.parametrize("scenario, context, line_id, text", _LINES,
                         ids=[f"{sc}:{lid}" for sc, _, lid, _ in _LINES])
def test_recommended_line_is_compliant(scenario: str, context: str, line_id: str, text: str) -> None:
    pack = load_pack()
    meta = {"contact": "third_party" if context == "third_party" else "debtor",
            "started_at": "2026-03-02T10:15:00+08:00"}
    auditor = pack.auditor(meta, scenario)
    turns = {"third_party": [("agent", "您好，请问张伟先生在吗？"), ("third_party", "他不在，我是他家里人，你有什么事？")],
             "verified": [("agent", "您好，请问您是张伟先生吗？"), ("debtor", "是我，什么事？")],
             "unverified": []}[context]
    for i, (speaker, said) in enumerate(turns):
        auditor.add_turn(i, speaker, said)
    findings = auditor.add_turn(len(turns), "agent", text)
    assert findings == [], f"{scenario} {line_id}: {text}\n{findings}"
