"""Play the natural-trainee sessions and measure what needs no judgement.

    python tools/natural_calls.py tests/data/natural/dev [--seeds 1 2 3] [--sheet review.md] [--json out.json]

Each session (see tests/data/natural/README.md) is played through `play_lines` on every seed.
Printed per scenario and overall:

* verbatim repeats — a debtor reply said word for word earlier in the same call;
* near repeats — a debtor reply whose character bigrams overlap an earlier reply of the same call
  by 0.8 or more (Dice coefficient): the same content said again in slightly other words;
* false reminders — a reply opening 「我都说了」「还是那句话」「你们到底听没听」… although no earlier
  reply of the call had its response type (the point was never made), or glued on a mere 「嗯，你说」;
* fillers to questions — the trainee asked a direct question and the debtor only backchannelled
  (「嗯，您说」「好，我听着」);
* goodbyes ignored — the trainee said goodbye and the call went on to another trainee line;
* verdict agreement — passed/failed against the author's intended verdict.

``--report`` adds, per session and seed, the verdict and main deductions beside the author's
planted flaws: for each flaw line, whether it was played and whether a deduction or finding names
that turn (「抓到」), and every deduction of 10 points or more that no flaw line explains (on a
competent call these are candidate false deductions; the reviewer decides).

Coherence (does each reply answer what was just said?) and fairness (is the verdict right for the
right reason?) need a reviewer: ``--sheet`` writes a review sheet with every reply numbered and
the verdict with its main deductions, for a reviewer who did not write the engine.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines

# 「住院期间先不打扰您」 promises peace, it is no goodbye: only 「不打扰您了」-like endings count
GOODBYES = ("再见", "拜拜", "先这样", "不打扰您了", "不打扰你了", "就不打扰了", "不多打扰了")
REMINDER_OPENINGS = ("我都说了", "我说了", "都说了", "还是那句话", "你们到底听没听", "我刚才也说了",
                     "我刚才也跟您说了", "还是刚才那个情况", "真不好意思，还是刚才那个情况", "我不是推",
                     "跟你说了多少遍", "还要我说几遍", "我再说一遍", "再说一遍")
NEAR = 0.8
# 「不用您做什么。」「没有没有，……」 are statements
QUESTION = re.compile(r"[?？]|(?:吗|呢|(?<![什怎这那多])么)(?=[,，。.!！]|$)|为什么|多少|几号|哪天|什么时候|(?<!没)有没有|是不是|能不能|"
                      r"可不可以")
# a reply that only shows they are listening: 「嗯，您说」「好，我听着呢」「然后呢？」 (a bare 「嗯，是。」 to a
# yes/no question is an answer, not a filler)
BACKCHANNEL = re.compile(r"^(嗯|好|哦|是|行|明白了?|嗯嗯|知道了|这样啊|[，,。！!…、\s])*"
                         r"((你|您)(接着)?说(吧|重点|你的)?|我(在)?听着(呢)?|接着说|然后呢|还有呢|所以呢|说完了没|"
                         r"知道了知道了|那又怎样)[。！!？?…]*$|^(嗯|哦|嗯嗯)[。…]*$")


def bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """How much two lines say the same: the Dice coefficient of their character bigrams (punctuation
    ignored), or, when the shorter has five bigrams or more, the share of it found in the longer —
    so a sentence said again behind a new opening (「我刚才也说了，」+ the same) counts."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 1.0 if re.sub(r"\W", "", a) == re.sub(r"\W", "", b) else 0.0
    dice = 2 * len(x & y) / (len(x) + len(y))
    small = min(len(x), len(y))
    return max(dice, len(x & y) / small) if small >= 5 else dice


def is_backchannel(text: str) -> bool:
    return bool(BACKCHANNEL.match(text.strip()))


def load_sessions(folder: Path) -> list[dict[str, Any]]:
    sessions = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        data["file"] = path.name
        sessions.append(data)
    return sessions


def play(session: dict[str, Any], seed: int) -> dict[str, Any]:
    scenario = load_scenario(session["scenario"])
    return play_lines(scenario, [str(x) for x in session["lines"]], seed=seed, mode="play")


def reply_flags(turns: list[dict[str, Any]]) -> list[set[str]]:
    """Per debtor reply, what the mechanical measures flag: ``repeat``, ``near``, ``filler``, ``reminder``
    (a false one)."""
    flags: list[set[str]] = []
    earlier: list[str] = []
    codes: set[str | None] = set()
    asked = False
    for turn in turns:
        if turn["speaker"] == "agent":
            asked = bool(QUESTION.search(turn["text"]))
            continue
        text = turn["text"].strip()
        got: set[str] = set()
        if text in earlier:
            got.add("repeat")
        elif len(bigrams(text)) >= 3 and any(similarity(text, e) >= NEAR for e in earlier):
            got.add("near")
        if asked and is_backchannel(text):
            got.add("filler")
        if text.startswith(REMINDER_OPENINGS) and (turn.get("response") not in codes
                                                   or turn.get("response") == "CONFIRM"):
            got.add("reminder")      # 「我都说了」 about a point never made before (or glued on 「嗯，你说」): false
        flags.append(got)
        earlier.append(text)
        codes.add(turn.get("response"))
    return flags


def measure_call(result: dict[str, Any]) -> dict[str, int]:
    """Mechanical counts for one played call."""
    turns = result["transcript"]["turns"]
    flags = reply_flags(turns)
    counts = {"replies": len(flags), "goodbyes_ignored": 0,
              **{name: sum(key in f for f in flags) for name, key in
                 (("repeats", "repeat"), ("near_repeats", "near"), ("reminders", "reminder"),
                  ("fillers", "filler"))}}
    for i, turn in enumerate(turns):
        if turn["speaker"] == "agent":
            # 「今天就先这样…您还有别的问题吗？」 asks before closing: not yet a goodbye
            said_goodbye = (any(g in turn["text"] for g in GOODBYES)
                            and not turn["text"].rstrip().endswith(("？", "?", "吗")))
            if said_goodbye and any(t["speaker"] == "agent" for t in turns[i + 1:]):
                counts["goodbyes_ignored"] += 1  # the call went on after the trainee's goodbye
    return counts


def _flaws(session: dict[str, Any]) -> str:
    flaws = [f"第{f['line']}句 {f['category']} {f['note']}" for f in session.get("flaws") or []]
    return "；".join(flaws) or "无"


def sheet_entry(session: dict[str, Any], seed: int, result: dict[str, Any]) -> str:
    out = [f"## {session['file']} · seed {seed}",
           f"作者意图：{session['kind']}，应判 {session['intended_verdict']}；"
           f"预设问题：{_flaws(session)}",
           ""]
    reply_no = 0
    flags = reply_flags(result["transcript"]["turns"])
    marks = {"repeat": "【重复】", "near": "【近似重复】", "filler": "【问句敷衍】", "reminder": "【我都说了】"}
    for turn in result["transcript"]["turns"]:
        who = {"agent": "坐席", "debtor": "客户", "third_party": "第三方"}[turn["speaker"]]
        if turn["speaker"] == "agent":
            out.append(f"- 坐席：{turn['text']}")
        else:
            reply_no += 1
            mark = "".join(marks[k] for k in sorted(flags[reply_no - 1]))
            out.append(f"  - R{reply_no} {who}：{turn['text']}{mark}")
    score = result["score"]
    out.append("")
    out.append(f"结果：{'通过' if result['passed'] else '未通过'}；结局 {result['outcome']}；总分 {score['total']}")
    for d in score.get("deductions", [])[:6]:
        turn = "" if d.get("turn") is None else f"第{d['turn'] + 1}轮 "
        out.append(f"- 扣分 {d['points']}（{d['part']}）：{turn}{d['reason']}")
    for f in result["findings"][:6]:
        out.append(f"- 违规：第{(f['turn'] or 0) + 1}轮 {f['category']} {f['rule']} 「{f['excerpt']}」")
    out.append("")
    return "\n".join(out)


def line_turns(result: dict[str, Any]) -> list[int]:
    """Transcript index of each played trainee line (1-based line n is ``[n - 1]``)."""
    return [i for i, t in enumerate(result["transcript"]["turns"]) if t["speaker"] == "agent"]


def flaw_report(session: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """Which planted flaws the verdict caught, and the deductions no flaw explains."""
    played = line_turns(result)
    lines = [str(x) for x in session["lines"] if str(x).strip()]
    deductions = result["score"].get("deductions", [])
    marked = {d["turn"] for d in deductions if d.get("turn") is not None}
    marked |= {f["turn"] for f in result["findings"] if f.get("turn") is not None}
    flaws, flaw_turns = [], set()
    for f in session.get("flaws") or []:
        n = int(f["line"])
        turn = played[n - 1] if n - 1 < len(played) else None
        if turn is not None:
            flaw_turns.add(turn)
        flaws.append({"line": n, "category": f["category"], "played": turn is not None,
                      "caught": turn in marked})
    unexplained = [d for d in deductions if -d["points"] >= 10 and d.get("turn") not in flaw_turns]
    intended = session["intended_verdict"] == "pass"
    return {"file": session["file"], "agrees": result["passed"] == intended, "passed": result["passed"],
            "outcome": result["score"].get("judged_outcome", result["outcome"]), "total": result["score"]["total"],
            "flaws": flaws, "unplayed_lines": len(lines) - len(played), "unexplained": unexplained}


def report_text(rep: dict[str, Any], seed: int) -> str:
    mark = "OK " if rep["agrees"] else "BAD"
    head = (f"{mark} {rep['file']} s{seed}: {'通过' if rep['passed'] else '未通过'} {rep['total']} "
            f"{rep['outcome']}")
    if rep["unplayed_lines"]:
        head += f"  未播放 {rep['unplayed_lines']} 句"
    out = [head]
    for f in rep["flaws"]:
        state = "抓到" if f["caught"] else ("未播放" if not f["played"] else "漏掉")
        out.append(f"    flaw 第{f['line']}句 {f['category']}: {state}")
    for d in rep["unexplained"]:
        turn = "" if d.get("turn") is None else f"第{d['turn'] + 1}轮 "
        out.append(f"    扣 {d['points']}（{d['part']}）{turn}{d['reason'][:70]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--sheet", type=Path, help="write a review sheet (Markdown) here")
    ap.add_argument("--json", type=Path, help="write every played call here")
    ap.add_argument("--report", action="store_true",
                    help="per session and seed: verdict, planted flaws caught, deductions no flaw explains")
    args = ap.parse_args(argv)
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sheet, played = [], []
    for session in load_sessions(args.folder):
        for seed in args.seeds:
            result = play(session, seed)
            counts = measure_call(result)
            row = per[session["scenario"]]
            for k, v in counts.items():
                row[k] += v
            row["calls"] += 1
            row["verdict_agrees"] += int(result["passed"] == (session["intended_verdict"] == "pass"))
            sheet.append(sheet_entry(session, seed, result))
            if args.report:
                print(report_text(flaw_report(session, result), seed))
            played.append({"file": session["file"], "seed": seed, "result": result})
    total: dict[str, int] = defaultdict(int)
    print(f"{'scenario':26} calls replies repeats near reminders fillers goodbyes_ignored verdict_agrees")
    for row in per.values():
        for k, v in row.items():
            total[k] += v
    for name, row in [*sorted(per.items()), ("ALL", total)]:
        print(f"{name:26} {row['calls']:5} {row['replies']:7} {row['repeats']:7} {row['near_repeats']:4} "
              f"{row['reminders']:9} {row['fillers']:7} {row['goodbyes_ignored']:16} "
              f"{row['verdict_agrees']:5}/{row['calls']}")
    if args.sheet:
        args.sheet.write_text("\n".join(sheet), "utf-8")
    if args.json:
        args.json.write_text(json.dumps(played, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
