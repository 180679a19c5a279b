"""Personal data is masked in every output of `trainer audit` unless --show-personal-data is given."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.report.masking import find, mask, pieces

CASES = [  # (text, the personal data in it, the kind shown instead)
    ("你的身份证号是110101199003071234，对吧？", "110101199003071234", "[身份证号]"),
    ("我念一下：32010219851231002X。", "32010219851231002X", "[身份证号]"),
    ("身份证一一零一零一一九九零零三零七一二三四", "一一零一零一一九九零零三零七一二三四", "[身份证号]"),
    ("您卡号是6222 0212 3456 6688。", "6222 0212 3456 6688", "[银行卡号]"),
    ("卡号6222-0212-3456-6688-123，欠款一万。", "6222-0212-3456-6688-123", "[银行卡号]"),
    ("卡号6222021234566，欠款一万。", "6222021234566", "[银行卡号]"),
    ("紧急联系人王丽，手机13917264830，我们打过了。", "13917264830", "[电话号码]"),
    ("您表哥的电话是136 0228 5519，您问问他。", "136 0228 5519", "[电话号码]"),
    ("他的手机是一三九一七二六四八三零。", "一三九一七二六四八三零", "[电话号码]"),
    ("号码幺三八零零一三八零零零记一下", "幺三八零零一三八零零零", "[电话号码]"),
    ("单位座机010-62345678转总机", "010-62345678", "[电话号码]"),
    ("座机零二一六二三四五六七八", "零二一六二三四五六七八", "[电话号码]"),
    ("系统里您住朝阳区望京西路28号院3号楼2单元501，对吧？", "望京西路28号院3号楼2单元501", "[地址]"),
    ("他家是不是在浦东新区张杨路1588弄12号？", "张杨路1588弄12号", "[地址]"),
    ("寄到浙江省杭州市西湖区文三路 90 号", "文三路 90 号", "[地址]"),
]

NOT_PERSONAL = ["您的还款金额是12580元，逾期45天。", "客服电话95588。", "请拨打官方客服电话400-123-4567。",
                "您尾号6688的信用卡。", "通话时间2026-03-02 10:15。", "您可以到朝阳区的任意一家网点办理。",
                "一一核对后再说，一二三四五六七。"]


@pytest.mark.parametrize(("text", "value", "shown"), CASES)
def test_each_kind_is_masked_as_its_kind(text: str, value: str, shown: str) -> None:
    masked = mask(text)
    assert value not in masked
    assert shown in masked
    assert masked.startswith(text[:2])  # the words around it stay


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_amounts_dates_service_numbers_and_card_tails_are_kept(text: str) -> None:
    assert mask(text) == text


def test_pieces_mark_a_masked_value_that_a_finding_marked() -> None:
    text = "我念一下：32010219851231002X。好"
    assert pieces(text, [(5, 23)], show=False) == [("我念一下：", False), ("[身份证号]", True), ("。好", False)]
    assert pieces(text, [(5, 23)], show=True) == [("我念一下：", False), ("32010219851231002X", True),
                                                   ("。好", False)]


def test_hostile_input_is_scanned_in_linear_time() -> None:
    hostile = ["1 " * 50_000 + "a", "浙江省杭州市西湖区路" * 10_000, "一" * 100_000, "1-" * 50_000]
    started = time.perf_counter()
    for text in hostile:
        find(text)
    assert time.perf_counter() - started < 10  # a quadratic scan of these takes hours


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    turns = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"},
             {"speaker": "debtor", "text": "是我"}]
    turns += [{"speaker": "agent", "text": f"我核对一下：{text}"} for text, _value, _shown in CASES]
    call = {"id": "call-pd", "meta": {"agent": "王明"}, "turns": turns}
    path = tmp_path / "pd.jsonl"
    path.write_text(json.dumps(call, ensure_ascii=False) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "csv", "html", "json"])
def test_no_masked_value_appears_in_any_output(personal: Path, fmt: str, capsys) -> None:
    assert main(["audit", str(personal), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "CN-PRV-001" in out and "CN-PRV-005" in out  # the privacy findings are reported …
    for _text, value, _shown in CASES:
        assert value not in out, value  # … without the data
        assert value.replace(" ", "") not in out.replace(" ", "")
    for shown in ("[身份证号]", "[银行卡号]", "[电话号码]"):
        assert shown in out


def test_privacy_excerpts_name_the_kind_of_data(personal: Path, capsys) -> None:
    main(["audit", str(personal), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    excerpts = {f["rule"]: f["excerpt"] for f in findings if f["category"] == "privacy"}
    assert excerpts["CN-PRV-001"] == "[身份证号]"
    assert excerpts["CN-PRV-005"] == "[电话号码]"


@pytest.mark.parametrize("fmt", ["text", "csv", "html", "json"])
def test_show_personal_data_shows_it(personal: Path, fmt: str, capsys) -> None:
    assert main(["audit", str(personal), "--format", fmt, "--show-personal-data"]) == 1
    out = capsys.readouterr().out
    assert "110101199003071234" in out and "13917264830" in out
    if fmt == "html":
        assert "仅限授权使用" in out
