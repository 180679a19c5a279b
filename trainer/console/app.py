"""The practice console: a call at the prompt (``trainer practice``) and the recite prompt.

The only module that imports prompt_toolkit (layer 5), and it does so lazily:
importing this module costs nothing but the standard library, so the plain
fallback and ``trainer --help`` never pay for the terminal toolkit.

Shape
-----
* Pure *formatters* turn a case card, a turn, a compliance warning or a
  scorecard into lines of ``(style, text)`` fragments.
* A *screen* shows lines and asks for input.  :class:`PromptScreen` is the
  prompt_toolkit one (history, editing, multi-line paste, Tab completion of the
  script's recommended lines, a bottom toolbar); :class:`PlainScreen` reads
  lines from a stream and prints plain text (stdin or stdout not a terminal).
* :class:`CallLoop` runs one call on a screen: it sends the trainee's lines to
  :class:`trainer.sim.session.Call`, shows what comes back and handles the slash
  commands.  It never knows which screen it has.

Decisions (see docs/practice.md)
--------------------------------
* Exam mode: no completion and no ``/hint`` ``/script`` ``/why``; the seed is
  :data:`EXAM_SEED` unless ``--seed`` is given, so every trainee gets the same
  call (and ``trainer play SCENARIO --seed 0`` replays it).
* Ctrl-C, Ctrl-D (on an empty line) and ``/quit`` end the call as
  ``incomplete``; the scorecard is still shown and can be saved.  A line typed
  but not sent when Ctrl-C arrives is kept in the history.
* A pasted multi-line text is one turn: its lines are joined.
* The case card is on screen while the engine loads in a background thread.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from trainer.base.vocab import OUTCOMES, PERSONAS

Frag = tuple[str, str]
Lines = list[list[Frag]]

EXAM_SEED = 0
SPEAKERS = {"agent": "坐席", "debtor": "客户", "third_party": "第三方"}
MOOD_STATES = {"calm": "平静", "irritated": "烦躁", "demands_supervisor": "要求找领导",
               "threatens_complaint": "威胁投诉", "complaint_lodged": "已投诉"}
MOOD_LABELS = {"anger": "怒气", "trust": "信任", "willingness": "还款意愿", "patience": "耐心",
               "complaint_intent": "投诉意向"}
DIFFICULTY = {1: "入门", 2: "进阶", 3: "困难"}

# Style classes (prompt_toolkit style rules; colours are dropped with NO_COLOR).
STYLE_RULES = {
    "agent": "ansicyan", "agent.label": "ansicyan bold",
    "debtor": "ansiyellow", "debtor.label": "ansiyellow bold",
    "third_party": "ansimagenta", "third_party.label": "ansimagenta bold",
    "system": "ansibrightblack", "title": "bold", "label": "bold",
    "warn": "ansired bold", "offending": "ansired reverse underline",
    "ok": "ansigreen bold", "fail": "ansired bold", "hint": "ansigreen",
    "missing": "ansired underline", "extra": "ansiyellow strike", "wrong": "ansimagenta underline",
    "prompt": "bold", "bottom-toolbar": "reverse", "toolbar.key": "bold",
}

# name → (what it does, allowed in exam mode)
COMMANDS: dict[str, tuple[str, bool]] = {
    "/help": ("显示这份命令说明", True),
    "/hint": ("本阶段还没说到的要点，以及如何应对对方刚才的话", False),
    "/script": ("本阶段的推荐话术和讲解（为什么这样说）", False),
    "/mood": ("对方此刻的情绪", True),
    "/why": ("上一句话是怎样被理解的", False),
    "/restart": ("放弃本通电话（记为未完成），重新拨号", True),
    "/quit": ("结束通话（记为未完成）并查看成绩单", True),
}


# ---------------------------------------------------------------------------
# Text width (CJK characters take two columns)
# ---------------------------------------------------------------------------

def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with ``…`` when cut."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out += ch
        used += w
    return out + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def plain(line: Sequence[Frag], marks: bool = True) -> str:
    """A line of fragments as plain text; ``marks`` brackets what colour would have shown."""
    out = []
    for style, text in line:
        if marks and "offending" in style:
            text = f"【{text}】"
        out.append(text)
    return "".join(out)


def money(value: Any) -> str:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(amount)}元" if amount == int(amount) else f"{amount:.2f}元"


def colour_wanted(stream: TextIO | None = None) -> bool:
    """Colour unless ``NO_COLOR`` is set (https://no-color.org) or the stream is not a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


# ---------------------------------------------------------------------------
# Formatters: plain data → lines of fragments
# ---------------------------------------------------------------------------

ACCOUNT_LABELS = {
    "name": "客户", "card_tail": "卡号末四位", "balance": "欠款总额", "min_due": "最低还款额",
    "days_overdue": "逾期天数", "due_date": "到期还款日", "call_time": "通话时间",
}

PERSONA_HINTS = {
    "honest": "对方可能确有难处，先倾听原因再谈方案。",
    "slippery": "对方可能会找各种理由拖延，要把金额、日期、渠道落实清楚。",
    "malicious": "对方可能回避、不配合，注意分寸，逐步施压。",
    "fraud": "留意对方说法是否前后一致，先核实身份。",
    "family": "接电话的可能不是本人：不要透露任何欠款信息。",
    "colleague": "接电话的可能不是本人：不要透露任何欠款信息。",
    "minor": "接电话的可能是孩子：不透露欠款，不施压。",
    "wrong_number": "号码可能已经易主，先确认身份。",
    "deceased_family": "可能遇到家中变故，注意用语，先表示慰问。",
    "hospitalized": "对方可能身体抱恙，先关心，再商量。",
    "complaint_prone": "对方情绪容易激动，耐心解释，必要时道歉。",
    "identity_theft": "对方可能否认这笔欠款，按争议流程登记。",
}


def persona_hint(scenario: Any) -> str:
    """What the trainee is told about the other end: more at easy levels, nothing at hard ones."""
    level = int(getattr(scenario, "difficulty", 2) or 2)
    persona = getattr(scenario, "persona", "")
    if level <= 1:
        return f"对方类型：{PERSONAS.get(persona, persona)}。{PERSONA_HINTS.get(persona, '')}".strip()
    if level == 2:
        return PERSONA_HINTS.get(persona, "对方的情况要靠你在通话中了解。")
    return "对方的情况不明：先核实身份，边听边判断。"


def _account_rows(account: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in ACCOUNT_LABELS.items():
        if key not in account or account[key] in (None, ""):
            continue
        value = account[key]
        if key == "name":
            value = f"{value}{account.get('honorific', '')}"
        elif key in ("balance", "min_due"):
            value = money(value)
        elif key == "days_overdue":
            value = f"{value} 天"
        elif key == "call_time":
            value = str(value).replace("T", " ")[:16]
        rows.append((label, str(value)))
    for promise in account.get("previous_promises") or ():
        paid = promise.get("paid")
        rows.append(("上次承诺", f"{promise.get('date', '')} 还 {money(promise.get('amount', ''))}"
                     + (f"，实还 {money(paid)}" if paid is not None else "")))
    return rows


@dataclass(frozen=True)
class Card:
    """What the case card shows: read from a loaded scenario, or peeked from its file."""

    id: str
    title: str
    difficulty: int
    persona: str
    pass_mark: int
    success_outcomes: tuple[str, ...]
    summary: str
    account: Mapping[str, Any]
    path: str = ""
    bundled: bool = True

    @classmethod
    def of(cls, scenario: Any) -> Card:
        if isinstance(scenario, Card):
            return scenario
        account = scenario.case_screen() if hasattr(scenario, "case_screen") else dict(scenario.account)
        return cls(scenario.id, scenario.title, int(scenario.difficulty), scenario.persona,
                   int(scenario.pass_mark), tuple(scenario.success_outcomes), scenario.summary or "", account)


def _bundled_dir() -> Path:
    from trainer.content.bundled import bundled_dir

    return bundled_dir("scenarios")


def peek_card(ref: str | Path, bundled: bool | None = None) -> Card | None:
    """The case card straight from a scenario file, before it and its script are fully checked.

    Only ``yaml`` is imported; the full load (:func:`trainer.content.scenario.load_scenario`) runs in
    the background while the card is on screen.  None when the file cannot be peeked: the
    full load then reports why.
    """
    from trainer.base.errors import TrainerError
    from trainer.base.yamlio import load_document

    path = Path(ref)
    if path.suffix not in (".yaml", ".yml") and not path.exists():
        candidates = [_bundled_dir() / f"{ref}.yaml", Path("scenarios") / f"{ref}.yaml",
                      Path("scenarios") / f"{ref}.yml"]
        path = next((c for c in candidates if c.is_file()), path)
    if not path.is_file():
        return None
    if bundled is None:
        bundled = path.resolve().parent == _bundled_dir().resolve()
    try:
        d = load_document(path).data
        call_time = str((d.get("call") or {}).get("time", ""))
        account = dict(d["account"])
        account["call_time"] = call_time
        return Card(str(d["id"]), str(d["title"]), int(d["difficulty"]), str(d["persona"]),
                    int(d["pass_mark"]), tuple(str(o) for o in d["success"]), str(d.get("summary") or ""),
                    account, str(path), bundled)
    except (TrainerError, KeyError, TypeError, ValueError, AttributeError):
        return None


def case_card(scenario: Any, mode: str = "practice") -> Lines:
    """The case screen before dialling: account facts, what success means, a persona hint."""
    card = Card.of(scenario)
    level = card.difficulty
    stars = "★" * level + "☆" * max(0, 3 - level)
    lines: Lines = [[("class:title", f"案件卡 · {card.title}")],
                    [("class:system", f"场景 {card.id}　难度 {stars}（{DIFFICULTY.get(level, level)}）"
                      + ("　考试模式：无提示、无补全" if mode == "exam" else ""))]]
    rows = _account_rows(card.account)
    width = max((display_width(label) for label, _ in rows), default=4) + 2
    for label, value in rows:
        lines.append([("class:label", pad(label, width)), ("", value)])
    success = "、".join(f"「{OUTCOMES.get(o, o)}」" for o in card.success_outcomes)
    lines.append([("class:label", "成功标准　"),
                  ("", f"以{success}结束，总分不低于 {card.pass_mark}，且没有严重违规。")])
    lines.append([("class:label", "对方情况　"), ("", persona_hint(card))])
    if card.summary and level <= 1:
        lines.append([("class:system", card.summary)])
    return lines


def scenario_menu(scenarios: Sequence[Any]) -> Lines:
    lines: Lines = [[("class:title", "选择练习场景")]]
    id_width = max((display_width(s.id) for s in scenarios), default=10) + 2
    for i, s in enumerate(scenarios, 1):
        level = int(getattr(s, "difficulty", 2) or 2)
        source = "" if getattr(s, "bundled", True) else "（本地）"
        lines.append([("class:label", f"{i:>2}. "), ("", pad(s.id, id_width)),
                      ("class:warn" if level >= 3 else "", "★" * level + "☆" * max(0, 3 - level)),
                      ("", f"  {s.title}{source}")])
    return lines


def turn_line(turn: Mapping[str, Any]) -> list[Frag]:
    speaker = turn.get("speaker", "debtor")
    return [(f"class:{speaker}.label", f"{SPEAKERS.get(speaker, speaker)}："),
            (f"class:{speaker}", str(turn.get("text", "")))]


def _spans(findings: Iterable[Mapping[str, Any]], length: int) -> list[tuple[int, int]]:
    spans = sorted((max(0, int(f["start"])), min(length, int(f["end"])))
                   for f in findings if f.get("start") is not None and f.get("end") is not None)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def agent_line(text: str, findings: Sequence[Mapping[str, Any]]) -> Lines:
    """The agent's line, offending words marked, and under it one warning per rule."""
    line: list[Frag] = [("class:agent.label", "坐席：")]
    pos = 0
    for start, end in _spans(findings, len(text)):
        if start > pos:
            line.append(("class:agent", text[pos:start]))
        line.append(("class:offending", text[start:end]))
        pos = end
    if pos < len(text):
        line.append(("class:agent", text[pos:]))
    lines: Lines = [line]
    seen: set[str] = set()
    for f in findings:
        rule = str(f.get("rule", ""))
        if rule in seen:
            continue
        seen.add(rule)
        severity = {"critical": "严重", "major": "较重", "minor": "轻微"}.get(f.get("severity", ""), "")
        excerpt = f.get("excerpt")
        lines.append([("class:warn", f"  ⚠ 合规警告（{severity}）{rule}："),
                      ("class:warn", str(f.get("message", ""))),
                      ("class:system", f"「{excerpt}」" if excerpt else "")])
    if findings:
        lines.append([("class:system", "    这句话已经说出口，仍计入通话和成绩。")])
    return lines


def mood_summary(mood: Mapping[str, Any]) -> str:
    state = mood.get("state")
    return MOOD_STATES.get(str(state), str(state)) if state else "—"


def mood_lines(mood: Mapping[str, Any]) -> Lines:
    lines: Lines = [[("class:label", "对方情绪："), ("", mood_summary(mood))]]
    for key, label in MOOD_LABELS.items():
        if key in mood:
            lines.append([("", f"  {pad(label, 10)}{mood[key]}")])
    return lines


def help_lines(exam: bool) -> Lines:
    lines: Lines = [[("class:title", "命令")]]
    for name, (what, in_exam) in COMMANDS.items():
        note = "（考试模式不可用）" if exam and not in_exam else ""
        lines.append([("class:label", f"  {pad(name, 10)}"), ("", what + note)])
    keys = "Enter 说出这句话 · ↑↓ 历史 · Ctrl-C / Ctrl-D 结束通话（记为未完成）"
    if not exam:
        keys = "Tab 补全推荐话术 · " + keys
    lines.append([("class:system", "  " + keys)])
    return lines


def scorecard_lines(result: Mapping[str, Any], scenario: Any = None) -> Lines:
    """The scorecard: total and pass/fail, the parts, each deduction with its turn and the better line."""
    from trainer.report.scorecard import view

    v = view(result, scenario)
    lines: Lines = [[("class:title", "━━━━━━━━ 成绩单 ━━━━━━━━")]]
    verdict = ("class:ok", "✔ 通过") if v["passed"] else ("class:fail", f"✘ {v['gate']}")
    lines.append([("class:label", "结果："), ("", f"{v['outcome_label']}　"), verdict])
    lines.append([("class:label", "总分："), ("class:title", str(v["total"])),
                  ("", f" / 100（及格线 {v['pass_mark']}）")])
    name_width = max(display_width(p["name"]) for p in v["parts"]) + 2
    for p in v["parts"]:
        style = "class:fail" if p["value"] < 60 else ""
        lines.append([("", "  " + pad(p["name"], name_width)), (style, f"{p['value']:>3}"),
                      ("class:system", f"　权重 {p['weight']}%")])
    promise = v.get("promise")
    if promise:
        lines.append([("class:label", "还款承诺："),
                      ("", f"{promise['amount']}，{promise['date']}，{promise['channel']}；"
                           f"{'已复述' if promise['recapped'] else '未复述'}，"
                           f"{'客户已确认' if promise['confirmed'] else '客户未确认'}")])
    if v["deductions"]:
        lines.append([("class:label", "扣分明细：")])
        shown_line = None
        for d in v["deductions"]:
            where = f"第 {d['n']} 句" if d.get("n") else "整通电话"
            stage = f"（{d['stage_title']}）" if d.get("stage_title") else ""
            lines.append([("", f"  {where}{stage}　{d['part_label']} "), ("class:fail", str(d["points"])),
                          ("", f"：{d['reason']}")])
            if d.get("line") and d["line"] != shown_line:
                lines.append([("class:hint", f"      更好的说法：{d['line']}")])
            shown_line = d.get("line")
    else:
        lines.append([("class:ok", "没有扣分。")])
    return lines


# ---------------------------------------------------------------------------
# Screens
# ---------------------------------------------------------------------------

class PlainScreen:
    """Plain line reading and printing, for pipes, files and dumb terminals."""

    interactive = False

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 echo_prompts: bool | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        if echo_prompts is None:
            echo_prompts = bool(getattr(self.stdin, "isatty", lambda: False)())
        self.echo_prompts = echo_prompts
        self.shown: list[str] = []
        self.status: Callable[[], list[Frag]] = list

    def columns(self) -> int:
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

    def show(self, lines: Lines) -> None:
        for line in lines:
            text = plain(line)
            self.shown.append(text)
            self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str, *, choices: Sequence[str] = (), default: str = "") -> str:
        if self.echo_prompts:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return _characters(line.rstrip("\r\n")) or default

    def ask_line(self, prompt: str) -> str:
        return self.ask(prompt)

    def set_suggestions(self, source: Callable[[], list[str]] | None) -> None:
        """Plain input has no completion."""


def _join_pasted(text: str) -> str:
    """A pasted multi-line text as one line (CJK lines join without a space)."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


class PromptScreen:
    """The prompt_toolkit screen: real terminal, or pipe input in tests."""

    interactive = True

    def __init__(self, *, completion: bool = True, colour: bool | None = None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.shortcuts import print_formatted_text
        from prompt_toolkit.styles import Style

        self._ft = FormattedText
        self._print = print_formatted_text
        self.style = Style.from_dict(STYLE_RULES)
        self.colour = colour_wanted() if colour is None else colour
        self.shown: list[str] = []
        self.status: Callable[[], list[Frag]] = list
        self._suggest: Callable[[], list[str]] | None = None
        self.history = InMemoryHistory()

        bindings = KeyBindings()

        @bindings.add("tab")
        def _complete(event: Any) -> None:
            buf = event.current_buffer
            if buf.complete_state:
                buf.complete_next()
            elif self._suggest is not None:
                buf.start_completion(select_first=True)

        @bindings.add("s-tab")
        def _complete_back(event: Any) -> None:
            if event.current_buffer.complete_state:
                event.current_buffer.complete_previous()

        self.line_session: Any = PromptSession(
            history=self.history, completer=_LineCompleter(self) if completion else None,
            complete_while_typing=False, key_bindings=bindings, bottom_toolbar=self._toolbar,
            refresh_interval=1.0, style=self.style, erase_when_done=True,
            prompt_continuation=lambda width, line_number, soft_wrap: "" if soft_wrap else "." * (width - 1) + " ",
            reserve_space_for_menu=4)
        self.menu_session: Any = PromptSession(style=self.style)
        self.after_first_render: Callable[[], None] | None = None

    def columns(self) -> int:
        from prompt_toolkit.application.current import get_app_session

        try:
            return int(get_app_session().output.get_size().columns) or 80
        except Exception:  # noqa: BLE001 - an output that cannot tell its size
            return 80

    def _toolbar(self) -> Any:
        return self._ft(self.status())

    def set_suggestions(self, source: Callable[[], list[str]] | None) -> None:
        self._suggest = source

    def suggestions(self) -> list[str]:
        return self._suggest() if self._suggest is not None else []

    def show(self, lines: Lines) -> None:
        for line in lines:
            self.shown.append(plain(line))
            frags = list(line)
            if not self.colour:
                frags = [(style, f"【{text}】" if "offending" in style else text) for style, text in frags]
            self._print(self._ft(frags), style=self.style)

    def _hook(self, session: Any) -> Callable[[], None] | None:
        callback = self.after_first_render
        if callback is None:
            return None
        self.after_first_render = None
        app = session.app

        def once(_: Any) -> None:
            app.after_render -= once
            callback()

        app.after_render += once
        return None

    def ask(self, prompt: str, *, choices: Sequence[str] = (), default: str = "") -> str:
        from prompt_toolkit.completion import WordCompleter

        self._hook(self.menu_session)
        completer = WordCompleter(list(choices), sentence=True) if choices else None
        return _characters(str(self.menu_session.prompt([("class:prompt", prompt)], completer=completer,
                                                        default=default)))

    def ask_line(self, prompt: str) -> str:
        self._hook(self.line_session)
        try:
            text = self.line_session.prompt([("class:agent.label", prompt)])
        except KeyboardInterrupt:
            typed = self.line_session.default_buffer.text
            if typed.strip():
                self.history.append_string(typed)  # a line typed but not sent is not lost
            raise
        text = _characters(str(text))
        return _join_pasted(text) if "\n" in text else text


def _characters(text: str) -> str:
    """``text`` with the bytes that were no UTF-8 (kept by Python as lone surrogates) shown as
    U+FFFD: they cannot be stored, printed or scanned as they are."""
    return _NOT_CHARACTERS.sub("\ufffd", text) if _NOT_CHARACTERS.search(text) else text


_NOT_CHARACTERS = re.compile("[\ud800-\udfff]")


def _LineCompleter(screen: PromptScreen) -> Any:  # noqa: N802 - a class built on demand
    """Completes the current stage's recommended lines (prefix first, then containing)."""
    from prompt_toolkit.completion import Completer, Completion

    class LineCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            typed = document.text_before_cursor.strip()
            lines = screen.suggestions()
            first = [s for s in lines if s.startswith(typed)]
            then = [s for s in lines if typed and typed in s and s not in first]
            for n, text in enumerate(first + then):
                yield Completion(text, start_position=-len(document.text_before_cursor),
                                 display=truncate(text, max(20, screen.columns() - 8)),
                                 display_meta="推荐" if n == 0 else None)

    return LineCompleter()


# ---------------------------------------------------------------------------
# One call on a screen
# ---------------------------------------------------------------------------

class Loader:
    """Loads the scenario (when given by name) and the engine in a background thread
    while the trainee reads the case card."""

    def __init__(self, scenario_ref: str | None = None) -> None:
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._started = False
        self.scenario_ref = scenario_ref
        self.scenario: Any = None

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._run, name="trainer-loader", daemon=True).start()

    def _run(self) -> None:
        try:
            if self.scenario_ref is not None:
                from trainer.content.scenario import load_scenario

                self.scenario = load_scenario(self.scenario_ref)
            import trainer.report.scorecard  # noqa: F401
            import trainer.sim.session  # noqa: F401
            from trainer.compliance import load_pack

            load_pack()
        except BaseException as exc:  # noqa: BLE001 - re-raised in wait()
            self._error = exc
        finally:
            self._done.set()

    def wait(self) -> None:
        self.start()
        self._done.wait()
        if self._error is not None:
            raise self._error


class CallLoop:
    """Runs calls of one scenario on a screen until one ends and its scorecard is shown."""

    def __init__(self, screen: Any, scenario: Any, *, mode: str = "practice", seed: int | None = None,
                 observer_factory: Callable[[Any, str, int], Any] | None = None) -> None:
        if mode not in ("practice", "exam"):
            raise ValueError(mode)
        self.screen = screen
        self.scenario = scenario
        self.mode = mode
        self.exam = mode == "exam"
        self.fixed_seed = seed if seed is not None else (EXAM_SEED if self.exam else None)
        self.observer_factory = observer_factory
        self.call: Any = None
        self.started = time.monotonic()
        self.calls: list[Any] = []

    # -- set-up ----------------------------------------------------------------

    def _seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.SystemRandom().randrange(10**6)

    def dial(self) -> None:
        from trainer.sim.session import Call

        seed = self._seed()
        observer = self.observer_factory(self.scenario, self.mode, seed) if self.observer_factory else None
        self.call = Call.start(self.scenario, seed=seed, mode=self.mode, observer=observer)
        self.calls.append(self.call)
        self.started = time.monotonic()
        self.screen.set_suggestions(None if self.exam else self.call.suggestions)
        self.screen.status = self.status
        self.screen.show([[("class:system", f"—— 已拨通（随机种子 {seed}）。输入 /help 查看命令 ——")]])
        self.screen.show([turn_line(t) for t in self.call.opening])

    def status(self) -> list[Frag]:
        call = self.call
        if call is None:
            return []
        elapsed = int(time.monotonic() - self.started)
        stage = call.stage.title if not call.ended else OUTCOMES.get(call.outcome or "", "已结束")
        parts = [f"第 {call.turn_count} 轮", f"情绪 {mood_summary(call.mood)}", f"{elapsed // 60:02d}:{elapsed % 60:02d}"]
        if self.exam:
            parts.insert(0, "考试")
        tail = " │ ".join(parts)
        room = max(16, self.screen.columns() - display_width(tail) - 6)
        head = f"{self.scenario.title} │ {stage}"
        return [("class:bottom-toolbar", " " + truncate(head, room) + " │ " + tail + " ")]

    # -- the call ----------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        """Play until the call ends; return its result (the ``play --format json`` dict)."""
        self.dial()
        while True:
            try:
                text = self.screen.ask_line("坐席> ")
            except (EOFError, KeyboardInterrupt):
                self.screen.show([[("class:system", "—— 通话中断，记为「通话未完成」。已说的话都保留在记录里。——")]])
                return self.call.end("incomplete")
            text = text.strip()
            if not text:
                continue
            if text.startswith(("/", "／")):
                outcome = self.command(text)
                if outcome == "quit":
                    self.screen.show([[("class:system", "—— 已结束通话，记为「通话未完成」。——")]])
                    return self.call.end("incomplete")
                if outcome == "restart":
                    self.call.end("incomplete")
                    self.screen.show([[("class:system", "—— 已放弃本通电话，重新拨号 ——")]])
                    self.dial()
                continue
            try:
                result = self.call.say(text)
            except KeyboardInterrupt:   # Ctrl-C while the line was being judged: the turn is kept
                self.screen.show([[("class:system", "—— 通话中断，记为「通话未完成」。——")]])
                return self.call.end("incomplete")
            self.screen.show(agent_line(text, result.findings))
            self.screen.show([turn_line(t) for t in result.replies])
            if result.ended:
                label = OUTCOMES.get(result.outcome or "", result.outcome)
                self.screen.show([[("class:system", f"—— 通话结束：{label} ——")]])
                return self.call.result()

    def command(self, text: str) -> str | None:
        name = "/" + text[1:].split()[0].lower() if text[1:].split() else "/"
        if name not in COMMANDS:
            self.screen.show([[("class:warn", f"没有命令 {name}。"), ("", "输入 /help 查看全部命令。")]])
            return None
        if self.exam and not COMMANDS[name][1]:
            self.screen.show([[("class:warn", f"考试模式不提供 {name}。")]])
            return None
        call = self.call
        if name == "/help":
            self.screen.show(help_lines(self.exam))
        elif name == "/hint":
            missing = call.missing_key_points()
            lines: Lines = [[("class:title", f"提示 · {call.stage.title}")]]
            if missing:
                for title, hint in missing:
                    lines.append([("class:hint", f"  ○ {title}"), ("class:system", f"：{hint}" if hint else "")])
            else:
                lines.append([("class:hint", "  本阶段的要点都已说到。")])
            advice = call.advice() if hasattr(call, "advice") else None
            if advice:
                lines.append([("class:label", "  应对："), ("", advice)])
            lines.append([("class:system", "  按 Tab 可补全推荐话术。")])
            self.screen.show(lines)
        elif name == "/script":
            stage = call.stage
            lines = [[("class:title", f"推荐话术 · {stage.title}")]]
            if stage.why:
                lines.append([("class:label", "  为什么："), ("", stage.why)])
            for n, line in enumerate(call.suggestions(), 1):
                lines.append([("class:hint", f"  {n}. {line}")])
            self.screen.show(lines)
        elif name == "/mood":
            self.screen.show(mood_lines(call.mood))
        elif name == "/why":
            self.screen.show([[("", row)] for row in call.explain_last().splitlines()])
        elif name in ("/restart", "/quit"):
            return name[1:]
        return None


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

def make_screen(interactive: bool, *, exam: bool = False, stdin: TextIO | None = None,
                stdout: TextIO | None = None) -> Any:
    if interactive:
        return PromptScreen(completion=not exam)
    return PlainScreen(stdin, stdout)


def pick_scenario(screen: Any, scenarios: Sequence[Any]) -> Any | None:
    """The picker: a numbered list; answer with the number or the id.  None on Ctrl-C/Ctrl-D."""
    if not scenarios:
        screen.show([[("class:warn", "没有可用的场景。")]])
        return None
    screen.show(scenario_menu(scenarios))
    ids = [s.id for s in scenarios]
    while True:
        try:
            answer = screen.ask("场景编号或 id（Ctrl-D 退出）：", choices=ids).strip()
        except (EOFError, KeyboardInterrupt):
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(scenarios):
            return scenarios[int(answer) - 1]
        if answer in ids:
            return scenarios[ids.index(answer)]
        if answer:
            screen.show([[("class:warn", f"没有场景「{answer}」，"), ("", f"请输入 1–{len(scenarios)} 或场景 id。")]])


def available_cards(screen: Any) -> list[Card]:
    """Cards of the bundled then the local (``./scenarios``) scenarios, peeked from their files.

    A file that cannot even be read is skipped with a note; other problems show when the
    chosen scenario is loaded.
    """
    paths = [(p, True) for p in sorted(_bundled_dir().glob("*.y*ml"))]
    local = Path("scenarios")
    if local.is_dir() and local.resolve() != _bundled_dir().resolve():
        paths += [(p, False) for p in sorted(local.iterdir()) if p.suffix in (".yaml", ".yml")]
    cards, broken = [], 0
    for path, bundled in paths:
        card = peek_card(path, bundled)
        if card is None:
            broken += 1
        else:
            cards.append(card)
    if broken:
        screen.show([[("class:warn", f"有 {broken} 个场景文件读不出来，已跳过"),
                      ("class:system", "（trainer validate 可查看详情）")]])
    return cards


def save_files(result: Mapping[str, Any], scenario: Any, *, transcript: str | None,
               scorecard: str | None) -> list[tuple[str, str]]:
    """Write the transcript JSON and/or the scorecard HTML; returns ``(kind, path)`` written.

    Raises :class:`trainer.base.errors.UsageError` when a file cannot be written.
    """
    from trainer.base.errors import UsageError

    written = []
    for kind, path in (("transcript", transcript), ("scorecard", scorecard)):
        if not path:
            continue
        if kind == "transcript":
            data = json.dumps(result["transcript"], ensure_ascii=False, indent=2) + "\n"
        else:
            from trainer.report.scorecard import render_html

            data = render_html(result, scenario)
        try:
            Path(path).expanduser().write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None
        written.append((kind, str(path)))
    return written


def offer_save(screen: Any, result: Mapping[str, Any], scenario: Any) -> None:
    """Ask whether to save the transcript and the scorecard (interactive screens only)."""
    from trainer.base.errors import UsageError

    stem = f"practice-{scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        answer = screen.ask("保存通话记录（JSON）和成绩单（HTML）？[y/N] ").strip().lower()
        if answer not in ("y", "yes", "是", "好"):
            return
        transcript = screen.ask("通话记录保存到（留空不保存）：", default=f"{stem}.json").strip()
        scorecard = screen.ask("成绩单保存到（留空不保存）：", default=f"{stem}.html").strip()
    except (EOFError, KeyboardInterrupt):
        return
    try:
        written = save_files(result, scenario, transcript=transcript or None, scorecard=scorecard or None)
    except UsageError as exc:
        screen.show([[("class:warn", str(exc))]])
        return
    for kind, path in written:
        screen.show([[("class:ok", f"已保存{'通话记录' if kind == 'transcript' else '成绩单'}："), ("", path)]])


def practice(scenario: Any | str | None, *, mode: str = "practice", seed: int | None = None,
             interactive: bool = True, scenarios: Callable[[], Sequence[Any]] | None = None,
             observer_factory: Callable[[Any, str, int], Any] | None = None,
             save_transcript: str | None = None, save_scorecard: str | None = None,
             screen: Any = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
             dial_prompt: bool | None = None) -> dict[str, Any] | None:
    """A whole practice session: (picker,) case card, the call, the scorecard, saving.

    ``scenario``: a loaded scenario, a scenario id or file (on an interactive screen its card
    shows before the file is fully loaded), or None for the picker.  Returns the call's
    result, or None when the trainee left before dialling.
    """
    exam = mode == "exam"
    screen = screen or make_screen(interactive, exam=exam, stdin=stdin, stdout=stdout)
    if dial_prompt is None:
        dial_prompt = bool(screen.interactive)
    card = None
    if scenario is None:
        picked = pick_scenario(screen, scenarios() if scenarios is not None else available_cards(screen))
        if picked is None:
            return None
        card, scenario = (picked, picked.path) if isinstance(picked, Card) else (None, picked)
    if isinstance(scenario, str) and card is None:
        # a name: show the card from the file at once, load it fully behind the dial prompt
        card = peek_card(scenario) if dial_prompt else None
        if card is None:
            from trainer.content.scenario import load_scenario

            scenario = load_scenario(scenario)
    loader = Loader(scenario if isinstance(scenario, str) else None)
    screen.show(case_card(card or scenario, mode))
    if dial_prompt:
        screen.after_first_render = loader.start
        try:
            screen.ask("按回车拨号（Ctrl-D 退出）")
        except (EOFError, KeyboardInterrupt):
            return None
    else:
        loader.start()
    loader.wait()
    if loader.scenario is not None:
        scenario = loader.scenario
    loop = CallLoop(screen, scenario, mode=mode, seed=seed, observer_factory=observer_factory)
    result = loop.run()
    screen.status = list
    screen.show(scorecard_lines(result, scenario))
    if save_transcript or save_scorecard:
        for kind, path in save_files(result, scenario, transcript=save_transcript, scorecard=save_scorecard):
            screen.show([[("class:ok", f"已保存{'通话记录' if kind == 'transcript' else '成绩单'}："), ("", path)]])
    elif screen.interactive:
        offer_save(screen, result, scenario)
    return result


# ---------------------------------------------------------------------------
# Recite
# ---------------------------------------------------------------------------

def recital_card(recital: Any, show_target: bool) -> Lines:
    lines: Lines = [[("class:title", f"背诵 · {recital.line_id}（脚本 {recital.script_id}）")]]
    for label, value in _account_rows(recital.account):
        lines.append([("class:label", pad(label, 12)), ("", value)])
    facts = recital.facts
    lines.append([("class:label", pad("银行", 12)), ("", str(facts.get("bank", "")))])
    lines.append([("class:label", pad("你的姓", 12)), ("", str(facts.get("agent_surname", "")))])
    need = "、".join(e.label for e in recital.elements)
    if need:
        lines.append([("class:label", "必须包含　"), ("", need)])
    if show_target:
        lines.append([("class:label", "原文　　　"), ("", recital.target)])
    lines.append([("class:system", "凭记忆输入整句话，回车提交（可粘贴多行）。")])
    return lines


def recital_lines(result: Any) -> Lines:
    """The diff (missing, extra, wrong characters marked), accuracy and required elements."""
    from trainer.sim.recite import EQUAL, EXTRA, MISSING, PASS_ACCURACY, PUNCT, WRONG

    diff: list[Frag] = [("class:label", "对照：")]
    for kind, expected, got in result.runs():
        if kind in (EQUAL, PUNCT):
            diff.append(("", expected))
        elif kind == MISSING:
            diff.append(("class:missing", f"[-{expected}-]"))
        elif kind == EXTRA:
            diff.append(("class:extra", f"{{+{got}+}}"))
        elif kind == WRONG:
            diff.append(("class:wrong", f"<{expected}/{got}>"))
    lines: Lines = [diff, [("class:system", "      图例：[-漏说-]　{+多说+}　<应为/说成>")]]
    counts = f"漏 {result.count(MISSING)} 字，多 {result.count(EXTRA)} 字，错 {result.count(WRONG)} 字"
    lines.append([("class:label", "准确率："), ("class:title", f"{result.percent}%"),
                  ("", f"（{counts}；及格 {int(PASS_ACCURACY * 100)}%）")])
    for element, present in result.elements:
        mark = ("class:ok", "  ✔ ") if present else ("class:fail", "  ✘ ")
        lines.append([mark, ("", f"{element.label}「{element.text}」" + ("" if present else "：缺少或说错"))])
    if result.passed:
        lines.append([("class:ok", "✔ 通过")])
    else:
        why = []
        if result.accuracy < PASS_ACCURACY - 1e-9:
            why.append(f"准确率不到 {int(PASS_ACCURACY * 100)}%")
        if result.missing_elements:
            why.append("缺少必备要素：" + "、".join(e.label for e in result.missing_elements))
        lines.append([("class:fail", "✘ 未通过：" + "；".join(why))])
    return lines


def ask_recital(screen: Any) -> str | None:
    """Read one attempt at the prompt (None on Ctrl-C/Ctrl-D)."""
    try:
        return screen.ask_line("背诵> ") if screen.interactive else screen.ask("背诵> ")
    except (EOFError, KeyboardInterrupt):
        return None
