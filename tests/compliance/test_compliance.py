"""The compliance engine: every rule's own examples, evasion variants, context, local packs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import opencc
import pytest

from trainer.base.errors import InputError
from trainer.base.vocab import CATEGORIES
from trainer.compliance import (
    audit_transcript,
    example_transcript,
    load_pack,
    run_examples,
    validate_pack_file,
)

PACK = load_pack()
RESULTS = run_examples(PACK)
_S2T = opencc.OpenCC("s2t")


def _agent(text: str, **meta: object) -> list[dict]:
    return audit_transcript({"id": "t", "meta": dict(meta), "turns": [{"speaker": "agent", "text": text}]})


def _rules(findings: list[dict]) -> set[str]:
    return {f["rule"] for f in findings}


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.rule}-{r.kind}-{r.index}")
def test_rule_example(result) -> None:
    what = "should be flagged" if result.kind == "violating" else "should pass"
    assert result.ok, f"{result.rule} {result.kind} #{result.index} {what}: {result.text} -> {result.findings}"


def test_pack_covers_every_category_with_enough_rules_and_examples() -> None:
    assert len(PACK.rules) >= 30
    assert {r.category for r in PACK.rules} == set(CATEGORIES)
    for rule in PACK.rules:
        assert len(rule.examples["violating"]) >= 2 and len(rule.examples["compliant"]) >= 2, rule.id
        assert rule.sources and rule.message


# --- evasion variants of every violating example ---------------------------------------------

def _spaced(text: str) -> str:
    return " ".join(text)


def _zero_width(text: str) -> str:
    return "\u200b".join(text)


def _traditional(text: str) -> str:
    return _S2T.convert(text)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


_PATTERN_RULES = [r for r in PACK.rules if r.check in ("forbidden", "altered_term", "order")]
_VARIANT_CASES = [(rule.id, i, ex, how) for rule in _PATTERN_RULES
                  for i, ex in enumerate(rule.examples["violating"])
                  for how in (_spaced, _zero_width, _traditional, _fullwidth)]


@pytest.mark.parametrize(("rule_id", "index", "example", "how"), _VARIANT_CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[3].__name__.strip('_')}" for c in _VARIANT_CASES])
def test_evasion_variant_of_violating_example_is_still_flagged(rule_id, index, example, how) -> None:
    transcript = example_transcript(example, "v")
    for turn in transcript["turns"]:
        if turn["speaker"] == "agent":
            turn["text"] = how(turn["text"])
    # the rules' examples test the rules: without the model's second opinion (as `trainer rules test`)
    found = audit_transcript(transcript, PACK.without_second_opinion())
    findings = [f for f in found if rule_id in (f["rule"], *(a["rule"] for a in f.get("also", ())))]
    assert findings, f"{rule_id}: {transcript['turns']}"
    for f in findings:
        text = transcript["turns"][f["turn"]]["text"]
        assert text[f["start"]:f["end"]] == f["excerpt"]


def test_stutter_and_homophone_evasions() -> None:
    stutter = _agent("我们是公公安安局局的")
    assert "CN-IMP-002" in _rules(stutter)
    homophone = [f for f in _agent("我们是工安局的") if f["rule"] == "CN-IMP-002"]
    assert homophone and "置信度较低" in homophone[0]["message"]
    plain = [f for f in _agent("我们是公安局的") if f["rule"] == "CN-IMP-002"]
    assert "置信度较低" not in plain[0]["message"]


# --- offsets ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["您好，我是 公*安*局 的，你等着", "\u200b\u200b我们是律師事務所的", "ＯＫ，我是检 察 院的"])
def test_finding_points_at_the_original_characters(text: str) -> None:
    findings = _agent(text)
    assert findings
    for f in findings:
        assert text[f["start"]:f["end"]] == f["excerpt"]
        assert f["excerpt"].strip()


def test_finding_has_the_design_fields_first_then_its_title() -> None:
    f = _agent("我是公安局的")[0]
    assert list(f)[:10] == ["transcript", "turn", "speaker", "rule", "category", "severity", "message",
                            "excerpt", "start", "end"]
    assert list(f)[10:] == ["title"] and f["title"] == "冒充公安机关"


def test_one_finding_per_rule_per_turn_with_every_span() -> None:
    text = "你的信用卡已经逾期两个月了，欠款一万二，利息还在涨。"
    found = audit_transcript({"id": "c", "meta": {}, "turns": [
        {"speaker": "agent", "text": "请问是张伟吗？"}, {"speaker": "debtor", "text": "你哪位？"},
        {"speaker": "agent", "text": text}]})
    rules = [(f["rule"], f["turn"]) for f in found]
    assert len(rules) == len(set(rules))
    early = next(f for f in found if f["rule"] == "CN-TP-003")
    assert early["title"] == "核实本人之前谈欠款"
    assert len(early["spans"]) >= 2 and early["spans"][0] == [early["start"], early["end"]]
    assert all(text[s:e] for s, e in early["spans"])


# --- context ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "flagged"), [
    ("我们不是公安局", "CN-IMP-002", False),
    ("我不是客服，我是公安局的", "CN-IMP-002", True),
    ("我不是客服我是公安局的", "CN-IMP-002", True),
    ("如果长期不处理，银行有权依法起诉", "CN-THR-003", False),
    ("明天就来抓你", "CN-THR-002", True),
    ("您说的公安局我们没有关系", "CN-IMP-002", False),
    ("您刚才问我们是不是法院的？不是的", "CN-IMP-001", False),
    ("我们办公安排在周一", "CN-IMP-002", False),
    ("我们是银行的司法部门", "CN-IMP-001", False),
    ("如果进入诉讼，法院会依法送达律师函", "CN-IMP-003", False),
    ("你想坐牢吗？", "CN-THR-002", True),
    ("你不还钱我们就去你单位", "CN-THR-005", True),
])
def test_context_of_a_hit(text: str, rule: str, flagged: bool) -> None:
    assert (rule in _rules(_agent(text))) is flagged


def test_customers_own_words_are_never_judged() -> None:
    t = {"id": "c", "turns": [{"speaker": "debtor", "text": "你们是公安局的吧？我要去法院告你们，傻逼"}]}
    assert audit_transcript(t) == []


def test_third_party_answered_without_disclosure_passes_but_disclosure_fails() -> None:
    base = [{"speaker": "agent", "text": "您好，请问张伟在吗？"},
            {"speaker": "third_party", "text": "他不在，我是他爱人，他欠你们钱了吗？"}]
    ok = base + [{"speaker": "agent", "text": "是他的一些个人事务，麻烦您转告他回个电话，谢谢。"}]
    bad = base + [{"speaker": "agent", "text": "是的，他信用卡逾期了，欠款一万二。"}]
    assert not _rules(audit_transcript({"id": "ok", "turns": ok})) & {"CN-TP-001"}
    assert "CN-TP-001" in _rules(audit_transcript({"id": "bad", "turns": bad}))


def test_debt_talk_after_verification_is_fine_before_it_is_not() -> None:
    verified = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心的王明，请问是张伟先生本人吗？"},
                {"speaker": "debtor", "text": "是我"},
                {"speaker": "agent", "text": "您的信用卡已经逾期45天，欠款12580元。"}]
    assert audit_transcript({"id": "v", "turns": verified}) == []
    early = [verified[0], verified[2]]
    assert "CN-TP-003" in _rules(audit_transcript({"id": "e", "turns": early}))


@pytest.mark.parametrize(("reply", "verified"), [
    ("我又不是不还，就是晚一点。", True),  # no yes, but only the cardholder speaks so of the debt (round 16)
    ("我最近手头紧，缓缓吧。", True),
    ("系，又系张卡嘅事啊？", True),  # Cantonese yes
    ("我不知道他欠了多少钱。", False),  # someone else's debt
    ("我们家没钱。", False),
    ("你哪位？", False),
])
def test_a_reply_that_answers_as_the_cardholder_verifies_them(reply: str, verified: bool) -> None:
    turns = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心的王明，请问是张伟先生本人吗？"},
             {"speaker": "debtor", "text": reply},
             {"speaker": "agent", "text": "您的信用卡已经逾期45天，欠款12580元。"}]
    assert ("CN-TP-003" not in _rules(audit_transcript({"id": "r", "turns": turns}))) is verified


def test_calling_hours_use_the_debtors_time_zone_and_the_pack_window() -> None:
    t = {"id": "n", "meta": {"started_at": "2026-03-02T22:30:00+08:00", "timezone": "Asia/Urumqi"},
         "turns": [{"speaker": "agent", "text": "您好"}]}
    # 22:30 in Beijing is 20:30 in Urumqi: allowed
    assert "CN-HAR-001" not in _rules(audit_transcript(t))
    t["meta"]["timezone"] = "Asia/Shanghai"
    late = [f for f in audit_transcript(t) if f["rule"] == "CN-HAR-001"]
    assert late and late[0]["turn"] is None and late[0]["start"] is None


def test_incremental_auditor_matches_the_whole_transcript_audit() -> None:
    turns = [("agent", "喂，请问是张伟吗？"), ("debtor", "你谁啊？"), ("agent", "你别管我是谁，你欠的钱什么时候还？"),
             ("debtor", "是我"), ("agent", "明天就来抓你，我是公 安 局的")]
    transcript = {"id": "x", "meta": {}, "turns": [{"speaker": s, "text": t} for s, t in turns]}
    auditor = PACK.auditor({}, "x")
    stepwise = [f for i, (s, t) in enumerate(turns) for f in auditor.add_turn(i, s, t)] + auditor.finish()
    whole = audit_transcript(transcript)
    assert stepwise == whole and auditor.withdrawn == getattr(whole, "withdrawn", [])
    # (refusing to say who is calling and the debt in one sentence: one line, the other named in it)
    named = _rules(stepwise) | {a["rule"] for f in stepwise for a in f.get("also", ())}
    assert {"CN-ID-002", "CN-ID-003", "CN-TP-003", "CN-IMP-002"} <= named
    # the rules find the threat too; the model's second opinion withdraws it (the turn stays reported
    # as impersonation) and says so
    rules_alone = audit_transcript(transcript, PACK.without_second_opinion())
    also = {a["rule"] for f in rules_alone for a in f.get("also", ())}
    assert "CN-THR-002" in _rules(rules_alone) | also | {f["rule"] for f in auditor.withdrawn}


# --- local packs -----------------------------------------------------------------------------

def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(textwrap.dedent(body), "utf-8")
    return path


def test_local_pack_adds_terms_disables_rules_and_moves_the_cut_off(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        pack: anxin
        settings:
          quiet_hours: {start: "21:00", end: "08:00"}
        lexicons:
          police: {add: [巡警]}
          bank_phrases: {terms: [包你满意, 内部渠道]}
        disable: [CN-ABU-003]
        severity: {CN-THR-003: critical}
        rules:
          - id: AX-BANK-001
            title: 本行禁用说法
            category: false_claim
            severity: minor
            message: 本行禁止使用这些营销式说法。
            sources: [{text: 安信银行内部规定, verified: true}]
            check: forbidden
            patterns: ["@bank_phrases"]
            examples:
              violating: [走内部渠道包你满意。, 我有内部渠道。]
              compliant: [请走官方渠道。, 我们按规定办理。]
        """)
    pack = load_pack([path])
    assert all(r.ok for r in run_examples(pack))
    late = {"id": "l", "meta": {"started_at": "2026-03-02T21:30:00+08:00"}, "turns": [{"speaker": "agent", "text": "您好"}]}
    assert "CN-HAR-001" in _rules(audit_transcript(late, pack))
    assert "CN-HAR-001" not in _rules(audit_transcript(late))
    assert "CN-IMP-002" in _rules(_agent_with(pack, "我是巡警"))
    assert "AX-BANK-001" in _rules(_agent_with(pack, "我可以走内部渠道"))
    assert "CN-ABU-003" not in _rules(_agent_with(pack, "你们农村人就是不讲信用"))
    assert [f["severity"] for f in _agent_with(pack, "明天就起诉你") if f["rule"] == "CN-THR-003"] == ["critical"]


def _agent_with(pack, text: str) -> list[dict]:
    return audit_transcript({"id": "t", "turns": [{"speaker": "agent", "text": text}]}, pack)


def test_bad_local_pack_lists_every_problem_with_codes_and_hints(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        pack: broken
        settings: {quiet_hours: {start: "25:00", end: "08:00"}}
        disable: [CN-IMP-002x]
        rules:
          - id: CN-IMP-001
            title: 重复
            category: impersonation
            severity: critical
            message: x
            sources: [{text: x}]
            check: forbidden
            patterns: ["@polise 我"]
            examples: {violating: [a], compliant: [b, c]}
        """)
    problems = validate_pack_file(path)
    codes = {p.code for p in problems}
    assert {"RP002", "RP003", "RP005", "RP006", "RP008"} <= codes
    text = "\n".join(str(p) for p in problems)
    assert "police" in text and "CN-IMP-002" in text  # did-you-mean
    assert all(p.location.line > 0 for p in problems)
    with pytest.raises(InputError):
        load_pack([path])


def test_an_unknown_cue_list_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        pack: anxin
        settings:
          cues: {disavowal: [纯属谣言], bogus: [哈哈]}
        """)
    problems = validate_pack_file(path)
    assert [p.code for p in problems] == ["RP001"]
    assert problems[0].location.line == 3 and "bogus" in str(problems[0]) and "disavowal" in str(problems[0])
    with pytest.raises(InputError):
        load_pack([path])


def test_a_local_pack_can_add_a_disavowal_cue(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        pack: anxin
        settings:
          cues: {disavowal: [纯属谣言]}
        """)
    call = {"id": "t", "meta": {}, "turns": [{"speaker": "agent", "text": "网上说“逾期三个月就冻结所有银行卡”，纯属谣言。"}]}
    assert "CN-FC-003" in _rules(audit_transcript(call))
    assert "CN-FC-003" not in _rules(audit_transcript(call, load_pack([path])))


def test_unknown_category_is_a_shape_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        pack: x
        rules:
          - id: AX-BANK-002
            title: t
            category: threats
            severity: critical
            message: m
            sources: [{text: s}]
            check: forbidden
            patterns: [x]
            examples: {violating: [x, x], compliant: [y, z]}
        """)
    problems = validate_pack_file(path)
    assert [p.code for p in problems] == ["RP001"]
    assert "threat" in str(problems[0])


def test_bundled_pack_file_validates_clean() -> None:
    from trainer.compliance import bundled_pack_paths

    for path in bundled_pack_paths():
        assert validate_pack_file(path) == []
