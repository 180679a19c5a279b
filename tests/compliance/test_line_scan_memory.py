"""A batch remembers each line's fold and scan by its unfolded text (batch.py, ``_agent_lines`` and
``_other_lines``), and the JSON writer writes each finding field by field: neither may change what
``trainer audit`` reports."""

from __future__ import annotations

import json

from helpers_audit import labelled_call_findings

from trainer.compliance import load_pack
from trainer.report.audit import FIELDS, JsonArray, _encode
from trainer.report.masking import masked_finding

TELLS = "他信用卡欠了我们两万多，让他赶紧还。"
OPENING = "您好，这里是安信银行信用卡中心，我姓王，请问是张伟先生吗？"
ABUSE = "你个老赖，欠钱不还还有理了？"


def _call(cid: str, reply: str, tells: str) -> dict:
    return {"id": cid, "meta": {"contact": "third_party"}, "turns": [
        {"speaker": "agent", "text": OPENING},
        {"speaker": "third_party", "text": reply},
        {"speaker": "agent", "text": tells},
        {"speaker": "third_party", "text": "好的。"},
        {"speaker": "agent", "text": ABUSE}]}


def test_a_line_said_again_in_a_later_batch_and_a_line_with_a_newline_are_judged_as_new() -> None:
    pack = load_pack()
    first = _call("a", "他不在，你找他什么事？", TELLS)
    again = _call("b", "他不在，你找他什么事？", TELLS)  # every line remembered from the first batch
    broken = _call("c", "他不在，\n你找他什么事？", "他信用卡欠了我们\n两万多，让他赶紧还。")  # new lines with a newline
    alone = []
    for call in (first, again, broken):
        pack.forget()  # each call judged with nothing remembered
        alone.append(pack.audit(call))
    assert {"third_party_disclosure", "abuse"} <= {f["category"] for f in alone[0]}
    pack.forget()
    assert list(pack.audit_many([first])) == alone[:1]
    assert list(pack.audit_many([again])) == alone[1:2]  # every line remembered
    assert list(pack.audit_many([again, broken])) == alone[1:]  # new lines with a newline: the scans as before


def _reference(findings: list[dict], agent, team, show: bool, extra: list[dict]) -> list[str]:
    """Each item as the writer built it before: a dict, masked, then one ``json`` encoding."""
    out = []
    for f, more in zip(findings, extra, strict=True):
        item = {k: f[k] for k in FIELDS}
        if f.get("spans"):
            item["spans"] = f["spans"]
        if f.get("also"):
            item["also"] = f["also"]
        if not show:
            item = masked_finding(item, False)
        item["agent"], item["team"] = agent, team
        item.update(more)
        out.append(_encode(item))
    return out


def test_each_json_item_is_the_text_the_json_module_writes_for_it() -> None:
    findings = labelled_call_findings()
    kinds = {f["category"] for f in findings}
    assert {"privacy", "threat", "third_party_disclosure"} <= kinds and any(f.get("also") for f in findings)
    findings.append({**findings[0], "turn": None, "excerpt": None, "start": True, "end": 2.5})  # odd values
    extra = [{"id": f"{n:012x}"} if n % 2 else {"id": f"{n:012x}", "status": "已确认"} for n in range(len(findings))]
    for show in (False, True):
        for agent, team in ((None, None), ("A0001", "催收一组\u2028")):
            text = JsonArray().items(findings, agent, team, show, extra)
            assert text.split(",\n") == ["\n" + _reference(findings, agent, team, show, extra)[0],
                                         *_reference(findings, agent, team, show, extra)[1:]]
            assert len(json.loads("[" + text + "]")) == len(findings)
