"""Play the natural-trainee sessions and measure what needs no judgement.

    python tools/natural_calls.py tests/data/natural/dev [--seeds 1 2 3] [--sheet review.md] [--json out.json]

Each session (see tests/data/natural/README.md) is played through `play_lines` on every seed.
Printed per scenario and overall:

* verbatim repeats — a debtor reply said word for word earlier in the same call;
* false reminders — a reply opening 「我都说了」/「我说了」 (a reviewer checks whether it was true);
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
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from trainer.content.scenario import load_scenario
from trainer.sim.session import play_lines

GOODBYES = ("再见", "拜拜", "先这样", "不打扰")
REMINDER_OPENINGS = ("我都说了", "我说了", "都说了")


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


def measure_call(result: dict[str, Any]) -> dict[str, int]:
    """Mechanical counts for one played call."""
    turns = result["transcript"]["turns"]
    seen: set[str] = set()
    counts = {"replies": 0, "repeats": 0, "reminders": 0, "goodbyes_ignored": 0}
    for i, turn in enumerate(turns):
        if turn["speaker"] == "agent":
            said_goodbye = any(g in turn["text"] for g in GOODBYES)
            if said_goodbye and any(t["speaker"] == "agent" for t in turns[i + 1:]):
                counts["goodbyes_ignored"] += 1  # the call went on after the trainee's goodbye
            continue
        counts["replies"] += 1
        text = turn["text"].strip()
        if text in seen:
            counts["repeats"] += 1
        seen.add(text)
        if text.startswith(REMINDER_OPENINGS):
            counts["reminders"] += 1
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
    for turn in result["transcript"]["turns"]:
        who = {"agent": "坐席", "debtor": "客户", "third_party": "第三方"}[turn["speaker"]]
        if turn["speaker"] == "agent":
            out.append(f"- 坐席：{turn['text']}")
        else:
            reply_no += 1
            out.append(f"  - R{reply_no} {who}：{turn['text']}")
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
    print(f"{'scenario':30} calls replies repeats reminders goodbyes_ignored verdict_agrees")
    for name, row in sorted(per.items()):
        for k, v in row.items():
            total[k] += v
        print(f"{name:30} {row['calls']:5} {row['replies']:7} {row['repeats']:7} {row['reminders']:9} "
              f"{row['goodbyes_ignored']:16} {row['verdict_agrees']:5}/{row['calls']}")
    print(f"{'ALL':30} {total['calls']:5} {total['replies']:7} {total['repeats']:7} {total['reminders']:9} "
          f"{total['goodbyes_ignored']:16} {total['verdict_agrees']:5}/{total['calls']}")
    if args.sheet:
        args.sheet.write_text("\n".join(sheet), "utf-8")
    if args.json:
        args.json.write_text(json.dumps(played, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
