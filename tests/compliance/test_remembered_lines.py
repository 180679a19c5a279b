"""What the auditor remembers per line of text never changes a finding.

A pack remembers, by a turn's text, what follows from the text alone (whether an anchor hit can
lead anywhere, the turn's clauses and the context verdicts given in them), and the model its
scores.  A line said again — in the same call, in another call, in a later batch, or in a call
where someone else is on the line — must be judged exactly as if it were new.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import DENSE_RATE, generate
from trainer.compliance import load_pack
from trainer.compliance.checks.model import load_model
from trainer.content.transcript import read_transcripts

TELLS = "他信用卡欠了我们两万多，让他赶紧还。"


def _call(cid: str, answer: str, speaker: str) -> dict:
    return {"id": cid, "meta": {}, "turns": [
        {"speaker": "agent", "text": "您好，这里是安信银行信用卡中心，我姓王，请问是张伟先生吗？"},
        {"speaker": speaker, "text": answer},
        {"speaker": "agent", "text": TELLS},
        {"speaker": speaker, "text": "好的。"},
        {"speaker": "agent", "text": TELLS}]}


def _rules(findings: list[dict]) -> list[tuple[int | None, str]]:
    return [(f["turn"], f["rule"]) for f in findings]


def test_the_same_line_is_judged_by_who_is_on_the_line_each_time() -> None:
    pack = load_pack()
    colleague = _call("c1", "我是他同事，他出去了。", "third_party")
    himself = _call("c2", "是我，什么事？", "debtor")
    cold_colleague, cold_himself = _rules(pack.audit(colleague)), _rules(pack.audit(himself))
    disclosed = sorted({turn for turn, rule in cold_colleague if rule.startswith("CN-TP")})
    assert disclosed == [2, 4]  # telling a colleague of the debt, both times
    assert not [rule for _turn, rule in cold_himself if rule.startswith("CN-TP")]
    # now every line is remembered: the same verdicts, in either order, one batch or two
    assert _rules(pack.audit(himself)) == cold_himself
    assert _rules(pack.audit(colleague)) == cold_colleague
    both = list(pack.audit_many([himself, colleague, himself]))
    assert [_rules(f) for f in both] == [cold_himself, cold_colleague, cold_himself]


def test_a_corpus_audited_again_with_everything_remembered_gives_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "dense.jsonl"
    generate(path, 0.4, 11, rate=DENSE_RATE)
    calls = [item[0] for item in read_transcripts(path) if isinstance(item, tuple)]
    pack = load_pack()
    pack.forget()
    load_model().forget()
    cold = list(pack.audit_many(iter(calls)))
    assert sum(map(len, cold)) > len(calls)  # a dense corpus: several findings a call
    warm = list(pack.audit_many(iter(calls)))
    one_by_one = [pack.audit(call) for call in reversed(calls)][::-1]
    assert warm == cold
    assert one_by_one == cold


def test_lines_with_numbers_and_line_breaks_are_judged_alike_in_any_batch() -> None:
    """Raw regexes (card and ID numbers) are remembered only from batches without a line break
    inside a turn: where one holds a newline, every turn is scanned as before."""
    pack = load_pack()
    card = "您的卡号是6222 0212 3456 7890 123，身份证号110101199003078515，对吧？"
    plain = _call("n1", "是我，什么事？", "debtor")
    plain["turns"].append({"speaker": "agent", "text": card})
    broken = _call("n2", "是我，什么事？", "debtor")
    broken["turns"].append({"speaker": "agent", "text": card.replace("，身份", "\n身份")})
    pack.forget()
    alone = [_rules(pack.audit(call)) for call in (plain, broken)]
    assert any(rule.startswith("CN-PRV") for _turn, rule in alone[0])  # the numbers are found
    for order in ([plain, broken, plain], [broken, plain, broken], [plain, plain]):
        expected = [alone[0] if call is plain else alone[1] for call in order]
        assert [_rules(f) for f in pack.audit_many(order)] == expected
        assert [_rules(f) for f in pack.audit_many(order, batch=1)] == expected
