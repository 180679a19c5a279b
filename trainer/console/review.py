"""The review screen (``trainer review``): one stored finding at a time, in its call, decided by key.

Two ways in, both over a :class:`~trainer.records.review.ReviewDesk`:

* :func:`review_keys` — at a terminal: the finding with the turns around it (the offending span
  marked), then one key: ``y`` 确认, ``n`` 驳回 (asks for a reason), ``a`` 申诉 (asks for the
  agent's reason), ``s`` 跳过, ``q`` 退出.  Uses :class:`~trainer.console.prompt.PromptScreen`.
* :func:`run_commands` — plain mode (pipes, scripts, tests): one command per line,
  ``confirm ID [理由]``, ``dismiss ID 理由``, ``appeal ID 理由``, ``reopen ID 理由``, ``list``,
  ``show ID``, ``history ID``, ``help``; ``#`` starts a comment.  A bad line is reported as
  ``<stdin>:LINE:COL: CODE message`` and the next lines still run.

Every decision is committed before the next key or line is read, so a killed process keeps all of
them but the one in flight.  Everything shown from a transcript passes through
:func:`trainer.zh.display.visible`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from trainer.base.errors import Location, Problem
from trainer.base.vocab import CATEGORY_LABELS, SEVERITY_LABELS, SPEAKER_LABELS
from trainer.console.text import Frag, Lines
from trainer.records.review import (
    ReviewDesk,
    ReviewError,
    StoredFinding,
    action_text,
    status_text,
)
from trainer.zh.display import visible

CONTEXT = 2  # turns shown before and after the finding's turn
KEYS = {"y": "confirm", "n": "dismiss", "a": "appeal"}
KEY_PROMPT = "y 确认  n 驳回  a 申诉  s 跳过  q 退出 › "
HELP = [
    "命令（每行一条）：",
    "  list                 列出待复核的结果（--all 时列出全部）",
    "  show 编号             显示一条结果及其上下文",
    "  confirm 编号 [理由]    确认违规",
    "  dismiss 编号 理由      驳回（误报），必须写理由",
    "  appeal 编号 理由       登记坐席申诉，必须写理由",
    "  reopen 编号 理由       撤回已有结论，重新待审",
    "  history 编号          这条结果的复核记录",
    "编号可以只写前几位（至少 4 位，且不重复）。",
]


# --------------------------------------------------------------------------- what is shown


def _one(text: Any) -> str:
    return visible("" if text is None else str(text), one_line=True)


def finding_head(f: StoredFinding) -> str:
    where = "整通电话" if f.turn is None else f"第 {f.turn + 1} 句"
    return (f"{f.id}  {status_text(f.status)}  {_one(f.call)}  {where}  {f.rule}  "
            f"{SEVERITY_LABELS.get(f.severity, f.severity)}  {CATEGORY_LABELS.get(f.category, f.category)}")


def list_line(f: StoredFinding) -> str:
    excerpt = f"「{_one(f.excerpt)}」" if f.excerpt else ""
    gone = "（最近一次质检已不再命中）" if not f.active else ""
    return f"{finding_head(f)}  {excerpt}{gone}"


def finding_card(f: StoredFinding, transcript: dict[str, Any], position: str = "") -> Lines:
    """The finding, its status and the turns around it, the offending span marked."""
    lines: Lines = [[("class:title", f"{position}{finding_head(f)}")],
                    [("class:warn", f"  {_one(f.message)}")]]
    if f.status != "pending" and f.reviewer:
        why = f"：{_one(f.reason)}" if f.reason else ""
        lines.append([("class:system", f"  {status_text(f.status)}（{_one(f.reviewer)}，{f.decided_at}）{why}")])
    if not f.active:
        lines.append([("class:system", "  最近一次质检已不再命中这一条。")])
    turns = [t for t in transcript.get("turns") or [] if isinstance(t, dict)]
    if f.turn is None:
        meta = transcript.get("meta") or {}
        lines.append([("class:system", f"  通话开始时间：{_one(meta.get('started_at') or '未知')}")])
        shown = range(0, min(len(turns), 2 * CONTEXT + 1))
    else:
        shown = range(max(0, f.turn - CONTEXT), min(len(turns), f.turn + CONTEXT + 1))
    for i in shown:
        lines.append(_turn_line(i, turns[i], f if i == f.turn else None))
    return lines


def _turn_line(index: int, turn: dict[str, Any], f: StoredFinding | None) -> list[Frag]:
    speaker = turn.get("speaker")
    style = f"class:{speaker}" if speaker in ("agent", "debtor", "third_party") else ""
    mark = "▶" if f is not None else " "
    line: list[Frag] = [(style + ".label" if style else "",
                         f"{mark} {index + 1:>3} {SPEAKER_LABELS.get(speaker, _one(speaker))}：")]
    text = str(turn.get("text", ""))
    if f is not None and f.start is not None and f.end is not None and 0 <= f.start <= f.end <= len(text):
        line += [(style, visible(text[:f.start])), ("class:offending", visible(text[f.start:f.end])),
                 (style, visible(text[f.end:]))]
    else:
        line.append((style, visible(text)))
    return line


def history_lines(desk: ReviewDesk, ref: str) -> list[str]:
    f = desk.finding(ref)
    out = [finding_head(f)]
    events = desk.history(f.id)
    if not events:
        out.append("  还没有复核记录（待复核）。")
    for e in events:
        why = f"：{_one(e.reason)}" if e.reason else ""
        out.append(f"  {e.at}  {_one(e.reviewer)}  {action_text(e.action)}{why}")
    return out


# --------------------------------------------------------------------------- plain mode


@dataclass
class CommandRun:
    """What a plain-mode run did: decisions made and the located problems of bad lines."""

    decided: int = 0
    problems: list[Problem] = field(default_factory=list)


def run_commands(desk: ReviewDesk, lines: Iterable[str], *, reviewer: str, source: str,
                 show: Callable[[str], None], report: Callable[[Problem], None],
                 queue: Callable[[], list[StoredFinding]]) -> CommandRun:
    """Carry out each command line; a bad one is reported (with its line number) and skipped."""
    run = CommandRun()
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r\n")
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            run.decided += _command(desk, stripped, reviewer, show, queue)
        except ReviewError as exc:
            problem = Problem(Location(source, number, _column(text, exc.code)), exc.code, exc.message,
                              exc.hint)
            run.problems.append(problem)
            report(problem)
    return run


def _column(text: str, code: str) -> int:
    """1-based column of what ``code`` is about: the command word, the id, or the reason."""
    word = {"RV001": 0, "RV004": 2, "RV007": 1}.get(code, 1)
    pos, parts = 0, []
    for part in text.split():
        pos = text.index(part, pos)
        parts.append(pos)
        pos += len(part)
    if word < len(parts):
        return parts[word] + 1
    return len(text.rstrip()) + 2  # the missing word would come after the line


def _command(desk: ReviewDesk, line: str, reviewer: str, show: Callable[[str], None],
             queue: Callable[[], list[StoredFinding]]) -> int:
    verb, _, rest = line.partition(" ")
    verb = verb.lower()
    ref, _, reason = rest.strip().partition(" ")
    if verb == "list":
        found = queue()
        for f in found:
            show(list_line(f))
        show(f"共 {len(found)} 条。")
        return 0
    if verb == "help":
        for h in HELP:
            show(h)
        return 0
    if verb not in ("confirm", "dismiss", "appeal", "reopen", "show", "history"):
        raise ReviewError("RV001", f"未知的命令 {_one(verb)}",
                          "可用：list、show、confirm、dismiss、appeal、reopen、history、help")
    if not ref:
        raise ReviewError("RV007", f"{verb} 后面缺少结果编号", f"写成：{verb} 编号" +
                          (" 理由" if verb in ("dismiss", "appeal", "reopen") else ""))
    if verb == "show":
        f = desk.finding(ref)
        for frags in finding_card(f, desk.transcript(f.call)):
            show("".join(f"【{t}】" if "offending" in s else t for s, t in frags))
        return 0
    if verb == "history":
        for h in history_lines(desk, ref):
            show(h)
        return 0
    f = desk.decide(ref, verb, reason, reviewer)
    where = "整通电话" if f.turn is None else f"第 {f.turn + 1} 句"
    show(f"{action_text(verb)}：{f.id}（{_one(f.call)} {where} {f.rule}）→ {status_text(f.status)}")
    return 1


# --------------------------------------------------------------------------- at the terminal


def review_keys(desk: ReviewDesk, screen: Any, findings: list[StoredFinding], *, reviewer: str) -> int:
    """Go through ``findings`` one by one at the terminal; returns how many were decided."""
    decided = 0
    if not findings:
        screen.show([[("class:ok", "没有待复核的结果。")]])
        return 0
    screen.show([[("class:system", f"共 {len(findings)} 条，复核人：{_one(reviewer)}。"
                                   "每个决定立即保存；q 或 Ctrl-D 退出。")]])
    for n, item in enumerate(findings, start=1):
        try:
            outcome = _one_finding(desk, screen, item.id, f"[{n}/{len(findings)}] ", reviewer)
        except (KeyboardInterrupt, EOFError):
            break
        if outcome == "quit":
            break
        decided += outcome == "decided"
    screen.show([[("class:system", f"本次复核 {decided} 条，已全部保存。")]])
    return decided


def _one_finding(desk: ReviewDesk, screen: Any, fid: str, position: str, reviewer: str) -> str:
    f = desk.finding(fid)
    screen.show([[("", "")]] + finding_card(f, desk.transcript(f.call), position))
    while True:
        key = screen.key(KEY_PROMPT, ["y", "n", "a", "s", "q"])
        if key == "q":
            return "quit"
        if key == "s":
            return "skipped"
        action = KEYS[key]
        reason = ""
        if action in ("dismiss", "appeal"):
            reason = screen.ask(f"{action_text(action)}理由（直接回车取消）：").strip()
            if not reason:
                screen.show([[("class:system", "已取消，请重新选择。")]])
                continue
        try:
            done = desk.decide(fid, action, reason, reviewer)
        except ReviewError as exc:
            screen.show([[("class:warn", f"{exc.code} {exc.message}")]])
            return "skipped"
        screen.show([[("class:ok", f"{action_text(action)}：{done.id} → {status_text(done.status)}（已保存）")]])
        return "decided"
