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


# past the opening (the first four agent turns), with no answer owed, a whole agent turn's verdict
# is remembered per (line, call state): the same line in the same state is a look-up
_OPENING = [("agent", "您好，这里是安信银行信用卡中心，我姓王，请问是张伟先生吗？"), ("debtor", "是我，什么事？"),
            ("agent", "张先生您好，跟您核对一下，您尾号1234的信用卡账单已经逾期了。"), ("debtor", "嗯，我知道。"),
            ("agent", "好的，我们这边看一下您的情况。"), ("debtor", "嗯。"),
            ("agent", "您最近方便吗？"), ("debtor", "还行。")]


def _opened(cid: str, rest: list[tuple[str, str]]) -> dict:
    return {"id": cid, "meta": {}, "turns": [{"speaker": s, "text": t} for s, t in _OPENING + rest]}


def test_a_false_claim_said_again_still_colours_what_follows_it() -> None:
    """The false claim's line, remembered, must still mark the call: the demand that leans on it
    is a breach after it and only after it, in every call that says it."""
    pack = load_pack()
    pack.forget()
    follow = ("agent", "您先还六千，我帮您看看能不能把止付申请撤回来。")
    claimed = _opened("a", [("agent", "我们已经对您名下的账户发起了止付申请。"), ("debtor", "那我怎么办？"), follow])
    plain = _opened("b", [("agent", "您看什么时候能处理一下？"), ("debtor", "那我怎么办？"), follow])
    got = [_rules(f) for f in pack.audit_many([claimed, plain, claimed, plain, claimed])]
    assert got[0] == [(8, "CN-FC-003"), (10, "CN-FC-012")]
    assert got[1] == []
    assert got == [got[0], [], got[0], [], got[0]]
    again = list(pack.audit_many([claimed, claimed]))
    assert [f["transcript"] for f in again[1]] == ["a", "a"]
    again[0][0]["message"] = "changed"  # each call's findings are its own
    assert next(pack.audit_many([claimed]))[0]["message"] != "changed"


def test_a_sum_said_before_in_one_call_does_not_excuse_the_same_line_in_another() -> None:
    """「至少先还两千」 to the bereaved is no fresh demand where they offered 两千 themselves; in a call
    where nobody did, the same line in the same state is a breach (the verdict read the call's
    earlier turns, so it is not the line's alone)."""
    pack = load_pack()
    pack.forget()
    died = [("debtor", "我爸上个月去世了，这卡是他的。"), ("agent", "节哀。")]
    demand = ("agent", "那您至少先还两千吧。")
    offered = _opened("x", [*died, ("debtor", "我只能先还两千。"), demand])
    pressed = _opened("y", [*died, ("debtor", "我真的没钱。"), demand])
    got = [_rules(f) for f in pack.audit_many([offered, pressed, pressed, offered])]
    assert got == [[], [(11, "CN-VUL-002")], [(11, "CN-VUL-002")], []]


def test_a_first_line_said_again_counts_its_required_elements_in_each_call() -> None:
    pack = load_pack()
    pack.forget()
    named = _call("c1", "是我，什么事？", "debtor")
    bare = {"id": "c2", "meta": {}, "turns": [
        {"speaker": "agent", "text": "喂，张伟吗？"}, *named["turns"][1:]]}
    broken = {"id": "c3", "meta": {}, "turns": [  # a line break inside a first line: scanned, never remembered
        {"speaker": "agent", "text": "您好，这里是安信银行信用卡中心，\n我姓王，请问是张伟先生吗？"}, *named["turns"][1:]]}
    cold = [_rules(pack.audit(call)) for call in (named, bare, broken)]
    assert ("CN-ID-001" in {rule for _turn, rule in cold[1]}) and ("CN-ID-001" not in {rule for _turn, rule in cold[0]})
    warm = [_rules(f) for f in pack.audit_many([bare, named, broken, named, bare])]
    assert warm == [cold[1], cold[0], cold[2], cold[0], cold[1]]
