"""Commands for compliance staff: ``audit`` (bulk transcript audits) and ``rules`` (list, explain, test)."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from trainer.base.errors import UsageError
from trainer.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, command
from trainer.report.writers import AUDIT, RULES, json_text
from trainer.zh.display import clip, visible

_SEVERITY_RANK = {"minor": 0, "major": 1, "critical": 2}
_WORST = max(_SEVERITY_RANK.values())
_SEVERITY = itemgetter("severity")
_SUFFIXES = (".json", ".jsonl", ".ndjson", ".txt")


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "audit", "质检通话记录：逐句检查坐席话术是否合规，输出文本、JSON、CSV 或 HTML 报告",
                "trainer audit calls/2026-03/*.jsonl --format html > 质检报告.html\n"
                "  trainer audit calls/2026-03/*.jsonl --db 质检.db   # 同时保存结果，供 trainer review 复核\n"
                "  trainer audit 全年通话.jsonl --jobs 4 --format json > 结果.json   # 用 4 个进程", audit)
    p.add_argument("paths", nargs="+", metavar="PATH", help="通话记录文件或目录（JSON/JSONL/纯文本），- 表示标准输入")
    p.add_argument("--format", choices=AUDIT.choices, default=AUDIT.default, help="输出格式（默认 text）；text 和 html 另列「话术顺序提示（不计入违规）」："
                        "记录显示本人接听、坐席在核实身份之前谈了欠款的通话")
    p.add_argument("--rules", action="append", default=[], metavar="PACK",
                   help="本地规则包 YAML（可重复）：增加规则、停用规则、调整设置")
    p.add_argument("--fail-on", choices=("minor", "major", "critical"), default="minor",
                   help="有这一级或更严重的问题时退出码为 1（默认 minor：有任何问题都算）")
    p.add_argument("--select", action="append", default=[], metavar="CATEGORY|RULE",
                   help="只报告这些类别或规则（逗号分隔，可重复）")
    p.add_argument("--ignore", action="append", default=[], metavar="CATEGORY|RULE",
                   help="不报告这些类别或规则（逗号分隔，可重复）")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="用 N 个进程并行质检（默认：本机可用的 CPU 核数）；输出与 --jobs 1 完全相同。"
                        "标准输入和小于 8 MB 的输入只用一个进程")
    p.add_argument("--no-progress", action="store_true", help="不在终端显示进度条")
    p.add_argument("--store", action="store_true",
                   help="把质检结果存入记录库，供 trainer review 复核；输出增加复核状态（已确认/已驳回/待复核）")
    p.add_argument("--db", metavar="PATH",
                   help="存入这个记录库（隐含 --store；默认：环境变量 TRAINER_DB 或用户数据目录下的 records.db）")
    p.add_argument("--summary", metavar="FILE", type=Path,
                   help="另把汇总（按类别、严重程度、规则、坐席/班组，及按日/周趋势）写成 JSON 文件；"
                        "例：trainer audit calls/ --format json --summary 汇总.json")
    p.add_argument("--show-withdrawn", action="store_true",
                   help="列出模型复核撤回的规则命中（模型认为该类违规概率很低的规则命中）及模型概率；"
                        "text 格式写在报告末尾，其他格式写到标准错误。例：trainer audit calls.jsonl --show-withdrawn")
    p.add_argument("--show-personal-data", action="store_true",
                   help="显示身份证号、银行卡号、电话号码、地址原文（默认在各种格式里都遮盖为类别）；"
                        "仅限经授权的核查使用，例：trainer audit calls.jsonl --show-personal-data")

    p = command(sub, "rules", "列出合规规则，或解释一条规则（说明、出处、示例）；trainer rules test 运行全部规则示例",
                "trainer rules CN-IMP-002", rules)
    p.add_argument("rule", nargs="?", metavar="RULE|test", help="规则编号；写 test 运行每条规则自带的示例")
    p.add_argument("--format", choices=RULES.choices, default=RULES.default)
    p.add_argument("--rules", action="append", default=[], metavar="PACK", help="同时加载的本地规则包")


# --- audit ----------------------------------------------------------------------------------


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"'{value}' 不是正整数（进程数，如 --jobs 4）")
    return n


def _names(values: list[str]) -> set[str]:
    return {v.strip() for item in values for v in item.split(",") if v.strip()}


def _check_names(names: set[str], pack: Any, option: str) -> None:
    from trainer.base.vocab import CATEGORIES

    known = set(CATEGORIES) | {r.id for r in pack.all_rules}
    for name in sorted(names):
        if name not in known:
            # several: 「CN-ABU-01」 is one keystroke from CN-ABU-001, CN-ABU-010 and CN-ABU-101 alike
            guess = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
            hint = f"，是不是想写 {'、'.join(guess)}？" if guess else "；类别见 trainer rules，规则编号如 CN-IMP-002"
            raise UsageError(f"{option} 里的 '{name}' 既不是类别也不是规则编号{hint}")


def _broken_link(f: Path) -> bool:
    """A symbolic link that leads nowhere (its target is missing, or links loop) and that names a
    transcript: kept in the list, so that the reader reports it by its path (TR010/TR011)."""
    if not f.is_symlink() or f.exists():
        return False
    try:
        target = os.readlink(f)
    except OSError:
        target = ""
    return f.suffix.lower() in _SUFFIXES or Path(target).suffix.lower() in _SUFFIXES


def _expand(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob("*")
                           if (f.is_file() and f.suffix.lower() in _SUFFIXES) or _broken_link(f))
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


Shown = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def _shown(select: set[str], ignore: set[str]) -> Shown | None:
    """The filter of --select and --ignore (categories or rule ids): a list of findings to those
    to report; None without either option (every finding shown: no test per finding, no copy)."""
    if not select and not ignore:
        return None

    def keep(f: dict[str, Any]) -> bool:
        if select and f["rule"] not in select and f["category"] not in select:
            return False
        return f["rule"] not in ignore and f["category"] not in ignore

    return lambda findings: [f for f in findings if keep(f)]


class _Reader:
    """The usable transcripts of ``files``, in order; unusable ones are counted and reported."""

    def __init__(self, files: list[str], summary: Any, progress: _Progress) -> None:
        self.files, self.summary, self.progress = files, summary, progress
        self.problems: list[str] = []
        # the usable transcripts waiting for their findings (pack.audit_many reads ahead by one
        # batch, then yields one list of findings per transcript, in order)
        self.waiting: deque[dict[str, Any]] = deque()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from trainer.base.errors import Problem
        from trainer.content.transcript import Notice, read_transcripts

        for path in self.files:
            for item in read_transcripts(path):
                if isinstance(item, Notice):  # the record is audited all the same
                    _note(str(item), self.progress)
                    continue
                if isinstance(item, Problem):
                    self.summary.skipped += 1
                    self.problems.append(str(item))
                    if self.progress.enabled:
                        self.progress.close()
                    print(visible(str(item), one_line=True), file=sys.stderr)
                    continue
                self.waiting.append(item[0])
                yield item[0]
            self.progress.step()


def audit(args: argparse.Namespace) -> int:
    from trainer.base.gcutil import long_run_gc, paused_gc

    # importing the engine and loading the pack make tens of thousands of objects that live as
    # long as the audit: without the pause, some 40 collections walk them (about 20 ms); frozen
    # before the collector is back on, no later collection walks them again (20-50 ms a run)
    with paused_gc(freeze=True):
        # the engine's modules (run_audit's imports) loaded here, to be frozen with the pack
        from trainer.cli import audit_jobs, review  # noqa: F401
        from trainer.compliance import load_pack
        from trainer.report import audit as report  # noqa: F401

        pack = load_pack(args.rules)
    with long_run_gc():
        code = run_audit(pack, args, sys.stdout)
    import trainer.cli

    trainer.cli.leave_at_once = True  # nothing left open: no teardown at exit (see trainer.cli.run)
    return code


def run_audit(pack: Any, args: argparse.Namespace, out: Any) -> int:
    """``trainer audit`` once the pack is loaded: the findings written to ``out``, the exit code
    returned (``benchmarks/bench_audit.py`` times this, as the command runs it)."""
    from trainer.cli.audit_jobs import Rendered
    from trainer.cli.review import ReviewFields, open_desk
    from trainer.report.audit import Summary, audit_settings

    _judge_times_in(pack)
    select, ignore = _names(args.select), _names(args.ignore)
    _check_names(select, pack, "--select")
    _check_names(ignore, pack, "--ignore")
    shown = _shown(select, ignore)
    files = _expand(args.paths)
    if not files:
        raise UsageError("目录里没有找到通话记录文件（.json、.jsonl、.txt）")
    summary = Summary(files=len(files))
    desk = open_desk(args)  # --store / --db: findings saved for trainer review
    statuses: dict[str, str] | None = None if desk is None else {}
    settings = audit_settings(pack, show_personal_data=args.show_personal_data, fail_on=args.fail_on,
                              rule_files=args.rules)
    writer = ReviewFields(AUDIT.writer(args.format)(settings), args.format, statuses)
    hashes = None if desk is None else _rule_hashes(pack)
    out.write(writer.start())
    output = _Output(writer, shown, summary)
    # workers may render (and count) for themselves when the parent needs nothing else of a call
    rendering = (partial(_worker_output, args.format, settings, shown)
                 if desk is None and args.format != "html" else None)
    progress = _Progress(len(files), not args.no_progress and sys.stderr.isatty() and len(files) >= 10)
    problems: list[str] = []
    for item in _audited(pack, files, args, summary, progress, problems, rendering):
        if isinstance(item, Rendered):  # rendered in a worker
            out.write(writer.joined(item.text))
            if item.summary is not None:
                summary.merge(item.summary)
                output.worst = max(output.worst, item.worst)
            continue
        transcript, found = item
        if statuses is not None:  # every finding, whatever --select shows
            statuses.update(desk.save_audit(transcript, found, pack_digest=pack.digest, hashes=hashes))
        out.write(output.take(transcript, found))
    worst = output.worst
    progress.close()
    if desk is not None:
        desk.store.close()
    page = writer.end(summary, problems)
    out.write(page.out)
    sys.stderr.write(page.err)
    if args.show_withdrawn:
        from trainer.report.audit import withdrawn_text

        listing = withdrawn_text(summary, args.show_personal_data)
        (out if args.format == "text" else sys.stderr).write(("\n" if listing else "") + listing)
    if args.summary is not None:
        _write_summary(args.summary, summary)
    if summary.skipped and not summary.read:
        return EXIT_INPUT
    if worst >= _SEVERITY_RANK[args.fail_on]:
        return EXIT_PROBLEMS
    return EXIT_INPUT if summary.skipped else EXIT_OK


def _write_summary(path: Path, summary: Any) -> None:
    """``--summary FILE``: the audit's summary as JSON (the findings array on stdout stays as
    DESIGN.md says)."""
    try:
        text = json.dumps(summary.as_dict(), ensure_ascii=False, indent=2)
        path.write_text(json_text(text) + "\n", "utf-8")
    except OSError as exc:
        raise UsageError(f"无法写出汇总文件 {clip(str(path))}：{exc.strerror or exc}") from None


class _Output:
    """What the audit does with each call's findings, here or in a worker process: keep what
    ``--select``/``--ignore`` show, count it in ``summary``, note the worst severity, render it."""

    def __init__(self, writer: Any, shown: Shown | None, summary: Any) -> None:
        from trainer.compliance.scriptorder import notes_of
        from trainer.compliance.second_opinion import withdrawn_of

        self.writer, self.shown, self.summary = writer, shown, summary
        self.worst = -1
        # (bound once: an import statement in take cost about 1 µs a call)
        self._withdrawn_of, self._notes_of = withdrawn_of, notes_of

    def take(self, transcript: dict[str, Any], found: list[dict[str, Any]]) -> str:
        findings, withdrawn, notes = found, self._withdrawn_of(found), self._notes_of(found)
        shown = self.shown
        if shown is not None:  # (without it, the lists themselves: what reads them does not change them)
            findings, withdrawn, notes = shown(found), shown(withdrawn), shown(notes)
        self.summary.add(findings, transcript.get("meta"), withdrawn, notes)  # (notes: listed apart, counted nowhere)
        if not findings:
            return ""
        if self.worst < _WORST:  # (once a call reached the worst severity, nothing can raise it)
            self.worst = max(self.worst, *map(_SEVERITY_RANK.__getitem__, map(_SEVERITY, findings)))
        return self.writer.add(transcript, findings)


def _worker_output(fmt: str, settings: Any, shown: Shown | None) -> _Output:
    """A worker's :class:`_Output`: the same writer, no review statuses, its own summary."""
    from trainer.cli.review import ReviewFields
    from trainer.report.audit import Summary

    return _Output(ReviewFields(AUDIT.writer(fmt)(settings), fmt, None), shown, Summary())


def _audited(pack: Any, files: list[str], args: argparse.Namespace, summary: Any,
             progress: _Progress, problems: list[str], rendering: Callable[[], _Output] | None = None,
             ) -> Iterator[Any]:
    """``(transcript, findings)`` of each usable call, in input order: in ``--jobs`` processes
    when that is worth it (:mod:`trainer.cli.audit_jobs`), else in this one.  Given
    ``rendering`` (a factory of :class:`_Output`), workers may render the calls themselves:
    then :class:`~trainer.cli.audit_jobs.Rendered` pieces come instead."""
    from trainer.cli import audit_jobs
    from trainer.content.transcript import TIME_NOTE

    jobs = args.jobs or audit_jobs.available_cores()
    if audit_jobs.worth_it(files, jobs):
        def problem(text: str) -> None:
            if text.endswith(TIME_NOTE):  # a Notice (as text from a worker): nothing skipped
                _note(text, progress)
                return
            summary.skipped += 1
            problems.append(text)
            if progress.enabled:
                progress.close()
            print(visible(text, one_line=True), file=sys.stderr)

        keep_all = bool(getattr(args, "store", False) or getattr(args, "db", None))
        yield from audit_jobs.audit_parallel(pack, files, jobs, keep_all, problem, progress.step, rendering)
        return
    reader = _Reader(files, summary, progress)
    reader.problems = problems
    for found in pack.audit_many(iter(reader)):
        yield reader.waiting.popleft(), found


def _judge_times_in(pack: Any) -> None:
    """The reader notes a call time it cannot put in the zone of the pack (calls without a zone)."""
    from trainer.content import transcript as reader

    reader.DEFAULT_ZONE = str(pack.settings.get("timezone") or reader.DEFAULT_ZONE)


def _note(text: str, progress: _Progress) -> None:
    """A warning about a record that is audited all the same (stderr only; no exit code, no
    "skipped" count, not in the report's list of skipped records)."""
    if progress.enabled:
        progress.close()
    print(visible(text, one_line=True), file=sys.stderr)


def _rule_hashes(pack: Any) -> dict[str, str]:
    from trainer.records.review import rule_hashes

    return rule_hashes(pack)


# --- rules ----------------------------------------------------------------------------------


def rules(args: argparse.Namespace) -> int:
    from trainer.compliance import load_pack

    pack = load_pack(args.rules)
    if args.rule == "test":
        return _rules_test(pack)
    rule = None
    if args.rule:
        rule = pack.rule(args.rule)
        if rule is None:
            ids = [r.id for r in pack.all_rules]
            guess = difflib.get_close_matches(args.rule.upper(), ids, n=1, cutoff=0.5)
            raise UsageError(f"没有编号为 '{args.rule}' 的规则" + (f"，是不是想写 {guess[0]}？" if guess else ""))
    sys.stdout.write(RULES.writer(args.format)(pack, rule))
    return EXIT_OK


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
        print(f"{mark}  {visible(rid, one_line=True)}  {len(items) - len(bad)}/{len(items)}")
        for r in bad:
            what = "应当判为违规但没有命中" if r.kind == "violating" else "应当合规但被判违规"
            print(f"      {r.kind} #{r.index}：{visible(r.text, one_line=True)} —— {what}")
    print(f"\n共 {len(results)} 条示例，{len(results) - len(failed)} 条通过，{len(failed)} 条失败。", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK
