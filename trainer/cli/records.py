"""Commands over the training records: ``history``, ``report``, ``export``, ``replay``.

All take ``--db PATH`` (default ``$TRAINER_DB`` or the user's data directory).  Reading
commands never create a database: a missing file simply has no records.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.base.errors import UsageError
from trainer.cli import EXIT_INPUT, EXIT_OK, command
from trainer.report.writers import EXPORT, PROGRESS, REPLAY

if TYPE_CHECKING:  # the store and the report renderers load only when a command runs
    from trainer.records import Store

DB_HELP = "记录库文件（默认：环境变量 TRAINER_DB，或用户数据目录下的 trainer/records.db）"


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "history", "按时间倒序列出练过的通话：场景、结果、得分。",
                "trainer history --trainee 李明", _history)
    p.add_argument("--trainee", metavar="姓名", help="只看这名学员")
    p.add_argument("--limit", type=_count, default=50, metavar="N", help="最多显示 N 条（默认 50，0 = 全部）")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)

    p = command(sub, "report", "学习进度报告：得分与通过率走势、违规类别、常漏要点、建议练习的场景。",
                "trainer report --all --format html > 进度.html", _report)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--trainee", metavar="姓名", help="一名学员的报告")
    who.add_argument("--all", action="store_true", help="讲师视图：全体学员（记录里不止一人时的默认）")
    p.add_argument("--format", choices=PROGRESS.choices, default=PROGRESS.default, help="输出格式（默认 text）")
    p.add_argument("--output", "-o", metavar="FILE", help="写入文件而不是标准输出")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)

    p = command(sub, "export", "把保存的通话导出为转写文本（JSON Lines，每行一通），可直接交给 trainer audit。",
                "trainer export --all | trainer audit -", _export)
    p.add_argument("calls", nargs="*", metavar="CALL", help="通话编号（history 里的 #编号）或转写 id")
    p.add_argument("--all", action="store_true", help="导出全部练习通话（不含背诵）")
    p.add_argument("--trainee", metavar="姓名", help="只导出这名学员的通话")
    p.add_argument("--format", choices=EXPORT.choices, default=EXPORT.default, help="输出格式（默认 jsonl）")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)

    p = command(sub, "replay", "用当前的脚本和规则重新评分已保存的通话，列出结果会变的通话。",
                "trainer replay --trainee 李明", _replay)
    p.add_argument("calls", nargs="*", metavar="CALL", help="只重放这些通话（默认全部）")
    p.add_argument("--trainee", metavar="姓名", help="只重放这名学员的通话")
    p.add_argument("--format", choices=REPLAY.choices, default=REPLAY.default, help="输出格式（默认 text）")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("不能是负数")
    return value


def _open(args: argparse.Namespace) -> Store | None:
    from trainer.records import open_store

    return open_store(args.db, create=False, readonly=True)  # reading works on a read-only file


def _say_notes(store: Store) -> None:
    """Odd values in the records (read as missing) are noted on standard error, once each."""
    for note in dict.fromkeys(store.notes):
        print(f"trainer: 注意：{note}", file=sys.stderr)


def _missing(args: argparse.Namespace) -> str:
    from trainer.records import resolve_db_path

    return f"还没有通话记录（记录库 {resolve_db_path(args.db)} 不存在）。"


def _check_trainee(store: Store, name: str) -> None:
    known = store.trainees()
    if name not in known:
        hint = "已有学员：" + "、".join(known) if known else "记录库里还没有任何学员"
        raise UsageError(f"没有学员「{name}」的记录（{hint}）")


def _history(args: argparse.Namespace) -> int:
    from trainer.report import progress

    store = _open(args)
    if store is None:
        print(_missing(args))
        return EXIT_OK
    with store:
        if args.trainee is not None:
            _check_trainee(store, args.trainee)
        rows = store.history(trainee=args.trainee, limit=args.limit or None)
        for chunk in progress.history_chunks(rows, store.history_labels(args.trainee),
                                             db_path=str(store.path), limit=args.limit):
            sys.stdout.write(chunk)
        _say_notes(store)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from trainer.report import progress

    store = _open(args)
    if store is None:
        print(_missing(args), file=sys.stderr if args.output else sys.stdout)
        return EXIT_OK
    with store:
        if not store.trainees():
            print(f"还没有通话记录（记录库：{store.path}）。", file=sys.stderr if args.output else sys.stdout)
            return EXIT_OK
        names = store.trainees()
        if args.trainee is not None:
            _check_trainee(store, args.trainee)
        who = args.trainee if args.trainee is not None else (
            names[0] if not args.all and len(names) == 1 else None)
        cohort = who is None
        if args.format == "csv":
            data = progress.csv_data(store, who)
        else:
            data = progress.cohort_progress(store) if cohort else progress.trainee_progress(store, who)
        generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        page = PROGRESS.writer(args.format)(data, cohort=cohort, db_path=str(store.path), generated=generated)
        _say_notes(store)
    if args.output:
        out = Path(args.output)
        try:
            out.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {out}：{exc.strerror or exc}") from None
        print(f"报告已写入 {out}", file=sys.stderr)
    else:
        sys.stdout.write(page)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from trainer.records import resolve_db_path

    if not args.calls and not args.all and args.trainee is None:
        print("trainer export: 请指定要导出的通话编号，或用 --all / --trainee（编号见 trainer history）",
              file=sys.stderr)
        return EXIT_INPUT
    store = _open(args)
    if store is None:
        if args.calls:
            raise UsageError(f"记录库 {resolve_db_path(args.db)} 不存在，找不到通话：" + "、".join(args.calls))
        print(_missing(args), file=sys.stderr)
        return EXIT_OK
    with store:
        if args.calls:
            ids = [r.id for r in store.find_calls(args.calls)]
            transcripts = store.export(ids=ids, include_recitals=True)
            if args.trainee is not None:
                transcripts = (t for t in transcripts if t["meta"]["record"]["trainee"] == args.trainee)
            order = {cid: i for i, cid in enumerate(ids)}  # the order the calls were named in
            transcripts = iter(sorted(transcripts, key=lambda t: order[t["meta"]["record"]["id"]]))
        else:
            if args.trainee is not None:
                _check_trainee(store, args.trainee)
            transcripts = store.export(trainee=args.trainee)
        written = _write_lines(EXPORT.writer(args.format), transcripts)
        _say_notes(store)
    if not written:
        print("没有可导出的通话。", file=sys.stderr)
    return EXIT_OK


def _write_lines(write, transcripts) -> int:
    """Write one line per transcript in chunks; returns how many were written."""
    out, chunk, n = sys.stdout, [], 0
    for transcript in transcripts:
        chunk.append(write(transcript))
        n += 1
        if len(chunk) >= 256:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    out.flush()
    return n


def _replay(args: argparse.Namespace) -> int:
    from trainer.records import replay

    write = REPLAY.writer(args.format)
    store = _open(args)
    if store is None:
        sys.stdout.write(write(None, _missing(args)))
        return EXIT_OK
    with store:
        if args.trainee is not None:
            _check_trainee(store, args.trainee)
        results = replay(store, trainee=args.trainee, refs=args.calls)
        _say_notes(store)
    sys.stdout.write(write(results, ""))
    return EXIT_OK
