"""Deterministic generator of collection-call transcripts (JSONL) for the audit benchmark.

``generate(path, megabytes, seed)`` writes calls shaped like real ones: an
opening, verification, the amount, negotiation and a close, plus third-party
calls; about 3 % of agent turns carry a violation (some spelled with evasions)
and as many carry a tricky compliant phrasing.  The same seed gives the same
bytes.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷"]
AGENTS = ["王", "李", "张", "刘", "陈"]
OPEN = ["您好，我是安信银行信用卡中心司法调查组的{a}专员，请问是{n}本人吗？",
        "您好，这里是安信银行信用卡中心，我姓{a}，请问您是{n}先生吗？"]
CONFIRM = ["是我，什么事？", "嗯，是我。", "对，你说吧。", "是的，怎么了？"]
AGENT_BODY = [
    "您的信用卡已经逾期{d}天，目前欠款{m}元，今天能处理一下吗？",
    "我这边看到您本期的最低还款额是{k}元，您看什么时候方便还款？",
    "逾期后每天按万分之五计息，越早还款利息越少。",
    "理解您最近手头比较紧，我们可以一起看看分期方案。",
    "您之前答应{day}号还款，现在还没有到账，是遇到什么困难了吗？",
    "您可以通过手机银行、网银或者柜台还款，都很方便。",
    "我帮您复述一下：{day}号之前还{k}元，通过手机银行，对吗？",
    "如果您对账单有疑问，我可以帮您登记，核实后再给您回复。",
    "好的，那我们就约定{day}号下午再联系您，谢谢您的配合。",
    "如果长期不处理，银行有权依法采取诉讼等措施，希望您重视。",
    "我们不是公安局，也不是法院，是银行的信用卡中心。",
    "您刚才说的律师那边，您可以自己咨询，这是您的权利。",
    "您先别着急，我们慢慢商量，总能找到办法。",
]
DEBTOR = ["最近手头真的很紧。", "我下个月发工资再还行不行？", "能不能少还一点？", "我知道了，我想想办法。",
          "你们利息太高了吧。", "那我先还最低还款额吧。", "行，{day}号我一定还。", "我现在在开会，晚点再说。",
          "你们是不是骗子啊？", "我之前已经还了一部分了。"]
THIRD = ["他不在，你找他什么事？", "我是他同事，他出去了。", "我是他爱人，有什么事跟我说吧。"]
THIRD_OK = ["是他本人的一些事情，麻烦您转告他给我们回个电话，谢谢。", "好的，那我改天再联系他，打扰了。"]
VIOLATIONS = [
    "我是公安局经侦大队的，你这已经涉嫌诈骗了。", "你再不还就等着坐牢吧。", "我们明天就去法院起诉你。",
    "你个老赖，欠钱不还还有理了？", "不还钱就把你挂到网上曝光。", "你的案子已经立案了。",
    "我们是 律 师 事 务 所 的。", "我是法院執行局的。", "你不接电话，我们就打到你单位去。",
    "我这边是司法调查科的。", "他信用卡欠了我们两万多，让他赶紧还。", "你直接转到我个人账户。",
]


def _fill(template: str, rnd: random.Random, name: str, agent: str) -> str:
    return template.format(n=name, a=agent, d=rnd.randint(5, 180), m=rnd.randint(800, 90000),
                           k=rnd.randint(100, 5000), day=rnd.randint(1, 28))


def make_call(rnd: random.Random, number: int, rate: float = 0.03) -> dict:
    """One call; ``rate``: the share of the agent's body turns that are violations."""
    name, agent = rnd.choice(NAMES), rnd.choice(AGENTS)
    hour = rnd.choice([9, 10, 11, 14, 15, 16, 17, 19, 20, 22])
    meta = {"contact": "debtor", "started_at": f"2026-03-{rnd.randint(1, 28):02d}T{hour:02d}:{rnd.randint(0, 59):02d}:00+08:00",
            "timezone": "Asia/Shanghai", "agent_id": f"A{rnd.randint(1000, 9999)}"}
    turns = [{"speaker": "agent", "text": _fill(rnd.choice(OPEN), rnd, name, agent)}]
    if rnd.random() < 0.15:
        meta["contact"] = "third_party"
        turns.append({"speaker": "third_party", "text": rnd.choice(THIRD)})
        line = rnd.choice(VIOLATIONS[-2:]) if rnd.random() < max(0.1, rate) else rnd.choice(THIRD_OK)
        turns.append({"speaker": "agent", "text": line})
        return {"id": f"call-{number:07d}", "meta": meta, "turns": turns}
    turns.append({"speaker": "debtor", "text": rnd.choice(CONFIRM)})
    for _ in range(rnd.randint(4, 12)):
        text = rnd.choice(VIOLATIONS) if rnd.random() < rate else _fill(rnd.choice(AGENT_BODY), rnd, name, agent)
        turns.append({"speaker": "agent", "text": text})
        turns.append({"speaker": "debtor", "text": _fill(rnd.choice(DEBTOR), rnd, name, agent)})
    return {"id": f"call-{number:07d}", "meta": meta, "turns": turns}


DENSE_RATE = 0.5  # the violation-dense corpus: half the agent's body turns break a rule


def generate(path: Path, megabytes: float, seed: int = 7, rate: float = 0.03) -> int:
    """Write about ``megabytes`` MB of JSONL calls to ``path``; returns the number of calls.
    ``rate``: the share of violating agent turns (0.03 like real archives; :data:`DENSE_RATE`
    for the violation-dense corpus, where most calls are flagged with several findings each)."""
    rnd = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = 0
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            line = json.dumps(make_call(rnd, count, rate), ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count
