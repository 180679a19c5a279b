"""Bulk audits share work across calls (``audit_many``): the findings must be exactly those of
auditing each call alone and of feeding its turns one by one to an ``Auditor``."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pytest

from trainer.compliance import RulePack, example_transcript, load_pack

EVAL = Path(__file__).parents[1] / "data" / "compliance" / "eval.jsonl"
OPENING = {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟本人吗？"}


def _pieces(pack: RulePack) -> list[list[dict]]:
    """Stretches of calls: every rule example (alone and after an opening) and every eval turn
    with the turns before it."""
    pieces = []
    for rule in pack.all_rules:
        for kind in ("violating", "compliant"):
            for example in rule.examples[kind]:
                turns = example_transcript(example, "x")["turns"]
                pieces += [turns, [OPENING, *turns]]
    for line in EVAL.read_text("utf-8").splitlines():
        item = json.loads(line)
        pieces.append([{"speaker": s, "text": t} for s, t in item["context"]]
                      + [{"speaker": "agent", "text": item["text"]}])
    return pieces


def _calls(pack: RulePack, count: int, seed: int) -> list[dict]:
    """Calls stitched from random pieces, with every kind of call metadata."""
    rnd = random.Random(seed)
    pieces = _pieces(pack)
    calls = []
    for n in range(count):
        turns = [turn for _ in range(rnd.randint(1, 4)) for turn in rnd.choice(pieces)]
        meta: dict = {}
        if rnd.random() < 0.5:
            meta["contact"] = rnd.choice(["debtor", "third_party"])
        if rnd.random() < 0.15:
            meta["flags"] = [rnd.choice(["minor", "bereaved", "ill"])]
        if rnd.random() < 0.7:
            meta["started_at"] = f"2026-03-{rnd.randint(10, 28)}T{rnd.randint(0, 23):02d}:30:00+0{rnd.choice([0, 8])}:00"
        if rnd.random() < 0.3:
            meta["timezone"] = rnd.choice(["Asia/Shanghai", "Asia/Urumqi", "Europe/London"])
        if rnd.random() < 0.1:
            meta["attempts_today"] = rnd.randint(1, 9)
        calls.append({"id": f"c{n}", "meta": meta, "turns": turns})
    return calls


def _stepwise(pack: RulePack, call: dict) -> list[dict]:
    auditor = pack.auditor(call["meta"], call["id"])
    found = [f for i, t in enumerate(call["turns"]) for f in auditor.add_turn(i, t["speaker"], t["text"])]
    return found + auditor.finish()


@pytest.mark.parametrize("seed", [1, 2])
def test_batched_audit_equals_call_by_call_and_turn_by_turn(seed: int) -> None:
    pack = load_pack()
    calls = _calls(pack, 600, seed)
    alone = [pack.audit(call) for call in calls]
    assert sum(map(len, alone)) > 600  # the calls do hold violations
    assert list(pack.audit_many(calls)) == alone
    assert list(pack.audit_many(calls, batch=7)) == alone
    assert [_stepwise(pack, call) for call in calls] == alone


def test_a_local_regex_never_matches_across_two_turns(tmp_path: Path) -> None:
    # A raw regex that can match a line break must not see two turns of a batch as one text.
    path = tmp_path / "bank.yaml"
    path.write_text(textwrap.dedent("""\
        pack: anxin
        rules:
          - id: AX-GAP-001
            title: 数字后面留空
            category: false_claim
            severity: minor
            message: 金额后面不要拖长停顿。
            sources: [{text: 安信银行内部规定, verified: true}]
            check: forbidden
            patterns: [{re: '\\d\\s+完'}]
            examples:
              violating: ["还 5  完", "共3 完"]
              compliant: [还5元完成。, 一共3笔。]
          - id: AX-GAP-002
            title: 行首的"完"
            category: false_claim
            severity: minor
            message: 不要以"完"开头。
            sources: [{text: 安信银行内部规定, verified: true}]
            check: forbidden
            patterns: [{re: '^完'}]
            examples:
              violating: [完了，你看着办。, 完蛋了。]
              compliant: [还完了。, 已经办完。]
        """), "utf-8")
    pack = load_pack([path])
    call = {"id": "g", "meta": {}, "turns": [{"speaker": "agent", "text": "一共3"},
                                             {"speaker": "agent", "text": "完成了吗"},
                                             {"speaker": "agent", "text": "完了"}]}
    alone = pack.audit(call)
    assert [(f["rule"], f["turn"]) for f in alone if f["rule"].startswith("AX")] == [("AX-GAP-002", 1),
                                                                                    ("AX-GAP-002", 2)]
    assert list(pack.audit_many([call, call])) == [alone, alone]
    assert _stepwise(pack, call) == alone


def test_a_regex_with_a_negated_class_matches_within_a_turn_and_never_across_two(tmp_path: Path) -> None:
    # [^。，] takes a line break: inside one turn it may run across one, never from a turn into the next
    path = tmp_path / "bank.yaml"
    path.write_text(textwrap.dedent("""\
        pack: anxin
        rules:
          - id: AX-CALL-001
            title: 说今天打了几次
            category: harassment
            severity: minor
            message: 不要强调今天打了多少次。
            sources: [{text: 安信银行内部规定, verified: true}]
            check: forbidden
            patterns: [{re: '今天[^。，]{0,6}打了'}]
            examples:
              violating: [今天上午打了您三次。, 今天已经打了两次。]
              compliant: [今天。我们打了电话。, 我们今天不打了，改天再说。]
        """), "utf-8")
    pack = load_pack([path])
    turns = ["今天", "打了您三次", "今天上午\n打了您三次", "您今天上午打了吗"]
    call = {"id": "n", "meta": {}, "turns": [{"speaker": "agent", "text": t} for t in turns]}
    alone = pack.audit(call)
    assert [f["turn"] for f in alone if f["rule"] == "AX-CALL-001"] == [2, 3]
    clean = {"id": "m", "meta": {}, "turns": [t for i, t in enumerate(call["turns"]) if i != 2]}
    assert [f["turn"] for f in pack.audit(clean) if f["rule"] == "AX-CALL-001"] == [2]
    assert list(pack.audit_many([call, clean, call])) == [alone, pack.audit(clean), alone]
    assert list(pack.audit_many([clean, clean])) == [pack.audit(clean)] * 2
    assert _stepwise(pack, call) == alone and _stepwise(pack, clean) == pack.audit(clean)


def test_a_booked_hour_said_too_late_in_the_call_counts_neither_in_a_batch_nor_turn_by_turn() -> None:
    # round 17: the customer's booked hour is read from the agent's first three turns; a batch skips judging
    # some quiet turns, and the turn-by-turn reading, once fed only the judged ones, took the fourth agent
    # turn's 「您上周说……让我晚上十点以后再打」 for the third and dropped the quiet-hours finding
    pack = load_pack()
    opening = "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟本人吗？"
    turns = [("agent", opening), ("debtor", "我在住院，刚做完化疗。"), ("agent", "您不是有钱交住院费吗？先挪一点出来还卡嘛。"),
             ("agent", opening), ("agent", "您好，我是安信银行信用卡中心的小刘，您上周说上夜班，让我晚上十点以后再打，我就按您说的时间打过来了。"),
             ("agent", opening), ("third_party", "我是他同事。"), ("agent", "你就跟他说卡中心那个账，他一听就明白。")]
    call = {"id": "late", "meta": {"contact": "debtor", "started_at": "2026-03-17T06:30:00+08:00"},
            "turns": [{"speaker": s, "text": x} for s, x in turns]}
    alone = pack.audit(call)
    assert "CN-HAR-001" in [f["rule"] for f in alone]
    assert list(pack.audit_many([call])) == [alone] and _stepwise(pack, call) == alone
