"""``trainer review``: confirm or dismiss stored audit findings, record appeals, show the trail.

Also the hook that adds review fields to ``trainer audit`` output (:class:`ReviewFields`): the
stable ``id`` on every JSON finding, and with ``--store`` the review ``status`` (JSON field, CSV
columns, a note after each text finding).  It decorates whatever writer ``report/audit.py``
provides, so masking and formatting stay the writer's.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

from trainer.base.errors import UsageError
from trainer.cli import EXIT_INPUT, EXIT_OK, command

if TYPE_CHECKING:
    from trainer.records.review import ReviewDesk

DB_HELP = "记录库文件（默认：环境变量 TRAINER_DB，或用户数据目录下的 trainer/records.db）"
EXAMPLE = ("trainer audit calls/*.jsonl --db 质检.db && trainer review --db 质检.db --reviewer 王芳\n"
           "  echo 'dismiss e74f 客户原话引用，非坐席自称' | trainer review --db 质检.db\n"
           "  trainer review --db 质检.db --history e74f6cc55682")


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "review",
                "复核质检结果：逐条确认、驳回、登记坐席申诉，每个决定立即保存并留下不可改动的复核记录",
                EXAMPLE, review)
    p.description = (
        "复核 trainer audit --store 保存的质检结果。终端里一次显示一条（前后各两句，违规片段标出），按键："
        "y 确认，n 驳回（须写理由），a 登记坐席申诉（须写理由），s 跳过，q 退出。\n"
        "不在终端时从标准输入逐行读命令：confirm 编号 [理由]、dismiss 编号 理由、appeal 编号 理由、"
        "reopen 编号 理由、list、show 编号、history 编号、help。写错的行报告行号并跳过，退出码 2。")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--pending", action="store_true", help="只看待复核（含申诉中）的结果（默认）")
    which.add_argument("--all", action="store_true", help="看全部结果，包括已确认、已驳回的")
    which.add_argument("--history", metavar="ID", help="打印一条结果的全部复核记录后退出")
    p.add_argument("--call", metavar="ID", help="只看这通电话（转写 id）的结果")
    p.add_argument("--reviewer", metavar="姓名", help="复核人（默认：登录名）")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)


def default_reviewer() -> str:
    try:
        return getpass.getuser() or "复核员"
    except Exception:  # no login name (containers, odd platforms)
        return "复核员"


def review(args: argparse.Namespace) -> int:
    from trainer.records import ReviewDesk, ReviewError, open_store

    reviewer = (args.reviewer or "").strip() or default_reviewer()
    with open_store(args.db) as store:
        desk = ReviewDesk(store)
        if args.call is not None and args.call not in desk.calls():
            known = desk.calls()
            hint = "、".join(known[:10]) + ("……" if len(known) > 10 else "") if known else "还没有保存过质检结果"
            raise UsageError(f"记录库里没有通话「{args.call}」的质检结果（已有：{hint}）")
        if args.history is not None:
            from trainer.console.review import history_lines

            try:
                lines = history_lines(desk, args.history)
            except ReviewError as exc:
                print(f"trainer review: {exc.code} {exc.message}"
                      + (f"（提示：{exc.hint}）" if exc.hint else ""), file=sys.stderr)
                return EXIT_INPUT
            print("\n".join(lines))
            return EXIT_OK
        if sys.stdin.isatty() and sys.stdout.isatty():
            return _at_terminal(desk, args, reviewer)
        return _plain(desk, args, reviewer)


def _queue(desk: ReviewDesk, args: argparse.Namespace) -> list[Any]:
    return desk.findings(pending_only=not args.all, call=args.call, include_inactive=args.all)


def _at_terminal(desk: ReviewDesk, args: argparse.Namespace, reviewer: str) -> int:
    from trainer.console.prompt import PromptScreen
    from trainer.console.review import review_keys

    review_keys(desk, PromptScreen(completion=False), _queue(desk, args), reviewer=reviewer)
    return EXIT_OK


def _plain(desk: ReviewDesk, args: argparse.Namespace, reviewer: str) -> int:
    from trainer.console.review import run_commands

    def show(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def report(problem: Any) -> None:
        sys.stdout.flush()
        print(problem, file=sys.stderr, flush=True)

    run = run_commands(desk, sys.stdin, reviewer=reviewer, source="<stdin>", show=show, report=report,
                       queue=lambda: _queue(desk, args))
    if run.problems:
        print(f"trainer review: {len(run.problems)} 行命令未执行（见上）；其余 {run.decided} 个决定已保存。",
              file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


# --------------------------------------------------------------------------- the audit hook


class ReviewFields:
    """Wraps an ``AUDIT`` writer: adds the stable ``id`` to JSON findings and, when ``statuses``
    is given (``audit --store``), the review ``status`` to JSON, CSV and text.  HTML is left as the
    writer makes it."""

    def __init__(self, inner: Any, fmt: str, statuses: dict[str, str] | None) -> None:
        self.inner, self.fmt, self.statuses = inner, fmt, statuses
        self.counts: Counter[str] = Counter()
        # the usual JSON case, found once: the writer ends each item with its id itself
        self._with_ids = getattr(inner, "add_with_ids", None) if fmt == "json" and statuses is None else None

    def start(self) -> str:
        head = self.inner.start()
        if self.fmt == "csv" and self.statuses is not None:
            head = head.rstrip("\r\n") + "," + _csv_row(["编号", "复核状态"])
        return head

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        if self._with_ids is not None:
            return self._with_ids(transcript, findings)
        statuses = self.statuses
        if statuses is None:  # no review statuses: only JSON shows the ids
            if self.fmt != "json":
                return self.inner.add(transcript, findings)
            with_ids = getattr(self.inner, "add_with_ids", None)
            if with_ids is not None:  # the usual case: the writer ends each item with its id itself
                return with_ids(transcript, findings)
        from trainer.compliance.finding import finding_id

        ids = [finding_id(f) for f in findings]
        status = [statuses.get(i, "pending") for i in ids] if statuses is not None else [None] * len(ids)
        if statuses is not None:
            self.counts.update(status)
        if self.fmt == "json":
            each = getattr(self.inner, "add_each", None)
            if each is not None:  # the writer's items, each ending with its id (one call per transcript)
                return each(transcript, findings, [{"id": fid} if st is None else {"id": fid, "status": st}
                                                   for fid, st in zip(ids, status, strict=True)])
            add = self.inner.add
            return "".join([_json_splice(add(transcript, [f]), fid, st)
                            for f, fid, st in zip(findings, ids, status, strict=True)])
        if self.fmt == "csv":
            return "".join(self.inner.add(transcript, [f]).rstrip("\r\n") + "," + _csv_row([fid, st])
                           for f, fid, st in zip(findings, ids, status, strict=True))
        if self.fmt == "text":
            from trainer.records.review import status_text

            noted = [{**f, "message": f"{f['message']}〔{status_text(st or 'pending')} · {fid}〕"}
                     for f, fid, st in zip(findings, ids, status, strict=True)]
            return self.inner.add(transcript, noted)
        return self.inner.add(transcript, findings)

    def joined(self, piece: str) -> str:
        """What :meth:`add` rendered in a worker process (no review statuses there), as this
        writer's output."""
        return self.inner.joined(piece)

    def end(self, summary: Any, problems: list[str]) -> Any:
        page = self.inner.end(summary, problems)
        if self.statuses is None:  # (the records modules are imported only for audit --store)
            return page
        from trainer.records.review import STATUSES, status_text
        from trainer.report.writers import Page

        note = "复核状态：" + "，".join(f"{status_text(s)} {self.counts[s]}" for s in STATUSES) + "\n"
        if self.fmt == "text":
            return Page(page.out + note, page.err)
        return Page(page.out, page.err + note)


def _json_splice(chunk: str, fid: str, status: str | None) -> str:
    """``chunk`` is one streamed JSON object (with its separator); add the fields at its end."""
    body = chunk.rstrip()
    if not body.endswith("}"):
        return chunk
    if status is None and fid.isalnum() and fid.isascii():  # the usual case: what json.dumps writes
        added = f'"id": "{fid}"'
    else:
        extra = {"id": fid} if status is None else {"id": fid, "status": status}
        added = json.dumps(extra, ensure_ascii=False)[1:-1]
    return body[:-1] + ", " + added + "}" + chunk[len(body):]


def _csv_row(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(["" if v is None else v for v in values])
    return buffer.getvalue()


def open_desk(args: argparse.Namespace) -> Any:
    """``audit --store`` / ``--db``: the store to save into, or None."""
    if not (getattr(args, "store", False) or getattr(args, "db", None)):
        return None
    from trainer.records import ReviewDesk, open_store

    return ReviewDesk(open_store(args.db))
