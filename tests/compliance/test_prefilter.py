"""The audit's cheap pre-tests (prefilter.py, the raw regexes' shared digit gate, the context
cue searches) must never change a finding: they only spare work where the full test fails."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.corpus import DENSE_RATE, generate
from trainer.compliance import RulePack, load_pack
from trainer.compliance.context import _TELLING, DEFAULT_CUES, Cues, _last_cue, _reports
from trainer.compliance.patterns import compile_pattern
from trainer.compliance.prefilter import gate_tokens, gated_search

CALLS = Path(__file__).parents[1] / "data" / "compliance" / "calls"


def _without_prefilters(pack: RulePack) -> RulePack:
    """A fresh copy of ``pack`` whose patterns' regexes run unguarded."""
    bare = RulePack(pack.data, pack.tables)
    bare._search = [p.regex.search for p in bare._patterns]
    bare._raw_plain.ascii_gate = bare._raw_gated.ascii_gate = None
    bare._raw_plain.needs, bare._raw_gated.needs = {}, {}
    return bare


def test_findings_identical_with_and_without_prefilters(tmp_path: Path) -> None:
    pack = load_pack()
    generated = tmp_path / "dense.jsonl"
    generate(generated, 0.4, seed=3, rate=DENSE_RATE)
    calls = [json.loads(line) for path in [generated, *sorted(CALLS.glob("*.jsonl"))]
             for line in path.read_text("utf-8").splitlines() if line.strip()]
    calls = [{k: v for k, v in call.items() if k != "labels"} for call in calls]
    fast = list(pack.audit_many(iter(calls)))
    slow = list(_without_prefilters(pack).audit_many(iter(calls)))
    assert sum(map(len, fast)) > 500  # a corpus that does find things
    assert fast == slow


def test_literal_gate_skips_the_regex_only_when_it_cannot_match() -> None:
    compiled = compile_pattern("(你|您) ~3 (先)? ~2 (拿|出|垫|凑) ~4 (一部分|一点|些)", {})
    tried: list[str] = []

    def search(text: str):
        tried.append(text)
        return compiled.regex.search(text)

    gated = gated_search(search, gate_tokens(compiled))
    assert gated("您好，请问是张伟本人吗") is None and tried == []  # 您 alone: the regex is spared
    assert gated("您先凑一部分吧") is not None and tried == ["您先凑一部分吧"]
    assert gated("您拿出来的一部分") is not None


def test_cue_searches_agree_with_testing_each_cue() -> None:
    cues = Cues.from_settings(None)
    rnd = random.Random(5)
    alphabet = "".join(sorted({ch for words in DEFAULT_CUES.values() for w in words for ch in w})) + "跟和对我你的钱还"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        best, best_len = -1, 0
        for cue in cues.negation:
            i = text.rfind(cue)
            if i > best:
                best, best_len = i, len(cue)
        assert _last_cue(text, cues.negation) == (best, best_len), text
        told = _TELLING.sub("\0\0\0", text)
        assert _reports(text, cues.report) == (any(c in text for c in cues.report)
                                               and any(c in told for c in cues.report)), text


def test_a_regex_without_a_gate_still_runs_and_leaves_the_others_their_group_gate() -> None:
    import re

    from trainer.compliance.gates import raw_group, run_gate, scan_raw

    digits = re.compile(r"(?<!\d)\d{11}(?!\d)")  # gated: a run of 11 digits
    date_sum = re.compile(r"号[^。\n]{0,4}?[一二两三四五]千")  # a negated class: no gate
    regexes = [digits, date_sum]
    gates = {pi: g for pi, rx in enumerate(regexes) if (g := run_gate(rx)) is not None}
    assert set(gates) == {0}
    group = raw_group([0, 1], regexes, gates)
    assert group.gate is not None and group.ungated == frozenset({1})
    # no digit run: the group gate spares the phone-number regex, the date-sum one still runs
    assert [pi for pi, _s, _e in scan_raw("5号之前两千", group, regexes, gates)] == [1]
    assert [pi for pi, _s, _e in scan_raw("电话13905713386", group, regexes, gates)] == [0]


def test_a_raw_regex_needs_one_of_its_strings_only_where_every_match_goes_through_them() -> None:
    import re

    from trainer.compliance.gates import lacks, needed_literals

    address = re.compile(r"(?:[0-9](?: ?[0-9]){0,3}|[一二三四五六七八九十]{1,3}) ?(?:栋|幢|单元|号楼)")
    assert needed_literals(address) == ("单元", "号楼", "幢", "栋")
    assert lacks("3号", needed_literals(address)) and not lacks("3单元", needed_literals(address))
    assert needed_literals(re.compile(r"(?:银|我是)的?(?:法务|诉讼)部")) == ("法务", "诉讼")  # longest first
    assert needed_literals(re.compile(r"还款部")) == ("还款部",)
    assert needed_literals(re.compile(r"[一幺]\d")) == ("一", "幺")
    for none in (r"(?:栋|)\d", r"(?:栋)?\d", r"(?:栋)*", r"(?i)ab", r"(?i:ab)", r"[^栋]", r"\d+", r"(?=栋)\d",
                 r"(?<!栋)\d", r"(?:栋|\d)"):
        assert needed_literals(re.compile(none)) is None, none
    rng = random.Random(11)
    pack = load_pack()
    for group in (pack._raw_plain, pack._raw_gated):
        for pi, needed in group.needs.items():
            for _ in range(300):
                text = "".join(rng.choice("栋幢单元号楼一二三0123 千百分之日息今天第法务诉讼元块") for _ in range(12))
                if lacks(text, needed):
                    assert pack._regexes[pi].search(text) is None, (pack._regexes[pi].pattern, text)


def test_raw_regexes_led_by_a_look_behind_find_the_same_numbers_when_moved_behind_their_first_character() -> None:
    import re

    from trainer.compliance.gates import class_first

    pack = load_pack()
    moved = [rx for rx in pack._regexes if rx is not None and class_first(rx) is not rx]
    assert moved, "the bundled pack's card, phone and sum regexes start with a look-behind"
    alphabet = "0123456789 -,.元块一幺两零〇三四五六七八九x还款\n"
    rng = random.Random(5)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["".join(rng.choice("1112 -x") for _ in range(rng.randint(10, 40))) for _ in range(3000)]  # card, ID
    texts += ["卡号6222 0212 3456 7890 123，欠款1,234.50元", "电话13905713386。还12.000块", "2,3元",
              "213905713386", "二一三九零五七一三三八六", "5,12元"]
    for rx in moved:
        for text in texts:
            assert [(m.span(), m.groups()) for m in class_first(rx).finditer(text)] == \
                [(m.span(), m.groups()) for m in rx.finditer(text)], (rx.pattern, text)
    unrolled = re.compile(r"(?<!\d)(?:12)+元")  # the first 12 taken out of the repeat
    assert class_first(unrolled) is not unrolled
    for text in ("12元", "312元", "1212元", "3 1212元", "2121元"):
        assert [m.span() for m in class_first(unrolled).finditer(text)] == [m.span() for m in unrolled.finditer(text)]
    # a look-behind before a capturing group stays where it is (the group's span would change)
    other = re.compile(r"(?<!\d)(12)+元")
    assert class_first(other) is other
