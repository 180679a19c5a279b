"""Shared by the paraphrase tests of the rule pack: what the audit finds on a call's last line."""

from __future__ import annotations

from pathlib import Path

from trainer.base.errors import Problem
from trainer.compliance import audit_transcript, load_pack
from trainer.content.transcript import read_transcripts

LABELLED_CALLS = Path(__file__).parent / "data" / "compliance" / "calls"


def labelled_call_findings() -> list[dict]:
    """The shipped pack's findings on every labelled call in tests/data/compliance/calls, in file order."""
    pack = load_pack()
    out: list[dict] = []
    for path in sorted(LABELLED_CALLS.glob("*.jsonl")):
        for item in read_transcripts(path):
            if not isinstance(item, Problem):
                out += pack.audit(item[0])
    return out


def findings(opening: list[dict], line: str, contact: str = "debtor") -> list[dict]:
    """The findings on ``line``, said by the agent after the turns ``opening``."""
    turns = [*opening, {"speaker": "agent", "text": line}]
    transcript = {"id": "t", "meta": {"contact": contact}, "turns": turns}
    return [f for f in audit_transcript(transcript) if f["turn"] == len(turns) - 1]


def categories(opening: list[dict], line: str, contact: str = "debtor") -> set[str]:
    """The categories of :func:`findings`."""
    return {f["category"] for f in findings(opening, line, contact)}


def categories_with_also(opening: list[dict], line: str, contact: str = "debtor") -> set[str]:
    """Every category the line touches, with those folded into another finding (``also``)."""
    found = findings(opening, line, contact)
    return {f["category"] for f in found} | {a["category"] for f in found for a in f.get("also", ())}


def found_per_turn(pairs: list[tuple[str, str]], contact: str = "debtor") -> dict[int, set[str]]:
    """Categories found per turn of a call given as (speaker, text) pairs (None for call-level findings)."""
    transcript = {"id": "r4", "meta": {"contact": contact},
                  "turns": [{"speaker": s, "text": t} for s, t in pairs]}
    out: dict[int, set[str]] = {}
    for f in audit_transcript(transcript):
        out.setdefault(f["turn"], set()).add(f["category"])
    return out


def after_zhang(line: str, before: tuple | list = (), contact: str = "debtor") -> set[str]:
    """The categories on ``line``, said after :data:`ZHANG_PAIRS` and the pairs ``before``."""
    turns = [*ZHANG_PAIRS, *before, ("agent", line)]
    return found_per_turn(turns, contact).get(len(turns) - 1, set())


def _turns(*pairs: tuple[str, str]) -> list[dict]:
    return [{"speaker": speaker, "text": text} for speaker, text in pairs]


# Call openings shared by the paraphrase tables of tests/compliance, one definition each. The
# agent's last line is said after one of these; names say who is on the line and in what state.

# 周强, verified, 司法调查组 named (rounds 6 to 7)
ZHOU = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"),
              ("agent", "周先生您好，我是安信银行信用卡中心司法调查组的，姓王，通话有录音。"),
              ("debtor", "嗯，什么事？"))
# the same, the debtor answering 「是我。」 (round 5)
ZHOU_SHI_WO = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是我。"),
                     ("agent", "周先生您好，我是安信银行信用卡中心司法调查组的，姓王，通话有录音。"),
                     ("debtor", "嗯，什么事？"))
# the same without the department (round 7, r9 material)
ZHOU_NO_DEPT = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"),
                      ("agent", "周先生您好，我是安信银行信用卡中心的，姓王，通话有录音。"),
                      ("debtor", "嗯，什么事？"))
# 张伟, verified (round 4; its tables give turns as (speaker, text) pairs)
ZHANG_PAIRS = [("agent", "您好，请问是张伟先生吗？"), ("debtor", "是我。"),
               ("agent", "张先生您好，我是安信银行信用卡中心司法调查组的，我姓王，本次通话有录音。")]
ZHANG = _turns(*ZHANG_PAIRS)
# 孙浩, verified (round 7, pass 2)
SUN = _turns(("agent", "您好，请问是孙浩先生吗？"), ("debtor", "是我。"),
             ("agent", "孙先生您好，我是安信银行信用卡中心司法调查组的，姓李，通话有录音。"),
             ("debtor", "嗯，说吧。"))
# 周凯 (round 8): verified, a cousin, a daughter just bereaved, in hospital, a child of eleven
ZHOU_KAI = _turns(("agent", "您好，请问是周凯先生吗？"), ("debtor", "是我。"),
                  ("agent", "周先生您好，我是安信银行信用卡中心的，姓林，通话有录音。"),
                  ("debtor", "嗯，你说。"))
ZHOU_KAI_COUSIN = _turns(("agent", "您好，请问是周凯先生吗？"), ("third_party", "他出去了，我是他表哥，什么事？"))
ZHOU_KAI_BEREAVED = _turns(("agent", "您好，请问周凯先生在吗？"), ("third_party", "我是他闺女，我爸前天刚走，家里正忙着。"))
ZHOU_KAI_ILL = _turns(("agent", "您好，请问是周凯先生吗？"), ("debtor", "是我，我在医院，下礼拜要开刀。"))
ZHOU_KAI_CHILD = _turns(("agent", "您好，请问周凯先生在家吗？"), ("third_party", "我爸不在，我今年十一岁。"))
ZHOU_COLLEAGUE_TOLD = _turns(("agent", "您好，请问周强在吗？"), ("third_party", "他出去了，我是他同事。"), ("agent", "我是安信银行的，姓王。周强的信用卡欠了两万多，一直没还。"), ("third_party", "这我不清楚。"))
ZHOU_ILL_CANCER = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"), ("agent", "周先生您好，我是安信银行信用卡中心司法调查组的，姓王，通话有录音。"), ("debtor", "我上个月查出来肝癌，现在在医院化疗，实在顾不上。"))
ZHOU_WIDOWED = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"), ("agent", "周先生您好，我是安信银行信用卡中心司法调查组的，姓王，通话有录音。"), ("debtor", "我老伴前几天刚没的，这两天在殡仪馆守灵，真没心思。"))
ZHOU_WIFE = _turns(("agent", "您好，请问周强在吗？"), ("third_party", "他不在，我是他老婆，有什么事？"))
CHEN_ZHIGANG_SON = _turns(("agent", "您好，请问陈志刚在吗？"), ("third_party", "我爸前些天走了，后事刚办完。我是他儿子。"))
ZHOU_UNNAMED = _turns(("agent", "喂，周强是吧？"), ("debtor", "是，哪位？"))
CHEN_ZHIGANG_WIFE = _turns(("agent", "您好，请问陈志刚在吗？"), ("third_party", "他前些天走了，后事刚办完。我是他爱人。"), ("agent", "您好，我是安信银行信用卡中心的，姓王。"), ("third_party", "你们找他什么事？"))
LI_JUN_CHILD = _turns(("agent", "喂，请问李军在吗？"), ("third_party", "我爸不在家，我上初二。"))
ZHOU_COLLEAGUE = _turns(("agent", "您好，请问周强在吗？"), ("third_party", "他不在，我是他同事。你哪位？"))
ZHOU_MOTHER = _turns(("agent", "您好，请问周强在家吗？"), ("third_party", "他出去了，我是他妈。找他什么事？"))
ZHOU_WIDOW = _turns(("agent", "您好，请问是周强先生家吗？"), ("third_party", "我是他爱人。他前阵子走了，后事刚忙完。"))
ZHOU_CHILD = _turns(("agent", "您好，请问周强在家吗？"), ("third_party", "我爸出去了，我上四年级。"))
ZHOU_CRYING = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"), ("agent", "周先生您好，我是安信银行信用卡中心的，姓王，通话有录音。"), ("debtor", "（哭）我真的撑不下去了，不想活了……"))
ZHOU_AFTER_SURGERY = _turns(("agent", "您好，请问是周强先生吗？"), ("debtor", "是。"), ("agent", "周先生您好，我是安信银行信用卡中心的，姓王，通话有录音。"), ("debtor", "我现在在医院，刚做完手术，下不了床。"))
ZHOU_CARER = _turns(("agent", "您好，请问是周强先生吗？"), ("third_party", "我是他老婆，他住院了，在ICU，手机在我这。"))
WRONG_NUMBER = _turns(("agent", "您好，请问是周强先生吗？"), ("third_party", "不是，你打错了。"))
ZHOU_KAI_COLLEAGUE = _turns(("agent", "您好，请问周凯在吗？"), ("third_party", "我是他同事，他今天请假了。"))
ZHOU_HARDSHIP = [*ZHOU_NO_DEPT[:3], {"speaker": "debtor", "text": "我妈住院了，家里钱都花在医院了。"}]
ZHOU_HIS_MOTHER = _turns(("agent", "您好，请问周强在吗？"), ("third_party", "他不在，我是他妈妈。你有什么事？"))
LIU_YANG_SISTER = _turns(("agent", "您好，请问刘洋在吗？"), ("third_party", "他不在，我是他姐。"))
ZHOU_IN_HOSPITAL_BED = [*ZHOU[:3], {"speaker": "debtor", "text": "我刚做完手术，还在医院躺着，你能不能过阵子再打？"}]
