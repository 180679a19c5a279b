"""Commands for compliance staff: ``audit`` (bulk transcript audits) and ``rules`` (list, explain, test)."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.base.errors import UsageError
from trainer.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, command

_SEVERITY_RANK = {"minor": 0, "major": 1, "critical": 2}
_SUFFIXES = (".json", ".jsonl", ".ndjson", ".txt")


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "audit", "质检通话记录：逐句检查坐席话术是否合规，输出文本、JSON、CSV 或 HTML 报告",
                "trainer audit calls/2026-03/*.jsonl --format html > 质检报告.html", audit)
    p.add_argument("paths", nargs="+", metavar="PATH", help="通话记录文件或目录（JSON/JSONL/纯文本），- 表示标准输入")
    p.add_argument("--format", choices=("text", "json", "csv", "html"), default="text", help="输出格式（默认 text）")
    p.add_argument("--rules", action="append", default=[], metavar="PACK",
                   help="本地规则包 YAML（可重复）：增加规则、停用规则、调整设置")
    p.add_argument("--fail-on", choices=("minor", "major", "critical"), default="minor",
                   help="有这一级或更严重的问题时退出码为 1（默认 minor：有任何问题都算）")
    p.add_argument("--select", action="append", default=[], metavar="CATEGORY|RULE",
                   help="只报告这些类别或规则（逗号分隔，可重复）")
    p.add_argument("--ignore", action="append", default=[], metavar="CATEGORY|RULE",
                   help="不报告这些类别或规则（逗号分隔，可重复）")
    p.add_argument("--no-progress", action="store_true", help="不在终端显示进度条")

    p = command(sub, "rules", "列出合规规则，或解释一条规则（说明、出处、示例）；trainer rules test 运行全部规则示例",
                "trainer rules CN-IMP-002", rules)
    p.add_argument("rule", nargs="?", metavar="RULE|test", help="规则编号；写 test 运行每条规则自带的示例")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--rules", action="append", default=[], metavar="PACK", help="同时加载的本地规则包")


# --- audit ----------------------------------------------------------------------------------


def _names(values: list[str]) -> set[str]:
    return {v.strip() for item in values for v in item.split(",") if v.strip()}


def _check_names(names: set[str], pack: Any, option: str) -> None:
    from trainer.base.vocab import CATEGORIES

    known = set(CATEGORIES) | {r.id for r in pack.all_rules}
    for name in sorted(names):
        if name not in known:
            guess = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
            hint = f"，是不是想写 {guess[0]}？" if guess else "；类别见 trainer rules，规则编号如 CN-IMP-002"
            raise UsageError(f"{option} 里的 '{name}' 既不是类别也不是规则编号{hint}")


def _expand(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES)
            out += found
        else:
            out.append(p)
    return out


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0

    def step(self) -> None:
        if not self.enabled:
            return
        self.done += 1
        width = 30
        filled = width * self.done // max(self.total, 1)
        sys.stderr.write(f"\r质检中 [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total} 个文件")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def audit(args: argparse.Namespace) -> int:
    from trainer.base.errors import Problem
    from trainer.compliance import load_pack
    from trainer.content.transcript import read_transcripts
    from trainer.report.audit import CsvRows, JsonArray, Summary, html_entry, render_html, render_text

    pack = load_pack(args.rules)
    select, ignore = _names(args.select), _names(args.ignore)
    _check_names(select, pack, "--select")
    _check_names(ignore, pack, "--ignore")

    def keep(f: dict[str, Any]) -> bool:
        if select and f["rule"] not in select and f["category"] not in select:
            return False
        return f["rule"] not in ignore and f["category"] not in ignore

    files = _expand(args.paths)
    if not files:
        raise UsageError("目录里没有找到通话记录文件（.json、.jsonl、.txt）")
    summary = Summary(files=len(files))
    stream = {"json": JsonArray, "csv": CsvRows}.get(args.format)
    writer = stream() if stream else None
    out = sys.stdout
    if writer:
        out.write(writer.start())
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    worst = -1
    progress = _Progress(len(files), not args.no_progress and sys.stderr.isatty() and len(files) >= 10)
    # the usable transcripts, in order, waiting for their findings (pack.audit_many reads
    # ahead by one batch, then yields one list of findings per transcript, in order)
    waiting: deque[dict[str, Any]] = deque()

    def usable() -> Iterator[dict[str, Any]]:
        for path in files:
            for item in read_transcripts(path):
                if isinstance(item, Problem):
                    summary.skipped += 1
                    problems.append(str(item))
                    if progress.enabled:
                        progress.close()
                    print(item, file=sys.stderr)
                    continue
                waiting.append(item[0])
                yield item[0]
            progress.step()

    for found in pack.audit_many(usable()):
        transcript = waiting.popleft()
        findings = [f for f in found if keep(f)]
        summary.add(findings)
        for f in findings:
            worst = max(worst, _SEVERITY_RANK[f["severity"]])
        if not findings:
            continue
        if writer:
            out.write(writer.items(findings))
        elif args.format == "html":
            entries.append(html_entry(transcript, findings))
        else:
            out.write(render_text(transcript, findings))
    progress.close()
    if writer:
        out.write(writer.end())
        print(summary.text(), file=sys.stderr)
    elif args.format == "html":
        out.write(render_html(entries, summary, problems))
        print(summary.text(), file=sys.stderr)
    else:
        if summary.findings:
            out.write("\n")
        out.write(summary.text() + "\n")
    if summary.skipped and not summary.read:
        return EXIT_INPUT
    if worst >= _SEVERITY_RANK[args.fail_on]:
        return EXIT_PROBLEMS
    return EXIT_INPUT if summary.skipped else EXIT_OK


# --- rules ----------------------------------------------------------------------------------


def rules(args: argparse.Namespace) -> int:
    from trainer.compliance import load_pack

    pack = load_pack(args.rules)
    if args.rule == "test":
        return _rules_test(pack)
    if args.rule:
        rule = pack.rule(args.rule)
        if rule is None:
            ids = [r.id for r in pack.all_rules]
            guess = difflib.get_close_matches(args.rule.upper(), ids, n=1, cutoff=0.5)
            raise UsageError(f"没有编号为 '{args.rule}' 的规则" + (f"，是不是想写 {guess[0]}？" if guess else ""))
        if args.format == "json":
            print(json.dumps(rule.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(_explain(rule, enabled=rule in pack.rules))
        return EXIT_OK
    if args.format == "json":
        print(json.dumps([dict(r.to_dict(), enabled=r in pack.rules) for r in pack.all_rules],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    from trainer.report.audit import CATEGORY_LABELS

    print(f"规则包：{' + '.join(pack.names)}，共 {len(pack.all_rules)} 条规则（启用 {len(pack.rules)} 条）")
    current = None
    for rule in sorted(pack.all_rules, key=lambda r: (_category_order(r.category), r.id)):
        if rule.category != current:
            current = rule.category
            print(f"\n{CATEGORY_LABELS[current]}（{current}）")
        off = "" if rule in pack.rules else "  [已停用]"
        print(f"  {rule.id:<11} {rule.severity:<8} {rule.title}{off}")
    print("\n查看某条规则的说明、出处和示例：trainer rules 规则编号")
    return EXIT_OK


def _category_order(category: str) -> int:
    from trainer.base.vocab import CATEGORIES

    return CATEGORIES.index(category)


def _explain(rule: Any, enabled: bool) -> str:
    from trainer.compliance import example_transcript
    from trainer.report.audit import CATEGORY_LABELS, SEVERITY_LABELS

    checks = {"forbidden": "禁用说法", "altered_term": "规范用语被改动", "required": "必须说到",
              "answer": "被问到时必须回答", "order": "通话顺序/对象", "metadata": "通话信息（时间、次数）"}
    lines = [f"{rule.id}  {rule.title}" + ("" if enabled else "  [已停用]"),
             f"类别：{CATEGORY_LABELS[rule.category]}（{rule.category}）",
             f"严重程度：{SEVERITY_LABELS[rule.severity]}",
             f"检查方式：{checks[rule.check]}",
             f"说明：{rule.message}", "出处："]
    for src in rule.sources:
        lines.append(f"  - {src['text']}" + ("" if src.get("verified") else "（未核对原文）"))
    for kind, label in (("violating", "违规示例"), ("compliant", "合规示例")):
        lines.append(f"{label}：")
        for ex in rule.examples.get(kind, []):
            turns = example_transcript(ex, "x")["turns"]
            names = {"agent": "坐席", "debtor": "客户", "third_party": "第三方"}
            lines.append("  - " + " / ".join(
                t["text"] if len(turns) == 1 else f"{names[t['speaker']]}：{t['text']}" for t in turns))
    return "\n".join(lines)


def _rules_test(pack: Any) -> int:
    from trainer.compliance import run_examples

    results = run_examples(pack)
    failed = [r for r in results if not r.ok]
    by_rule: dict[str, list[Any]] = {}
    for r in results:
        by_rule.setdefault(r.rule, []).append(r)
    for rid, items in by_rule.items():
        bad = [r for r in items if not r.ok]
        mark = "通过" if not bad else "失败"
        print(f"{mark}  {rid}  {len(items) - len(bad)}/{len(items)}")
        for r in bad:
            what = "应当判为违规但没有命中" if r.kind == "violating" else "应当合规但被判违规"
            print(f"      {r.kind} #{r.index}：{r.text} —— {what}")
    print(f"\n共 {len(results)} 条示例，{len(results) - len(failed)} 条通过，{len(failed)} 条失败。", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK
